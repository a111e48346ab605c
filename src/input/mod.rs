//! Terminal key → app message. Keys go through the keymap, except while the filter line has
//! focus: then typed characters are text, and only Enter, Esc, Backspace and the quit chord
//! keep their meaning.

pub mod key_chord;
pub mod keymap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::{Action, AppState, FilterEdit, KeyContext, Message};
use keymap::Keymap;

/// Overlays and the runbook flow move with the table movement keys, whatever they are bound to.
const OVERLAY_MOVES: [Action; 6] = [
    Action::SelectNext,
    Action::SelectPrevious,
    Action::PageDown,
    Action::PageUp,
    Action::SelectFirst,
    Action::SelectLast,
];

pub fn translate_key(key: &KeyEvent, state: &AppState, keymap: &Keymap) -> Option<Message> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    if state.editing_filter() {
        return filter_key(key, keymap);
    }
    if state.editing_text() {
        // Text fields take every key but the quit chord (ctrl+c), which keeps its meaning.
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        if control && keymap.resolve(key, KeyContext::Global) == Some(Action::Quit) {
            return Some(Message::User(Action::Quit));
        }
        return Some(Message::Entry(*key));
    }
    let context = state.key_context();
    let action = keymap.resolve(key, context).or_else(|| {
        matches!(
            context,
            KeyContext::Help | KeyContext::Overlay | KeyContext::Runbook
        )
        .then(|| keymap.resolve(key, KeyContext::Table))
        .flatten()
        .filter(|a| OVERLAY_MOVES.contains(a))
    });
    action.map(Message::User)
}

fn filter_key(key: &KeyEvent, keymap: &Keymap) -> Option<Message> {
    let control = key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    if control {
        // Quit must work from anywhere; other chords are ignored rather than typed.
        return (keymap.resolve(key, KeyContext::Global) == Some(Action::Quit))
            .then_some(Message::User(Action::Quit));
    }
    let edit = match key.code {
        KeyCode::Enter => FilterEdit::Accept,
        KeyCode::Esc => FilterEdit::Cancel,
        KeyCode::Backspace => FilterEdit::Backspace,
        KeyCode::Char(c) => FilterEdit::Insert(c),
        _ => return None,
    };
    Some(Message::Filter(edit))
}
