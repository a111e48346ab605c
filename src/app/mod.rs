//! Model and transitions. No I/O, no tokio, no terminal.

pub mod action;
pub mod tabs;

pub use action::{Action, KeyContext};
pub use tabs::TabId;
