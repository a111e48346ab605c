//! Security: the verdict over the plan's two targets (the score, with its formula, and no open
//! critical or high vulnerability), vulnerabilities by severity with their trend, Security Hub
//! findings (when the source has them), certificates by days left, open security alerts.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Sparkline};

use super::{TabInput, alert_lines, data_table, findings};
use crate::app::TableView;
use crate::app::table::{CertificateColumn, order};
use crate::domain::checkpoint::criterion::trim_number;
use crate::domain::figure;
use crate::domain::{Health, SecurityView, Topic, VulnerabilityCounts};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::layout::{split_left, split_top};
use crate::ui::theme::Role;
use crate::ui::widgets::bar_sets::bars;

type Severity = (&'static str, fn(&VulnerabilityCounts) -> u32, Health);

const SEVERITIES: [Severity; 4] = [
    ("critical", |c| c.critical, Health::Critical),
    ("high", |c| c.high, Health::Critical),
    ("medium", |c| c.medium, Health::Warning),
    ("low", |c| c.low, Health::Ok),
];

pub fn render(
    frame: &mut Frame,
    area: Rect,
    security: &SecurityView,
    input: &TabInput,
    view: &mut TableView,
    context: &RenderContext,
) {
    let (verdict_area, rest) = split_top(area, 3);
    frame.render_widget(
        Paragraph::new(verdict_lines(security, context)),
        verdict_area,
    );
    let (summary_area, rest) = split_top(rest, 6);
    let (counts_area, trend_area) = split_left(summary_area, 40);
    frame.render_widget(Paragraph::new(count_lines(security, context)), counts_area);
    render_trends(frame, trend_area, security, context);
    let rest = match &security.findings {
        Some(list) => {
            let (findings_area, rest) = split_top(rest, findings::height(list));
            findings::render(frame, findings_area, list, context);
            rest
        }
        None => rest,
    };

    let (certs_area, alerts_area) = split_left(rest, 50);
    let now = input.snapshot.taken_at;
    let order = order::<CertificateColumn>(&security.certificates, view);
    let title = format!(
        "Certificates{}",
        format::cut_note(
            security.certificates.len(),
            security.certificates_omitted,
            "certificates",
            "soonest to expire kept"
        )
    );
    data_table(&title, input, context).render(
        frame,
        certs_area,
        view,
        &security.certificates,
        &order,
        |column, cert| match column {
            CertificateColumn::Name => Line::from(cert.name.as_str()),
            CertificateColumn::Expires => {
                Line::from(cert.not_after.format("%Y-%m-%d %H:%M").to_string())
            }
            CertificateColumn::DaysLeft => {
                context.judged(format!("{}d", cert.days_left(now)), cert.health(now))
            }
        },
    );
    let alerts = alert_lines(input.snapshot, Topic::Security, context);
    let alerts = if alerts.is_empty() {
        vec![Line::styled(
            "no open security alerts",
            context.style(Role::Ok),
        )]
    } else {
        alerts
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.style(Role::Border))
        .title(" Open security alerts ");
    frame.render_widget(Paragraph::new(alerts).block(block), alerts_area);
}

/// The two security targets of the plan, each judged, and the verdict over both: a score at
/// target with critical or high vulnerabilities open is not met.
fn verdict_lines(security: &SecurityView, context: &RenderContext) -> Vec<Line<'static>> {
    let target = security.score_target_percent;
    let score = security.score_percent.filter(|s| s.is_finite());
    let score_met = score.map(|s| s >= target);
    let open = security.critical_high_open();
    let open_met = open.map(|n| n == 0);
    let (verdict, health) = match (score_met, open_met) {
        (Some(true), Some(true)) => ("met", Health::Ok),
        (Some(false), _) | (_, Some(false)) => ("not met", Health::Critical),
        _ => ("unknown", Health::Unknown),
    };
    let judged = |met: Option<bool>| match met {
        Some(true) => ("met", Health::Ok),
        Some(false) => ("missed", Health::Critical),
        None => ("unknown", Health::Unknown),
    };
    let muted = |text: String| Span::styled(text, context.style(Role::Muted));
    let (score_verdict, score_health) = judged(score_met);
    let (open_verdict, open_health) = judged(open_met);
    vec![
        Line::from(vec![
            muted("Security ".into()),
            Span::styled(verdict, context.health(health)),
            muted(format!(
                ": score {score_verdict}, open critical and high {open_verdict}"
            )),
        ]),
        Line::from(vec![
            muted("Security score ".into()),
            Span::styled(
                figure::text("security.score_percent", score),
                context.health(score_health),
            ),
            muted(format!(
                " (target >= {}%: {score_verdict}) · score = {}",
                trim_number(target),
                security
                    .score_basis
                    .as_deref()
                    .unwrap_or("how the source computes it is not known")
            )),
        ]),
        Line::from(vec![
            muted("Open critical and high ".into()),
            Span::styled(
                open.map_or_else(|| format::MISSING.to_string(), |n| n.to_string()),
                context.health(open_health),
            ),
            muted(format!(" (target 0: {open_verdict})")),
        ]),
    ]
}

/// Open vulnerabilities by severity; an unknown count is shown as such, never as 0.
fn count_lines(security: &SecurityView, context: &RenderContext) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        "Open vulnerabilities",
        context.style(Role::Muted),
    )];
    for (name, count, severity) in SEVERITIES {
        let (text, health) = match &security.vulnerabilities {
            Some(counts) => {
                let n = count(counts);
                (
                    format!("{n:>5}"),
                    if n == 0 { Health::Ok } else { severity },
                )
            }
            None => (format!("{:>5}", "—"), Health::Unknown),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("  {name:<9}"), context.style(Role::Text)),
            Span::styled(text, context.health(health)),
        ]));
    }
    lines
}

fn render_trends(frame: &mut Frame, area: Rect, security: &SecurityView, context: &RenderContext) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.style(Role::Border))
        .title(format!(
            " Vulnerability trend, last {} days ",
            security.trend.len()
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    for (row, (name, count, severity)) in SEVERITIES.into_iter().enumerate() {
        let y = inner.y + u16::try_from(row).unwrap_or(u16::MAX);
        if y >= inner.bottom() {
            break;
        }
        frame.render_widget(
            Paragraph::new(format!("{name:<9}")).style(context.style(Role::Muted)),
            Rect {
                y,
                height: 1,
                width: inner.width.min(9),
                ..inner
            },
        );
        let data: Vec<u64> = security
            .trend
            .iter()
            .map(|(_, c)| u64::from(count(c)))
            .collect();
        let spark = Sparkline::default()
            .data(data)
            .bar_set(bars(context.ascii))
            .style(context.health(severity));
        let x = inner.x + 10;
        frame.render_widget(
            spark,
            Rect {
                x,
                y,
                height: 1,
                width: inner.right().saturating_sub(x),
            },
        );
    }
}
