//! What happened in the week: the runbook runs begun in it (from the audit trail) and the
//! alerts that fired, counted by severity.

use chrono_tz::Tz;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::domain::checkpoint::{AlertSummary, RunSummary, WeeklyReport};
use crate::ui::RenderContext;
use crate::ui::theme::Role;

/// Rows the panel wants: borders, a heading and the lines of each part.
pub fn height(report: &WeeklyReport) -> u16 {
    let runs = report.runs.len().max(1);
    let alerts = report.alerts.by_severity.len().max(1) + usize::from(report.alerts.note.is_some());
    u16::try_from(runs + alerts + 4).unwrap_or(u16::MAX)
}

pub fn render(
    frame: &mut Frame,
    area: Rect,
    report: &WeeklyReport,
    tz: Tz,
    context: &RenderContext,
) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.style(Role::Border))
        .title(" Activity in the week ");
    let mut lines = match &report.runs_note {
        // An unreadable audit trail must not read as a quiet week.
        Some(note) => vec![
            Line::styled("Runbook runs", context.style(Role::Muted)),
            Line::styled(format!("  {note}"), context.style(Role::Critical)),
        ],
        None => run_lines(&report.runs, tz, context),
    };
    lines.extend(alert_lines(&report.alerts, context));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn run_lines<'a>(runs: &[RunSummary], tz: Tz, context: &RenderContext) -> Vec<Line<'a>> {
    let mut lines = vec![Line::from(vec![
        Span::styled("Runbook runs ", context.style(Role::Muted)),
        Span::styled(runs.len().to_string(), context.style(Role::Text)),
    ])];
    if runs.is_empty() {
        lines.push(Line::styled(
            "  no runbook runs this week",
            context.style(Role::Muted),
        ));
        return lines;
    }
    let width = |field: fn(&RunSummary) -> &str| {
        runs.iter()
            .map(|r| field(r).chars().count())
            .max()
            .unwrap_or(0)
    };
    let (runbook_width, target_width, user_width) = (
        width(|r| &r.runbook),
        width(|r| &r.target),
        width(|r| &r.user),
    );
    lines.extend(runs.iter().map(|run| {
        // In the review's time zone: the week's days are that zone's days.
        let at = run.at.with_timezone(&tz).format("%a %H:%M");
        Line::from(vec![
            Span::styled(format!("  {at}  "), context.style(Role::Muted)),
            Span::styled(
                format!(
                    "{:<runbook_width$}  {:<target_width$}  {:<user_width$}  ",
                    run.runbook, run.target, run.user
                ),
                context.style(Role::Text),
            ),
            Span::styled(
                run.outcome.clone(),
                context.style(outcome_role(&run.outcome)),
            ),
        ])
    }));
    lines
}

fn outcome_role(outcome: &str) -> Role {
    match outcome {
        "succeeded" => Role::Ok,
        "cancelled" => Role::Muted,
        "unfinished" => Role::Warning,
        _ => Role::Critical,
    }
}

fn alert_lines<'a>(alerts: &AlertSummary, context: &RenderContext) -> Vec<Line<'a>> {
    let mut heading = vec![Span::styled("Alerts fired", context.style(Role::Muted))];
    for count in &alerts.by_severity {
        heading.push(Span::styled(" · ", context.style(Role::Muted)));
        heading.push(Span::styled(
            format!("{} {}", count.count, count.severity),
            context.style(severity_role(&count.severity)),
        ));
    }
    let mut lines = vec![Line::from(heading)];
    if alerts.alerts.is_empty() {
        // Without a note nothing could have been missed; with one (a failed query, a source
        // that keeps little), the note says what may be, and "none fired" would be a claim.
        let (text, role) = if alerts.note.is_some() {
            ("  none listed", Role::Muted)
        } else {
            ("  no alerts fired", Role::Ok)
        };
        lines.push(Line::styled(text, context.style(role)));
    }
    for count in &alerts.by_severity {
        let names: Vec<&str> = alerts
            .alerts
            .iter()
            .filter(|a| a.severity == count.severity)
            .map(|a| a.name.as_str())
            .collect();
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {:<9}", count.severity),
                context.style(severity_role(&count.severity)),
            ),
            Span::styled(names.join(", "), context.style(Role::Text)),
        ]));
    }
    if let Some(note) = &alerts.note {
        lines.push(Line::styled(
            format!("  {note}"),
            context.style(Role::Muted),
        ));
    }
    lines
}

/// Alertmanager's usual severity names; anything else is shown without alarm.
fn severity_role(severity: &str) -> Role {
    match severity {
        "critical" | "page" | "high" | "error" => Role::Critical,
        "warning" | "medium" => Role::Warning,
        _ => Role::Muted,
    }
}
