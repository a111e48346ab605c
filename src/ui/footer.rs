//! The footer: key hints from the active keymap, or the filter line while typing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::RenderContext;
use super::theme::Role;
use crate::app::{Action, AppState, Overlay, Topic};

const HINTS: [(Action, &str); 10] = [
    (Action::ToggleHelp, "help"),
    (Action::NextTab, "next tab"),
    (Action::Filter, "filter"),
    (Action::CycleSort, "sort"),
    (Action::NextRange, "range"),
    (Action::Inspect, "inspect"),
    (Action::ShowAlerts, "alerts"),
    (Action::PickEnvironment, "env"),
    (Action::Refresh, "refresh"),
    (Action::Quit, "quit"),
];

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, context: &RenderContext) {
    let key = context.style(Role::Accent);
    let text = context.style(Role::Footer);
    let line = if state.editing_filter() {
        let filter = &state.table(state.tab).filter;
        Line::from(vec![
            Span::styled(format!("/{filter}"), key),
            Span::styled("_", context.style(Role::Muted)),
            Span::styled("   Enter keep · Esc clear", text),
        ])
    } else if state.overlay == Overlay::None {
        let mut spans = Vec::new();
        for (action, label) in HINTS {
            // The checkpoint has weeks, not chart ranges.
            let (action, label) = match (action, state.tab) {
                (Action::NextRange, Topic::Checkpoint) => (Action::PreviousWeek, "earlier week"),
                _ => (action, label),
            };
            let Some(first) = context.keymap.first_key(action) else {
                continue;
            };
            spans.push(Span::styled(first, key));
            spans.push(Span::styled(format!(" {label}  "), text));
        }
        Line::from(spans)
    } else {
        let (close, choose) = match state.overlay {
            Overlay::Help { .. } => (Action::CloseHelp, None),
            Overlay::Environments { .. } => (Action::CloseOverlay, Some(Action::Choose)),
            _ => (Action::CloseOverlay, None),
        };
        let mut spans = vec![
            Span::styled(context.keymap.describe_keys(close), key),
            Span::styled(" close  ", text),
            Span::styled(context.keymap.describe_keys(Action::SelectNext), key),
            Span::styled(" move  ", text),
        ];
        if let Some(choose) = choose {
            spans.push(Span::styled(context.keymap.describe_keys(choose), key));
            spans.push(Span::styled(" switch", text));
        }
        Line::from(spans)
    };
    frame.render_widget(Paragraph::new(line).style(text), area);
}
