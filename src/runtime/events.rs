//! Terminal events → messages: keys through the keymap, mouse clicks on tab titles, the wheel
//! as row movement, resizes.

use ratatui::crossterm::event::{Event, MouseButton, MouseEventKind};

use crate::app::{Action, AppState, Message};
use crate::input::{keymap::Keymap, translate_key};
use crate::ui::header;

/// `width`: the terminal's, which decides how the header's tab titles are laid out.
pub fn translate(event: &Event, state: &AppState, keymap: &Keymap, width: u16) -> Option<Message> {
    match event {
        Event::Key(key) => translate_key(key, state, keymap),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                header::tab_at(state, width, mouse.column, mouse.row)
                    .map(|tab| Message::User(Action::Show(tab)))
            }
            MouseEventKind::ScrollDown => Some(Message::User(Action::SelectNext)),
            MouseEventKind::ScrollUp => Some(Message::User(Action::SelectPrevious)),
            _ => None,
        },
        Event::Resize(..) => Some(Message::Resize),
        _ => None,
    }
}
