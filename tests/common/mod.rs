//! Shared helpers for the render and key-flow tests: a seeded simulator, state and a terminal.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use opsconsole::app::{AppState, DataStore, Environment, EnvironmentTier, Message, Topic, update};
use opsconsole::domain::{FleetSnapshot, SourceId, SourceUpdate};
use opsconsole::input::keymap::Keymap;
use opsconsole::sources::simulator::{Simulator, SimulatorConfig};
use opsconsole::ui::theme::Theme;
use opsconsole::ui::{self, RenderContext};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

pub const SEED: u64 = 42;

/// A quiet hour, so the web group sits at its minimum before the scripted incident.
pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 18, 3, 0, 0)
        .single()
        .expect("valid start")
}

pub fn simulator() -> Simulator {
    Simulator::new(SimulatorConfig::new(SEED, start()))
}

pub fn state_with(snapshot: FleetSnapshot, tab: Topic) -> AppState {
    let now = Instant::now();
    let mut data = DataStore::default();
    data.register(SourceId::Simulator, Duration::from_secs(2));
    let wall = snapshot.taken_at;
    let mut state = AppState::new(
        Environment {
            name: "demo".into(),
            tier: EnvironmentTier::Demo,
        },
        tab,
        data,
        now,
        wall,
    );
    update(
        &mut state,
        Message::Source(SourceUpdate {
            source: SourceId::Simulator,
            result: Ok(Box::new(snapshot)),
        }),
    );
    state
}

pub fn theme() -> Theme {
    Theme::load("dark", None).expect("built-in theme")
}

pub fn keymap() -> Keymap {
    Keymap::load("default", None).expect("built-in keymap")
}

pub fn draw(state: &mut AppState, width: u16, height: u16, ascii: bool) -> Buffer {
    draw_in(&theme(), state, width, height, ascii)
}

pub fn draw_in(
    theme: &Theme,
    state: &mut AppState,
    width: u16,
    height: u16,
    ascii: bool,
) -> Buffer {
    let keymap = keymap();
    let context = RenderContext {
        theme,
        keymap: &keymap,
        ascii,
    };
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| ui::render(frame, state, &context))
        .expect("draw");
    terminal.backend().buffer().clone()
}

pub fn lines(buffer: &Buffer) -> Vec<String> {
    let width = usize::from(buffer.area.width);
    let symbols: Vec<&str> = buffer
        .content()
        .iter()
        .map(ratatui::buffer::Cell::symbol)
        .collect();
    symbols
        .chunks(width.max(1))
        .map(|row| row.concat())
        .collect()
}

pub fn text(buffer: &Buffer) -> String {
    lines(buffer).join("\n")
}
