//! What happened in the week: the runbook runs begun in it (from the audit trail) and the
//! alerts that fired, counted by severity.

use chrono_tz::Tz;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::table::{Columns, RunColumn};
use crate::domain::Health;
use crate::domain::checkpoint::{AlertSummary, RunSummary, WeeklyReport, severity_health};
use crate::ui::RenderContext;
use crate::ui::theme::Role;
use crate::ui::widgets::data_table::fit;

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
        None => run_lines(&report.runs, tz, area.width.saturating_sub(2), context),
    };
    lines.extend(alert_lines(&report.alerts, context));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The heading, then a line per run in the columns of `RunColumn` that fit in `width`.
fn run_lines<'a>(
    runs: &[RunSummary],
    tz: Tz,
    width: u16,
    context: &RenderContext,
) -> Vec<Line<'a>> {
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
    let shown = fit(&RunColumn::specs(), width.saturating_sub(INDENT), 0).shown;
    lines.extend(runs.iter().map(|run| {
        let mut spans = vec![Span::raw("  ")];
        for &(i, w) in &shown {
            // Lines, not a boxed table: what the panel has beyond the preferred widths stays
            // at the right, not between the time and the runbook.
            let w = usize::from(w.min(RunColumn::ALL[i].spec().preferred));
            spans.push(match RunColumn::ALL[i] {
                // In the review's time zone: the week's days are that zone's days.
                RunColumn::When => Span::styled(
                    format!("{:<w$}", run.at.with_timezone(&tz).format("%a %H:%M")),
                    context.style(Role::Muted),
                ),
                RunColumn::Runbook => text(&run.runbook, w, context),
                RunColumn::Target => text(&run.target, w, context),
                RunColumn::User => text(&run.user, w, context),
                RunColumn::Outcome => judged(run.outcome.clone(), run.health(), context),
            });
            spans.push(Span::raw(" "));
        }
        Line::from(spans)
    }));
    lines
}

/// Left of each run line, under the heading.
const INDENT: u16 = 2;

/// `value` padded to `width`; when longer, cut with a mark so a shortened name never passes
/// for another.
fn text<'a>(value: &str, width: usize, context: &RenderContext) -> Span<'a> {
    let shown = if value.chars().count() > width {
        let mark = if context.ascii { "~" } else { "…" };
        let kept: String = value.chars().take(width.saturating_sub(1)).collect();
        format!("{kept}{mark}")
    } else {
        format!("{value:<width$}")
    };
    Span::styled(shown, context.style(Role::Text))
}

fn alert_lines<'a>(alerts: &AlertSummary, context: &RenderContext) -> Vec<Line<'a>> {
    let mut heading = vec![Span::styled("Alerts fired", context.style(Role::Muted))];
    for count in &alerts.by_severity {
        heading.push(Span::styled(" · ", context.style(Role::Muted)));
        heading.push(judged(
            format!("{} {}", count.count, count.severity),
            severity_health(&count.severity),
            context,
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
            Span::styled("  ", context.style(Role::Text)),
            judged(
                format!("{:<9}", count.severity),
                severity_health(&count.severity),
                context,
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

/// In its health's colour (marked when the theme has none); plain when there is nothing to
/// judge.
fn judged(text: String, health: Option<Health>, context: &RenderContext) -> Span<'static> {
    match health {
        Some(health) => context.judged(text, health).spans.remove(0),
        None => Span::styled(text, context.style(Role::Muted)),
    }
}

/// The week in a line (`Runbook runs 2 (1 failed) · Alerts fired · 1 critical · 2 warning`),
/// then each severity's alerts and each run, ranked for the compact layout: the line first,
/// then alerts, runs that need a look, the other runs.
pub fn compact<'a>(
    report: &WeeklyReport,
    tz: Tz,
    width: u16,
    context: &RenderContext,
) -> Vec<(u8, Line<'a>)> {
    let not_ok = report
        .runs
        .iter()
        .filter(|r| r.health().is_some_and(|h| h != Health::Ok))
        .count();
    let mut summary = vec![Span::styled("Runbook runs ", context.style(Role::Muted))];
    summary.push(match &report.runs_note {
        Some(_) => Span::styled("unreadable", context.style(Role::Critical)),
        None => Span::styled(report.runs.len().to_string(), context.style(Role::Text)),
    });
    if not_ok > 0 {
        summary.push(judged(
            format!(" ({not_ok} not succeeded)"),
            Some(Health::Warning),
            context,
        ));
    }
    let mut alerts = alert_lines(&report.alerts, context).into_iter();
    summary.push(Span::styled(" · ", context.style(Role::Muted)));
    summary.extend(alerts.next().map(|l| l.spans).unwrap_or_default());
    let mut lines = vec![(1, Line::from(summary))];
    lines.extend(alerts.map(|line| (3, line)));
    if let Some(note) = &report.runs_note {
        lines.push((
            1,
            Line::styled(format!("  {note}"), context.style(Role::Critical)),
        ));
    }
    let runs = run_lines(&report.runs, tz, width, context)
        .into_iter()
        .skip(1);
    lines.extend(report.runs.iter().zip(runs).map(|(run, line)| {
        let rank = if run.health() == Some(Health::Ok) {
            6
        } else {
            4
        };
        (rank, line)
    }));
    lines
}
