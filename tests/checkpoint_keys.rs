//! The Checkpoint tab's week keys through the real default keymap and `update`: which week is
//! asked for, what the header then says, and answers that arrive too late.

mod checkpoint_support;
mod common;

use checkpoint_support::{report_for, state_on, week};
use common::{draw, keymap, text};
use opsconsole::app::{AppState, CheckpointView, Effect, Message, TabId, update};
use opsconsole::domain::SourceId;
use opsconsole::input::translate_key;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(state: &mut AppState, key: char) -> Vec<Effect> {
    let event = KeyEvent::new(KeyCode::Char(key), KeyModifiers::NONE);
    let message = translate_key(&event, state, &keymap()).expect("a bound key");
    update(state, message)
}

fn answer(state: &mut AppState, week_text: &str) {
    let week = week(week_text);
    update(
        state,
        Message::Checkpoint(week, Box::new(Ok(report_for(week)))),
    );
}

/// On the Checkpoint tab with this week's report loaded.
fn ready() -> AppState {
    let mut state = state_on(TabId::Scaling);
    assert_eq!(
        press(&mut state, '6'),
        [Effect::LoadCheckpoint(week("2026-W49"))],
        "the tab asks for this week"
    );
    assert_eq!(state.tab, TabId::Checkpoint);
    answer(&mut state, "2026-W49");
    assert!(matches!(
        state.checkpoint.view,
        CheckpointView::Ready { .. }
    ));
    state
}

fn screen(state: &mut AppState) -> String {
    text(&draw(state, 120, 40, false))
}

#[test]
fn previous_and_next_step_through_past_weeks() {
    let mut state = ready();
    assert_eq!(
        press(&mut state, '<'),
        [Effect::LoadCheckpoint(week("2026-W48"))]
    );
    answer(&mut state, "2026-W48");
    let shown = screen(&mut state);
    assert!(
        shown.contains("Week 2026-W48 · Mon 23 Nov – Sun 29 Nov (UTC) · last week"),
        "{shown}"
    );
    assert_eq!(
        press(&mut state, '<'),
        [Effect::LoadCheckpoint(week("2026-W47"))]
    );
    assert!(
        screen(&mut state).contains("Week 2026-W47"),
        "the header follows at once"
    );
    answer(&mut state, "2026-W47");
    assert!(screen(&mut state).contains("2 weeks ago"));
    assert_eq!(
        press(&mut state, '>'),
        [Effect::LoadCheckpoint(week("2026-W48"))]
    );
    assert_eq!(state.checkpoint.pinned, Some(week("2026-W48")));
    assert_eq!(
        press(&mut state, '>'),
        [Effect::LoadCheckpoint(week("2026-W49"))]
    );
    assert_eq!(
        state.checkpoint.pinned, None,
        "back on the running week, which rolls over"
    );
}

#[test]
fn next_at_the_running_week_does_nothing() {
    let mut state = ready();
    state.table_mut(TabId::Checkpoint).selected = 3;
    let before = state.checkpoint.clone();
    assert!(
        press(&mut state, '>').is_empty(),
        "the future has no figures"
    );
    assert_eq!(state.checkpoint, before);
    assert_eq!(
        state.table(TabId::Checkpoint).selected,
        3,
        "the selection stays"
    );
    assert!(screen(&mut state).contains("Week 2026-W49"));
}

#[test]
fn this_week_returns_from_the_past() {
    let mut state = ready();
    press(&mut state, '<');
    press(&mut state, '<');
    assert_eq!(
        press(&mut state, 't'),
        [Effect::LoadCheckpoint(week("2026-W49"))]
    );
    assert_eq!(state.checkpoint.pinned, None);
    answer(&mut state, "2026-W49");
    assert!(screen(&mut state).contains("this week, to date"));
}

#[test]
fn answers_for_a_week_no_longer_selected_are_ignored() {
    let mut state = ready();
    press(&mut state, '<');
    // This week's refresh answering after the user stepped back must not show W49 as W48.
    answer(&mut state, "2026-W49");
    assert!(
        matches!(state.checkpoint.view, CheckpointView::Loading { week: w, .. } if w == week("2026-W48")),
        "{:?}",
        state.checkpoint.view
    );
    assert!(screen(&mut state).contains("evaluating the week…"));
    answer(&mut state, "2026-W48");
    assert!(
        matches!(&state.checkpoint.view, CheckpointView::Ready { report, .. } if report.week == "2026-W48")
    );
}

#[test]
fn a_report_of_the_environment_left_is_ignored() {
    let mut state = ready();
    // Switched away; the old environment's evaluation was already on its way.
    state.environment.name = "staging".into();
    press(&mut state, 'r');
    answer(&mut state, "2026-W49");
    assert!(
        matches!(state.checkpoint.view, CheckpointView::Loading { .. }),
        "{:?}",
        state.checkpoint.view
    );
}

#[test]
fn refresh_re_evaluates_the_week_and_asks_the_sources() {
    let mut state = ready();
    let effects = press(&mut state, 'r');
    assert!(
        effects.contains(&Effect::Refresh(SourceId::Simulator)),
        "{effects:?}"
    );
    assert!(
        effects.contains(&Effect::LoadCheckpoint(week("2026-W49"))),
        "{effects:?}"
    );
    // The figures stay on screen while they are re-evaluated.
    let shown = screen(&mut state);
    assert!(
        shown.contains("evaluating…") && shown.contains("6 of 9 met"),
        "{shown}"
    );
}
