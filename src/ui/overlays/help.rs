//! The help overlay, generated from the live keymap so it always tells the truth.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::boxed;
use crate::app::{Action, KeyContext};
use crate::ui::RenderContext;
use crate::ui::theme::Role;

pub fn lines(context: &RenderContext) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for key_context in KeyContext::ALL {
        lines.push(Line::from(Span::styled(
            format!("[{}]", key_context.name()),
            context.style(Role::Accent),
        )));
        for action in Action::ALL.iter().filter(|a| a.context() == key_context) {
            let keys = context.keymap.describe_keys(*action);
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<18}"), context.style(Role::Text)),
                Span::styled(format!("{:<16}", action.name()), context.style(Role::Muted)),
                Span::styled(action.description().to_string(), context.style(Role::Text)),
            ]));
        }
    }
    lines
}

pub fn render(frame: &mut Frame, area: Rect, scroll: u16, context: &RenderContext) {
    let (box_area, block) = boxed(area, (86, 40), " Keys (from the active keymap) ", context);
    frame.render_widget(Clear, box_area);
    let paragraph = Paragraph::new(lines(context))
        .block(block)
        .scroll((scroll, 0))
        .style(context.style(Role::Text));
    frame.render_widget(paragraph, box_area);
}
