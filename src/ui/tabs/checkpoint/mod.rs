//! The weekly checkpoint: the selected ISO week, its success criteria against their targets
//! with last week's figures and eight weeks of history, the phase plan's progress, and what
//! happened in the week. Drawn from the evaluated report, never the live snapshot; a report
//! being re-evaluated stays on screen. Space goes to the header and the criteria first.

mod activity;
mod criteria;
mod figures;
mod header;
mod phase;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{Action, AppState, CheckpointState, CheckpointView, Topic};
use crate::domain::checkpoint::{Verdict, WeeklyReport};
use crate::ui::RenderContext;
use crate::ui::layout::{split_left, split_rows, split_top};
use crate::ui::theme::Role;

/// From this width the phase and the activity may sit side by side: they do when stacking
/// them does not fit the height, or from `STACKED_UP_TO` on, where neither is cut short.
const SIDE_BY_SIDE: u16 = 110;
const STACKED_UP_TO: u16 = 160;
/// A panel needs its borders and at least two lines to say anything.
const MIN_PANEL: u16 = 4;

pub fn render(frame: &mut Frame, area: Rect, state: &mut AppState, context: &RenderContext) {
    let checkpoint = &state.checkpoint;
    let header = header::lines(checkpoint, state.wall, area, context);
    let (header_area, body) = split_top(area, u16::try_from(header.len()).unwrap_or(0));
    frame.render_widget(Paragraph::new(header), header_area);
    let Some(report) = checkpoint.report() else {
        frame.render_widget(no_report(&checkpoint.view, context), body);
        return;
    };
    let loading = matches!(checkpoint.view, CheckpointView::Loading { .. });
    let view = state.tables.entry(Topic::Checkpoint).or_default();
    let order = criteria::order(report, view);
    // Borders and the column header around the rows.
    let table_height = u16::try_from(order.len())
        .unwrap_or(u16::MAX)
        .saturating_add(3);
    let (table_area, rest) = split_rows(body, table_height);
    let selected = criteria::render(frame, table_area, report, &order, loading, view, context);
    let (detail_area, panels) = split_rows(rest, 1);
    if let Some(criterion) = selected {
        frame.render_widget(
            Paragraph::new(criteria::detail(criterion, context)),
            detail_area,
        );
    }
    render_panels(frame, panels, report, checkpoint, context);
}

/// The phase, then the week's activity: beside each other when wide, else stacked as fits.
fn render_panels(
    frame: &mut Frame,
    area: Rect,
    report: &WeeklyReport,
    checkpoint: &CheckpointState,
    context: &RenderContext,
) {
    if area.height < MIN_PANEL {
        return;
    }
    let tz = checkpoint.timezone;
    let phase_height = phase::height(report.phase.as_ref());
    let activity_height = activity::height(report);
    let stacked_fits = phase_height + activity_height <= area.height;
    if area.width >= SIDE_BY_SIDE && !(stacked_fits && area.width < STACKED_UP_TO) {
        // As tall as the taller panel needs, no emptier boxes below.
        let (area, _) = split_rows(area, phase_height.max(activity_height));
        // Step lines are the longer ones.
        let (left, right) = split_left(area, 55);
        phase::render(frame, left, report.phase.as_ref(), context);
        activity::render(frame, right, report, tz, context);
        return;
    }
    let (phase_area, rest) = split_rows(area, phase_height);
    phase::render(frame, phase_area, report.phase.as_ref(), context);
    if rest.height >= MIN_PANEL {
        let (activity_area, _) = split_rows(rest, activity_height);
        activity::render(frame, activity_area, report, tz, context);
    }
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
