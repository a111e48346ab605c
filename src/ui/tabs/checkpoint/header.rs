//! The tab's first lines: which week (and how far back), when it was evaluated, the week
//! keys, the summary coloured by its worst verdict and the blocking criteria not met.

use chrono::{DateTime, Duration, Utc};
use ratatui::text::{Line, Span};

use super::first_key;
use crate::app::{Action, CheckpointState, CheckpointView};
use crate::domain::checkpoint::{IsoWeek, WeeklyReport};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::theme::Role;

/// Week and period, evaluation state and keys, the summary and the blocking failures (wrapped
/// to `width`). `compact` keeps to the week and the summary, leaving rows to the table: the
/// status line stays only while it says something is wrong or under way.
pub fn lines(
    checkpoint: &CheckpointState,
    wall: DateTime<Utc>,
    width: u16,
    compact: bool,
    context: &RenderContext,
) -> Vec<Line<'static>> {
    let report = checkpoint.report();
    // The figures' own week: the header never describes a week other than the one drawn.
    let week = report
        .and_then(|r| r.week.parse().ok())
        .unwrap_or_else(|| checkpoint.selected(wall));
    let mut lines = vec![week_line(week, checkpoint, wall, context)];
    let ready = matches!(checkpoint.view, CheckpointView::Ready { .. });
    if !(compact && ready) {
        lines.push(status_line(&checkpoint.view, wall, context));
    }
    if let Some(report) = report {
        lines.extend(summary_lines(report, usize::from(width), context));
    }
    lines
}

/// `Week 2026-W49 · Mon 30 Nov – Sun 6 Dec (UTC) · this week, to date`
fn week_line(
    week: IsoWeek,
    checkpoint: &CheckpointState,
    wall: DateTime<Utc>,
    context: &RenderContext,
) -> Line<'static> {
    let monday = week.monday();
    let period = format!(
        " · {} – {} ({}) · ",
        monday.format("%a %-d %b"),
        (monday + Duration::days(6)).format("%a %-d %b"),
        checkpoint.timezone.name()
    );
    let weeks_ago = (checkpoint.this_week(wall).monday() - monday).num_days() / 7;
    let (relation, role) = match weeks_ago {
        i64::MIN..=0 => ("this week, to date".to_string(), Role::Ok),
        1 => ("last week".to_string(), Role::Warning),
        n => (format!("{n} weeks ago"), Role::Warning),
    };
    Line::from(vec![
        Span::styled("Week ", context.style(Role::Muted)),
        Span::styled(week.to_string(), context.style(Role::Accent)),
        Span::styled(period, context.style(Role::Text)),
        Span::styled(relation, context.style(role)),
    ])
}

/// When the figures were evaluated (or that they are being), and the week keys.
fn status_line(
    view: &CheckpointView,
    wall: DateTime<Utc>,
    context: &RenderContext,
) -> Line<'static> {
    let (status, role) = match view {
        CheckpointView::Ready { at, .. } => (
            format!(
                "evaluated {} UTC, {} ago",
                format::clock(*at),
                format::span(wall - *at)
            ),
            Role::Muted,
        ),
        CheckpointView::Loading {
            previous: Some(previous),
            ..
        } => (
            format!(
                "evaluating… (showing {} UTC)",
                format::clock(previous.generated_at)
            ),
            Role::Stale,
        ),
        CheckpointView::Loading { .. } | CheckpointView::Idle => {
            ("evaluating…".to_string(), Role::Stale)
        }
        CheckpointView::Failed { .. } => ("evaluation failed".to_string(), Role::Critical),
    };
    let key = |action| Span::styled(first_key(context, action), context.style(Role::Accent));
    let text = |t: &'static str| Span::styled(t, context.style(Role::Muted));
    Line::from(vec![
        Span::styled(status, context.style(role)),
        text("   "),
        key(Action::PreviousWeek),
        text(" "),
        key(Action::NextWeek),
        text(" weeks · "),
        key(Action::ThisWeek),
        text(" this week · "),
        key(Action::Refresh),
        text(" refresh"),
    ])
}

/// The headline coloured by the worst verdict, then the blocking criteria not met (on the
/// same line when it fits in `width`).
fn summary_lines(
    report: &WeeklyReport,
    width: usize,
    context: &RenderContext,
) -> Vec<Line<'static>> {
    let summary = &report.summary;
    let headline = Span::styled(summary.headline(), context.health(summary.health()));
    if summary.blocking_failed.is_empty() {
        return vec![Line::from(headline)];
    }
    let failed: Vec<String> = summary
        .blocking_failed
        .iter()
        .map(|name| {
            let verdict = report
                .criteria
                .iter()
                .find(|c| &c.name == name)
                .map(|c| c.verdict);
            verdict.map_or_else(|| name.clone(), |v| format!("{name} ({})", v.label()))
        })
        .collect();
    let blocking = Span::styled(
        format!("blocking not met: {}", failed.join(", ")),
        context.style(Role::Critical),
    );
    if headline.width() + 3 + blocking.width() <= width {
        vec![Line::from(vec![headline, Span::raw(" · "), blocking])]
    } else {
        vec![Line::from(headline), Line::from(blocking)]
    }
}
