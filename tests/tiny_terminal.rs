//! Any terminal size renders without panic, including resize storms and hostile data.

mod common;

use common::{draw, keymap, simulator, state_with, text, theme};
use opsconsole::app::{Overlay, Topic};
use opsconsole::domain::Series;
use opsconsole::ui::{self, RenderContext};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[test]
fn every_tab_at_every_small_size() {
    let snapshot = simulator().snapshot();
    for tab in Topic::ALL {
        let mut state = state_with(snapshot.clone(), tab);
        for (w, h) in [
            (0, 0),
            (1, 1),
            (2, 1),
            (20, 5),
            (39, 9),
            (40, 10),
            (41, 11),
            (60, 15),
            (80, 24),
        ] {
            for ascii in [false, true] {
                draw(&mut state, w, h, ascii);
            }
        }
        state.overlay = Overlay::Help { scroll: 3 };
        draw(&mut state, 40, 10, false);
    }
}

#[test]
fn too_small_says_so() {
    let mut state = state_with(simulator().snapshot(), Topic::Scaling);
    assert!(text(&draw(&mut state, 30, 6, false)).contains("terminal too small"));
}

#[test]
fn resize_storm_on_one_terminal() {
    let (theme, keymap) = (theme(), keymap());
    let context = RenderContext {
        theme: &theme,
        keymap: &keymap,
        ascii: false,
    };
    let mut state = state_with(simulator().snapshot(), Topic::Latency);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    for i in 0..300u16 {
        let (w, h) = ((i * 37) % 230, (i * 13) % 70);
        terminal.backend_mut().resize(w, h);
        terminal
            .resize(ratatui::layout::Rect::new(0, 0, w, h))
            .expect("resize");
        state.tab = Topic::ALL[usize::from(i) % Topic::ALL.len()];
        terminal
            .draw(|frame| ui::render(frame, &mut state, &context))
            .expect("draw");
    }
}

#[test]
fn nan_and_missing_data_show_as_missing() {
    let mut snapshot = simulator().snapshot();
    let latency = snapshot.latency.as_mut().expect("latency");
    for service in &mut latency.services {
        service.p99_ms = Some(f64::NAN);
        service.p50_ms = None;
        service.p99_history.fine = Series::new(
            snapshot.taken_at,
            chrono::Duration::minutes(1),
            vec![f64::NAN; 360],
        );
    }
    let mut state = state_with(snapshot, Topic::Latency);
    let all = text(&draw(&mut state, 200, 50, false));
    assert!(all.contains("—"), "missing figures are shown as —");
    assert!(all.contains("no data"), "an all-NaN chart says so");
    assert!(!all.contains("NaN"));
}

#[test]
fn narrow_header_keeps_the_clock() {
    let mut state = state_with(simulator().snapshot(), Topic::Scaling);
    let header = common::lines(&draw(&mut state, 60, 20, false))[0].clone();
    assert!(
        header.trim_end().ends_with("UTC"),
        "clock wins over the last tab titles: {header:?}"
    );
    assert!(header.starts_with(" DEMO demo "), "{header:?}");
}
