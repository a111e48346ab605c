//! opsconsole: a full-screen terminal operations console.
//!
//! Layers, and who may depend on whom (checked by `tests/architecture.rs`):
//! ```text
//! domain    plain data (snapshots, series)                       ← depends on nothing in the crate
//! app       state + pure update(state, message) -> effects      → domain
//! input     key chords, keymaps: terminal key -> Action         → app
//! ui        drawing only: render(frame, state, theme)           → app, domain, input
//! sources   reading the world (simulator now)                   → domain
//! config    finding and validating the user's files             → ui::theme, input::keymap, app
//! runtime   the one loop owning channels, terminal and AppState → everything above
//! ```
//! The loop turns input, source updates and ticks into messages, calls `app::update`, performs
//! the returned effects and redraws only when something visible changed.

pub mod app;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod domain;
pub mod input;
pub mod logging;
pub mod runtime;
pub mod sources;
pub mod terminal;
pub mod ui;
