//! The weekly checkpoint: the selected ISO week, its success criteria against their targets
//! with last week's figures and eight weeks of history, the phase plan's progress, and what
//! happened in the week. Drawn from the evaluated report, never the live snapshot; a report
//! being re-evaluated stays on screen. Space goes to the header and the criteria first.

mod activity;
mod compact;
mod criteria;
mod figures;
mod header;
mod history;
mod phase;

use chrono_tz::Tz;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{Action, AppState, CheckpointView, Topic};
use crate::domain::checkpoint::{Verdict, WeeklyReport};
use crate::ui::RenderContext;
use crate::ui::layout::{split_left, split_rows, split_top};
use crate::ui::theme::Role;

/// From this width the phase and the activity may sit side by side: they do when stacking
/// them does not fit the height, or from `STACKED_UP_TO` on, where neither is cut short.
const SIDE_BY_SIDE: u16 = 110;
const STACKED_UP_TO: u16 = 160;
/// The header's lines with the status line: the week, the status, the summary.
const FULL_HEADER: u16 = 3;
/// Below the criteria: the selected one's line and a few lines of the phase and the week.
const MIN_BELOW: u16 = 6;

pub fn render(frame: &mut Frame, area: Rect, state: &mut AppState, context: &RenderContext) {
    let checkpoint = &state.checkpoint;
    let view = state.tables.entry(Topic::Checkpoint).or_default();
    let order = checkpoint
        .report()
        .map(|report| criteria::order(report, view))
        .unwrap_or_default();
    // Borders and the column header around the rows.
    let table_height = u16::try_from(order.len())
        .unwrap_or(u16::MAX)
        .saturating_add(3);
    // Short terminals give the status line's row to the criteria (the footer keeps the keys).
    let compact = area.height < table_height.saturating_add(FULL_HEADER + MIN_BELOW);
    let header = header::lines(checkpoint, state.wall, area.width, compact, context);
    let (header_area, body) = split_top(area, u16::try_from(header.len()).unwrap_or(0));
    frame.render_widget(Paragraph::new(header), header_area);
    let Some(report) = checkpoint.report() else {
        frame.render_widget(no_report(&checkpoint.view, context), body);
        return;
    };
    let loading = matches!(checkpoint.view, CheckpointView::Loading { .. });
    let (table_area, rest) = split_rows(body, table_height);
    let selected = criteria::render(frame, table_area, report, &order, loading, view, context);
    let rest = match selected {
        // Wrapped, never cut: why a criterion is unknown matters most on a small screen.
        Some(criterion) => {
            let detail =
                Paragraph::new(criteria::detail(criterion, context)).wrap(Wrap { trim: true });
            let height = u16::try_from(detail.line_count(rest.width)).unwrap_or(u16::MAX);
            let (detail_area, rest) = split_rows(rest, height);
            frame.render_widget(detail, detail_area);
            rest
        }
        None => rest,
    };
    let rest = render_panels(frame, rest, report, checkpoint.timezone, context);
    if let Some(criterion) = selected.filter(|_| rest.height >= history::MIN_HEIGHT) {
        history::render(frame, rest, criterion, context);
    }
}

/// The phase, then the week's activity: beside each other when wide, else stacked; in a few
/// lines when neither way fits. Returns the rows left below them.
fn render_panels(
    frame: &mut Frame,
    area: Rect,
    report: &WeeklyReport,
    tz: Tz,
    context: &RenderContext,
) -> Rect {
    let phase_height = phase::height(report.phase.as_ref());
    let activity_height = activity::height(report);
    let stacked_fits = phase_height + activity_height <= area.height;
    let beside_fits = phase_height.max(activity_height) <= area.height;
    if area.width >= SIDE_BY_SIDE && beside_fits && !(stacked_fits && area.width < STACKED_UP_TO) {
        // As tall as the taller panel needs, no emptier boxes below.
        let (area, rest) = split_rows(area, phase_height.max(activity_height));
        // Step lines are the longer ones.
        let (left, right) = split_left(area, 55);
        phase::render(frame, left, report.phase.as_ref(), context);
        activity::render(frame, right, report, tz, context);
        return rest;
    }
    if !stacked_fits {
        compact::render(frame, area, report, tz, context);
        return Rect { height: 0, ..area };
    }
    let (phase_area, rest) = split_rows(area, phase_height);
    phase::render(frame, phase_area, report.phase.as_ref(), context);
    let (activity_area, rest) = split_rows(rest, activity_height);
    activity::render(frame, activity_area, report, tz, context);
    rest
}

fn no_report<'a>(view: &CheckpointView, context: &RenderContext) -> Paragraph<'a> {
    let lines = match view {
        CheckpointView::Failed { week, error } => vec![
            Line::styled(
                format!("cannot evaluate {week}: {error}"),
                context.style(Role::Critical),
            ),
            Line::styled(
                format!("{} to retry", first_key(context, Action::Refresh)),
                context.style(Role::Muted),
            ),
        ],
        _ => vec![Line::styled(
            "evaluating the week…",
            context.style(Role::Muted),
        )],
    };
    Paragraph::new(lines).wrap(Wrap { trim: true })
}

/// The role of a verdict, shared by the summary, the table and the history.
fn verdict_role(verdict: Verdict) -> Role {
    match verdict {
        Verdict::Met => Role::Ok,
        Verdict::Missed => Role::Critical,
        Verdict::Unknown => Role::Unknown,
    }
}

/// The first key bound to `action` in the user's keymap.
fn first_key(context: &RenderContext, action: Action) -> String {
    context
        .keymap
        .first_key(action)
        .unwrap_or_else(|| format!("({action} is unbound)"))
}
