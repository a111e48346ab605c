//! Keys → actions → state, through the real default keymap, without a terminal.

mod common;

use common::{draw, keymap, lines, simulator, state_with};
use opsconsole::app::{
    AppState, ChartRange, Effect, Environment, EnvironmentTier, Message, Overlay, Topic, update,
};
use opsconsole::input::translate_key;
use opsconsole::ui::header::tab_at;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(state: &mut AppState, code: KeyCode, modifiers: KeyModifiers) -> Vec<Effect> {
    let key = KeyEvent::new(code, modifiers);
    match translate_key(&key, state, &keymap()) {
        Some(message) => update(state, message),
        None => Vec::new(),
    }
}

fn typed(state: &mut AppState, text: &str) {
    for c in text.chars() {
        press(state, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

fn state() -> AppState {
    state_with(simulator().snapshot(), Topic::Scaling)
}

#[test]
fn number_keys_tab_and_backtab_switch_tabs() {
    let mut state = state();
    typed(&mut state, "2");
    assert_eq!(state.tab, Topic::Latency);
    typed(&mut state, "5");
    assert_eq!(state.tab, Topic::Readiness);
    typed(&mut state, "6");
    assert_eq!(state.tab, Topic::Checkpoint);
    press(&mut state, KeyCode::Tab, KeyModifiers::NONE);
    assert_eq!(state.tab, Topic::Scaling, "tab wraps around");
    press(&mut state, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(state.tab, Topic::Checkpoint);
}

#[test]
fn filter_takes_text_then_keeps_or_clears() {
    let mut state = state();
    typed(&mut state, "2/api");
    assert!(state.editing_filter());
    assert_eq!(state.table(Topic::Latency).filter, "api");
    assert!(!state.quit);
    typed(&mut state, "q");
    assert!(!state.quit, "q is text while filtering");
    press(&mut state, KeyCode::Backspace, KeyModifiers::NONE);
    press(&mut state, KeyCode::Enter, KeyModifiers::NONE);
    assert!(!state.editing_filter());
    let shown = lines(&draw(&mut state, 200, 50, false));
    let rows: Vec<&String> = shown
        .iter()
        .filter(|l| l.starts_with("│") && l.contains("ms ") && l.contains('%'))
        .collect();
    assert_eq!(
        rows.len(),
        1,
        "only the api row passes the filter: {rows:?}"
    );
    assert!(rows[0].contains("api"));
    press(&mut state, KeyCode::Esc, KeyModifiers::NONE);
    assert!(
        state.table(Topic::Latency).filter.is_empty(),
        "esc clears the filter"
    );
}

#[test]
fn quit_works_from_filter_and_help() {
    let mut state = state();
    typed(&mut state, "/x");
    assert_eq!(
        press(&mut state, KeyCode::Char('c'), KeyModifiers::CONTROL),
        vec![Effect::Quit]
    );
    let mut state = self::state();
    typed(&mut state, "?");
    assert_eq!(state.overlay, Overlay::Help { scroll: 0 });
    assert_eq!(
        press(&mut state, KeyCode::Char('q'), KeyModifiers::NONE),
        vec![Effect::Quit]
    );
    assert!(state.quit);
}

#[test]
fn help_opens_and_closes_and_lists_every_action() {
    let mut state = state();
    typed(&mut state, "?");
    // The help scrolls; collect every screenful.
    let mut all = String::new();
    for _ in 0..40 {
        all.push_str(&lines(&draw(&mut state, 200, 60, false)).join("\n"));
        press(&mut state, KeyCode::Down, KeyModifiers::NONE);
    }
    let shown = opsconsole::app::Action::ALL
        .iter()
        .all(|a| all.contains(a.name().as_ref()));
    assert!(shown, "help lists every action");
    press(&mut state, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(state.overlay, Overlay::None);
}

#[test]
fn selection_sort_and_range_move() {
    let mut state = state();
    typed(&mut state, "2");
    press(&mut state, KeyCode::Down, KeyModifiers::NONE);
    press(&mut state, KeyCode::Down, KeyModifiers::NONE);
    assert_eq!(state.table(Topic::Latency).selected, 2);
    press(&mut state, KeyCode::End, KeyModifiers::NONE);
    draw(&mut state, 200, 50, false);
    let services = state
        .data
        .snapshot()
        .and_then(|s| s.latency.as_ref())
        .map_or(0, |l| l.services.len());
    assert_eq!(
        state.table(Topic::Latency).selected,
        services - 1,
        "end clamps to the last row"
    );
    typed(&mut state, "s");
    assert_eq!(state.table(Topic::Latency).sort_column, 1);
    typed(&mut state, "S");
    assert!(state.table(Topic::Latency).descending);
    assert_eq!(state.chart_range, ChartRange::SixHours);
    typed(&mut state, "]]]");
    assert_eq!(
        state.chart_range,
        ChartRange::SevenDays,
        "range stops at the longest"
    );
    typed(&mut state, "[");
    assert_eq!(state.chart_range, ChartRange::OneDay);
}

#[test]
fn vim_and_less_keys_move_in_the_default_keymap() {
    let mut state = state();
    typed(&mut state, "2jjj");
    assert_eq!(state.table(Topic::Latency).selected, 3);
    typed(&mut state, "k");
    assert_eq!(state.table(Topic::Latency).selected, 2);
    press(&mut state, KeyCode::Char('d'), KeyModifiers::CONTROL);
    assert_eq!(state.table(Topic::Latency).selected, 12);
    press(&mut state, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(state.table(Topic::Latency).selected, 2);
    typed(&mut state, "G");
    assert_eq!(
        state.table(Topic::Latency).selected,
        usize::MAX,
        "the renderer clamps"
    );
    typed(&mut state, "g");
    assert_eq!(state.table(Topic::Latency).selected, 0);
    // Overlays move with the same keys.
    state.environments.push(Environment {
        name: "prod".into(),
        tier: EnvironmentTier::Production,
    });
    typed(&mut state, "ej");
    assert_eq!(state.overlay, Overlay::Environments { selected: 1 });
    typed(&mut state, "k");
    assert_eq!(state.overlay, Overlay::Environments { selected: 0 });
    typed(&mut state, "G");
    assert_eq!(state.overlay, Overlay::Environments { selected: 1 });
    typed(&mut state, "g");
    assert_eq!(state.overlay, Overlay::Environments { selected: 0 });
    // A scrolled view stops at its end when drawn: G then one step up moves at once.
    press(&mut state, KeyCode::Esc, KeyModifiers::NONE);
    typed(&mut state, "iG");
    draw(&mut state, 80, 24, false);
    let Overlay::Inspect { scroll: end } = state.overlay else {
        panic!("inspect open: {:?}", state.overlay);
    };
    assert!(end < 200, "clamped to the content: {end}");
    typed(&mut state, "k");
    assert_eq!(
        state.overlay,
        Overlay::Inspect {
            scroll: end.saturating_sub(1)
        }
    );
}

#[test]
fn mouse_click_on_a_tab_title_hits_that_tab() {
    let mut state = state();
    let header = lines(&draw(&mut state, 200, 50, false))[0].clone();
    for tab in Topic::ALL {
        let column = header.find(tab.title()).expect("title in header");
        let column = u16::try_from(header[..column].chars().count()).expect("column");
        assert_eq!(tab_at(&state, 200, column, 0), Some(tab));
    }
    assert_eq!(
        tab_at(&state, 200, 0, 0),
        None,
        "the environment badge is not a tab"
    );
    assert_eq!(tab_at(&state, 200, 20, 3), None, "only the header row");
}

#[test]
fn a_narrow_header_keeps_every_tab_visible_and_clickable() {
    let mut state = state();
    state.tab = Topic::Checkpoint;
    let header = lines(&draw(&mut state, 80, 24, false))[0].clone();
    for (position, tab) in Topic::ALL.into_iter().enumerate() {
        let label = format!(" {} {} ", position + 1, tab.short_title());
        let column = header.find(&label).expect("every tab's number and name") + 1;
        let column = u16::try_from(header[..column].chars().count()).expect("column");
        assert_eq!(tab_at(&state, 80, column, 0), Some(tab), "{header}");
    }
    assert!(header.contains("UTC"), "the clock still shows: {header}");
}

#[test]
fn refresh_asks_every_source() {
    let mut state = state();
    assert_eq!(
        press(&mut state, KeyCode::Char('r'), KeyModifiers::NONE).len(),
        1
    );
    let tick = Message::Tick {
        now: state.now,
        wall: state.wall,
    };
    assert!(update(&mut state, tick).is_empty());
}

#[test]
fn only_visible_changes_ask_for_a_frame() {
    let mut state = state();
    state.take_dirty();
    let tick = Message::Tick {
        now: state.now,
        wall: state.wall,
    };
    update(&mut state, tick);
    assert!(
        !state.take_dirty(),
        "a tick within the same second draws nothing"
    );
    update(&mut state, Message::Resize);
    assert!(state.take_dirty(), "a resize redraws");
}
