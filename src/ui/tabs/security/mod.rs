//! Security: the verdict over the plan's two targets (the score, with its formula, and no open
//! critical or high vulnerability), wrapped so it is never cut; open vulnerabilities by
//! severity beside their daily trend (dated, taller when there is room); Security Hub findings
//! (when the source has them); certificates by days left beside the open security alerts.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

mod vulnerabilities;

use super::{TabInput, Views, alert_lines, findings};
use crate::app::table::{CertificateColumn, order};
use crate::domain::checkpoint::Verdict;
use crate::domain::checkpoint::criterion::trim_number;
use crate::domain::figure;
use crate::domain::{Health, SecurityView, Topic, VulnerabilityCounts};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::layout::{split_left, split_rows};
use crate::ui::theme::Role;

/// The findings panel's least useful height: borders, the table's header and one finding.
const FINDINGS_MIN: u16 = 4;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    security: &SecurityView,
    input: &TabInput,
    mut views: Views,
    context: &RenderContext,
) {
    // The verdict first, wrapped: it must never be cut.
    let verdict = Paragraph::new(verdict_lines(security, context)).wrap(Wrap { trim: true });
    let verdict_height = u16::try_from(verdict.line_count(area.width)).unwrap_or(u16::MAX);
    let (verdict_area, rest) = split_rows(area, verdict_height);
    frame.render_widget(verdict, verdict_area);

    let alerts = alerts(input, context);
    let alerts_width = split_left(rest, 50).1.width;
    let alerts_height = Paragraph::new(alerts.clone())
        .wrap(Wrap { trim: true })
        .line_count(alerts_width.saturating_sub(2));
    let certificates = security.certificates.len() + 3;
    let bottom_wanted = u16::try_from(certificates.max(alerts_height + 2)).unwrap_or(u16::MAX);
    // Without a trend the vulnerabilities take one line; with one, a row per severity, a
    // dated axis and borders, and each severity taller with what the rest leaves.
    let severities = u16::try_from(VulnerabilityCounts::SEVERITIES.len()).unwrap_or(1);
    let vulnerabilities = if security.trend.is_empty() {
        1
    } else {
        severities + 3
    };
    // Certificates and alerts come first (they expire, they fire); the findings list takes
    // what they leave, and only when a row of it fits.
    let findings_height = security.findings.as_ref().map_or(0, |f| {
        let room = rest.height.saturating_sub(vulnerabilities + bottom_wanted);
        Some(findings::height(f).min(room))
            .filter(|h| *h >= FINDINGS_MIN)
            .unwrap_or(0)
    });
    let room = rest.height.saturating_sub(findings_height);
    let vulnerabilities = if security.trend.is_empty() {
        vulnerabilities
    } else {
        let spare = room.saturating_sub(vulnerabilities + bottom_wanted);
        vulnerabilities + spare / severities * severities
    };
    let (top, bottom) = split_rows(rest, findings_height + vulnerabilities);
    let (vulnerabilities_area, findings_area) = split_rows(top, vulnerabilities);
    vulnerabilities::render(frame, vulnerabilities_area, security, context);
    let (certs_area, alerts_area) = split_left(bottom, 50);
    render_certificates(frame, certs_area, security, input, &mut views, context);
    if let Some(list) = &security.findings {
        findings::render(frame, findings_area, list, views.secondary, context);
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.style(Role::Border))
        .title(" Open security alerts ");
    frame.render_widget(
        Paragraph::new(alerts)
            .block(block)
            .wrap(Wrap { trim: true }),
        alerts_area,
    );
}

fn alerts<'a>(input: &TabInput<'a>, context: &RenderContext) -> Vec<Line<'a>> {
    let alerts = alert_lines(input.snapshot, Topic::Security, context);
    if alerts.is_empty() {
        vec![Line::styled(
            "no open security alerts",
            context.style(Role::Ok),
        )]
    } else {
        alerts
    }
}

fn render_certificates(
    frame: &mut Frame,
    area: Rect,
    security: &SecurityView,
    input: &TabInput,
    views: &mut Views,
    context: &RenderContext,
) {
    let now = input.snapshot.taken_at;
    let order = order::<CertificateColumn>(&security.certificates, views.main);
    let title = format!(
        "Certificates{}",
        format::cut_note(
            security.certificates.len(),
            security.certificates_omitted,
            "certificates",
            "soonest to expire kept"
        )
    );
    views.main_table(&title, input, context).render(
        frame,
        area,
        views.main,
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
}

/// A judged figure as one span: its colour, and its mark when the theme has no colours.
pub(super) fn judged(context: &RenderContext, text: String, health: Health) -> Span<'static> {
    context
        .judged(text, health)
        .spans
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// The two security targets of the plan, each judged, and the verdict over both.
fn verdict_lines(security: &SecurityView, context: &RenderContext) -> Vec<Line<'static>> {
    let verdict = security.verdict();
    let overall = match verdict {
        Verdict::Met => "met",
        Verdict::Missed => "not met",
        Verdict::Unknown => "unknown",
    };
    let score = security.score_verdict();
    let open = security.critical_high_verdict();
    let muted = |text: String| {
        Span::styled(
            format::symbols(&text, context.ascii),
            context.style(Role::Muted),
        )
    };
    vec![
        Line::from(vec![
            muted("Security ".into()),
            judged(context, overall.into(), verdict.health()),
            muted(format!(
                ": score {}, open critical and high {}",
                score.label(),
                open.label()
            )),
        ]),
        Line::from(vec![
            muted("Security score ".into()),
            judged(
                context,
                figure::text("security.score_percent", security.score_percent),
                score.health(),
            ),
            muted(format!(
                " (target >= {}%: {}) · score = {}",
                trim_number(security.score_target_percent),
                score.label(),
                security
                    .score_basis
                    .as_deref()
                    .unwrap_or("how the source computes it is not known")
            )),
        ]),
        Line::from(vec![
            muted("Open critical and high ".into()),
            judged(
                context,
                figure::text(
                    "security.critical_high_open",
                    security.critical_high_open().map(f64::from),
                ),
                open.health(),
            ),
            muted(format!(" (target 0: {})", open.label())),
        ]),
    ]
}
