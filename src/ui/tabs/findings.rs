//! Security Hub findings on the Security tab: active findings counted by severity and workflow
//! status, beside the most severe open ones.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::domain::{Findings, Health, Severity, WorkflowStatus};
use crate::ui::RenderContext;
use crate::ui::layout::split_left;
use crate::ui::theme::Role;

const SEVERITIES: [(Severity, &str, Health); 5] = [
    (Severity::Critical, "critical", Health::Critical),
    (Severity::High, "high", Health::Critical),
    (Severity::Medium, "medium", Health::Warning),
    (Severity::Low, "low", Health::Ok),
    (Severity::Informational, "info", Health::Ok),
];

const WORKFLOWS: [(WorkflowStatus, &str); 4] = [
    (WorkflowStatus::New, "new"),
    (WorkflowStatus::Notified, "notified"),
    (WorkflowStatus::Resolved, "resolved"),
    (WorkflowStatus::Suppressed, "suppressed"),
];

/// Rows the panel wants: the count grid (a header and a row per severity) or the list,
/// whichever is taller, inside borders.
pub fn height(findings: &Findings) -> u16 {
    let rows = findings.top.len().max(SEVERITIES.len() + 1);
    u16::try_from(rows + 2).unwrap_or(u16::MAX)
}

pub fn render(frame: &mut Frame, area: Rect, findings: &Findings, context: &RenderContext) {
    let more = if findings.truncated {
        format!(" · only the first {} read, more not shown", findings.total)
    } else {
        String::new()
    };
    let title = format!(" Security Hub findings · {} active{more} ", findings.total);
    let (counts_area, top_area) = split_left(area, 40);
    let block = |title: String| {
        Block::default()
            .borders(Borders::ALL)
            .border_style(context.style(Role::Border))
            .title(title)
    };
    frame.render_widget(
        Paragraph::new(count_lines(findings, context)).block(block(title)),
        counts_area,
    );
    frame.render_widget(
        Paragraph::new(top_lines(findings, context)).block(block(" Worst open findings ".into())),
        top_area,
    );
}

fn count(findings: &Findings, severity: Severity, workflow: WorkflowStatus) -> u32 {
    findings
        .counts
        .iter()
        .find(|(s, w, _)| *s == severity && *w == workflow)
        .map_or(0, |(_, _, n)| *n)
}

fn count_lines(findings: &Findings, context: &RenderContext) -> Vec<Line<'static>> {
    let mut header = vec![Span::styled(
        format!("{:<10}", "severity"),
        context.style(Role::Accent),
    )];
    header.extend(
        WORKFLOWS
            .iter()
            .map(|(_, name)| Span::styled(format!("{name:>11}"), context.style(Role::Accent))),
    );
    let mut lines = vec![Line::from(header)];
    for (severity, name, health) in SEVERITIES {
        let mut spans = vec![Span::styled(
            format!("{name:<10}"),
            context.style(Role::Text),
        )];
        for (workflow, _) in WORKFLOWS {
            let n = count(findings, severity, workflow);
            let open = matches!(workflow, WorkflowStatus::New | WorkflowStatus::Notified);
            // Only open findings call for attention; closed ones and zeros stay quiet.
            let style = if n > 0 && open {
                context.health(health)
            } else {
                context.style(Role::Muted)
            };
            spans.push(Span::styled(format!("{n:>11}"), style));
        }
        lines.push(Line::from(spans));
    }
    lines
}

fn top_lines(findings: &Findings, context: &RenderContext) -> Vec<Line<'static>> {
    if findings.top.is_empty() {
        return vec![Line::styled("no open findings", context.style(Role::Ok))];
    }
    findings
        .top
        .iter()
        .map(|f| {
            let (name, health) = SEVERITIES
                .iter()
                .find(|(s, ..)| *s == f.severity)
                .map_or(("?", Health::Unknown), |(_, n, h)| (*n, *h));
            let place = [f.resource.as_deref(), f.control.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
            Line::from(vec![
                Span::styled(
                    format!("{:<9}", name.to_uppercase()),
                    context.health(health),
                ),
                Span::styled(format!("{} ", f.title), context.style(Role::Text)),
                Span::styled(place, context.style(Role::Muted)),
            ])
        })
        .collect()
}
