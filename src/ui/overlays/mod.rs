//! Views drawn over the active tab, one at a time: help, the inspect view, the alert list and
//! the environment picker. Each is a bordered box centred in the body.

mod alert_list;
mod approvals;
mod audit;
mod environments;
pub mod help;
mod inspect;
pub mod runbook_flow;
mod runbook_list;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};

use super::RenderContext;
use super::theme::Role;
use crate::app::{AppState, Overlay};

/// Mutates only the help's and the inspect view's scroll, clamped to what they hold at this size.
pub fn render(frame: &mut Frame, area: Rect, state: &mut AppState, context: &RenderContext) {
    match state.overlay {
        Overlay::None => {}
        Overlay::Help { scroll } => {
            let scroll = help::render(frame, area, scroll, context);
            state.overlay = Overlay::Help { scroll };
        }
        Overlay::Inspect { scroll } => {
            let scroll = inspect::render(frame, area, state, scroll, context);
            state.overlay = Overlay::Inspect { scroll };
        }
        Overlay::Alerts { selected } => alert_list::render(frame, area, state, selected, context),
        Overlay::Environments { selected } => {
            environments::render(frame, area, state, selected, context);
        }
        Overlay::Runbooks {
            selected,
            tab,
            alert,
        } => {
            runbook_list::render(frame, area, state, (selected, tab, alert), context);
        }
        Overlay::Audit { selected } => audit::render(frame, area, state, selected, context),
        Overlay::Approvals { selected } => approvals::render(frame, area, state, selected, context),
    }
}

/// A box of at most `max` (width, height) centred in `area`, with its titled border.
fn boxed<'a>(
    area: Rect,
    max: (u16, u16),
    title: &'a str,
    context: &RenderContext,
) -> (Rect, Block<'a>) {
    let [_, middle, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Max(max.0),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, box_area, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Max(max.1),
        Constraint::Fill(1),
    ])
    .areas(middle);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.style(Role::BorderFocused))
        .title(Span::styled(title, context.style(Role::Accent)));
    (box_area, block)
}

/// Clears a box like [`boxed`] and draws its border; returns the area inside it.
fn open_box(
    frame: &mut Frame,
    area: Rect,
    max: (u16, u16),
    title: &str,
    context: &RenderContext,
) -> Rect {
    let (box_area, block) = boxed(area, max, title, context);
    frame.render_widget(Clear, box_area);
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    inner
}

/// The first row to draw so that `selected` stays on screen in `rows` visible rows.
fn first_visible(selected: usize, rows: usize) -> usize {
    selected.saturating_sub(rows.saturating_sub(1))
}

/// `lines` (a list's header) and below them the items that fit in `height` rows, scrolled so
/// `selected` shows and highlighted, or `empty` (muted) when there are none.
fn list_lines<'a, T>(
    mut lines: Vec<Line<'a>>,
    items: &[T],
    selected: usize,
    height: u16,
    empty: &'static str,
    line: impl Fn(&T) -> Line<'a>,
    context: &RenderContext,
) -> Vec<Line<'a>> {
    if items.is_empty() {
        lines.push(Line::styled(empty, context.style(Role::Muted)));
    }
    let rows = usize::from(height).saturating_sub(lines.len()).max(1);
    lines.extend(
        items
            .iter()
            .enumerate()
            .skip(first_visible(selected, rows))
            .take(rows)
            .map(|(index, item)| {
                let line = line(item);
                if index == selected {
                    line.style(context.style(Role::Selection))
                } else {
                    line
                }
            }),
    );
    lines
}
