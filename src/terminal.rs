//! Entering and leaving full-screen mode. The terminal is restored on every exit path: normal
//! quit, a signal, an error, or a panic (ratatui's hook restores, ours also logs the panic and
//! releases the mouse).

use std::io::stdout;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

pub fn enter(mouse: bool) -> std::io::Result<DefaultTerminal> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture);
        tracing::error!("panic: {info}");
        previous(info);
    }));
    // ratatui::init wraps the hook above with its own restore, so it must come second.
    let terminal = ratatui::try_init()?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Ok(terminal)
}

/// Restores the terminal, quietly if it is gone (a dropped SSH session): ratatui's own restore
/// and the terminal's `Drop` report failures with `eprintln!`, which panics on a dead stderr and
/// turns a clean exit into an abort.
pub fn leave(mut terminal: DefaultTerminal, mouse: bool) {
    if mouse {
        let _ = execute!(stdout(), DisableMouseCapture);
    }
    let _ = ratatui::try_restore();
    if terminal.show_cursor().is_err() {
        // Nothing can be shown on a vanished terminal; skip the Drop that would try again.
        std::mem::forget(terminal);
    }
}
