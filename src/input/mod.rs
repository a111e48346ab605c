pub mod key_chord;
pub mod keymap;
