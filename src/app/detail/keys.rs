//! Keys while a detail view is open: scroll, move the charts' cursor, go back. Changing tab
//! closes it (a detail belongs to the tab it came from).

use super::close;
use crate::app::{Action, AppState, Effect};

const PAGE: u16 = 10;
/// The document's end: the renderer clamps the scroll to what there is at its height.
const END: u16 = u16::MAX;

/// `None` when no detail is open or the action is not a detail's.
pub fn on_action(state: &mut AppState, action: Action) -> Option<Vec<Effect>> {
    let view = state.detail.as_mut()?;
    match action {
        Action::CloseDetail => return Some(close(state)),
        Action::ScrollDown => view.scroll = view.scroll.saturating_add(1),
        Action::ScrollUp => view.scroll = view.scroll.saturating_sub(1),
        Action::ScrollPageDown => view.scroll = view.scroll.saturating_add(PAGE),
        Action::ScrollPageUp => view.scroll = view.scroll.saturating_sub(PAGE),
        Action::ScrollTop => view.scroll = 0,
        Action::ScrollBottom => view.scroll = END,
        // Left walks back in time from the newest point; right forward, and off past it.
        Action::CursorLeft => view.cursor = Some(view.cursor.map_or(0, |c| c.saturating_add(1))),
        Action::CursorRight => view.cursor = view.cursor.and_then(|c| c.checked_sub(1)),
        Action::NextTab | Action::PreviousTab | Action::Show(_) => {
            // Closed first; the tab change itself is the global action's.
            let mut effects = close(state);
            effects.extend(crate::app::update::on_global_action(state, action));
            return Some(effects);
        }
        _ => return None,
    }
    Some(Vec::new())
}
