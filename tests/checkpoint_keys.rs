//! The Checkpoint tab's week keys through the real default keymap and `update`: which week is
//! asked for, what the header then says, and answers that arrive too late.

mod checkpoint_support;
mod common;

use checkpoint_support::{report_for, state_on, week};
use common::{draw, keymap, text};
use opsconsole::app::{
    AppState, CheckpointRequest, CheckpointView, Effect, Message, Topic, update,
};
use opsconsole::domain::SourceId;
use opsconsole::domain::checkpoint::IsoWeek;
use opsconsole::input::translate_key;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(state: &mut AppState, key: char) -> Vec<Effect> {
    let event = KeyEvent::new(KeyCode::Char(key), KeyModifiers::NONE);
    let message = translate_key(&event, state, &keymap()).expect("a bound key");
    update(state, message)
}

/// The weeks the effects ask to evaluate, in order.
fn asked(effects: &[Effect]) -> Vec<IsoWeek> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::LoadCheckpoint(request) => Some(request.week),
            _ => None,
        })
        .collect()
}

/// The request an effect list makes (exactly one).
fn request_in(effects: &[Effect]) -> CheckpointRequest {
    let requests: Vec<CheckpointRequest> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::LoadCheckpoint(request) => Some(*request),
            _ => None,
        })
        .collect();
    assert_eq!(requests.len(), 1, "{effects:?}");
    requests[0]
}

fn answer(state: &mut AppState, request: CheckpointRequest) {
    update(
        state,
        Message::Checkpoint(request, Box::new(Ok(report_for(request.week)))),
    );
}

/// On the Checkpoint tab with this week's report loaded.
fn ready() -> AppState {
    let mut state = state_on(Topic::Scaling);
    let effects = press(&mut state, '6');
    assert_eq!(
        asked(&effects),
        [week("2026-W49")],
        "the tab asks for this week"
    );
    assert_eq!(state.tab, Topic::Checkpoint);
    answer(&mut state, request_in(&effects));
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
    let effects = press(&mut state, '<');
    assert_eq!(asked(&effects), [week("2026-W48")]);
    answer(&mut state, request_in(&effects));
    let shown = screen(&mut state);
    assert!(
        shown.contains("Week 2026-W48 · Mon 23 Nov – Sun 29 Nov (UTC) · last week"),
        "{shown}"
    );
    let effects = press(&mut state, '<');
    assert_eq!(asked(&effects), [week("2026-W47")]);
    assert!(
        screen(&mut state).contains("Week 2026-W47"),
        "the header follows at once"
    );
    answer(&mut state, request_in(&effects));
    assert!(screen(&mut state).contains("2 weeks ago"));
    assert_eq!(asked(&press(&mut state, '>')), [week("2026-W48")]);
    assert_eq!(state.checkpoint.pinned, Some(week("2026-W48")));
    assert_eq!(asked(&press(&mut state, '>')), [week("2026-W49")]);
    assert_eq!(
        state.checkpoint.pinned, None,
        "back on the running week, which rolls over"
    );
}

#[test]
fn next_at_the_running_week_does_nothing() {
    let mut state = ready();
    state.table_mut(Topic::Checkpoint).selected = 3;
    let before = state.checkpoint.clone();
    assert!(
        press(&mut state, '>').is_empty(),
        "the future has no figures"
    );
    assert_eq!(state.checkpoint, before);
    assert_eq!(
        state.table(Topic::Checkpoint).selected,
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
    let effects = press(&mut state, 't');
    assert_eq!(asked(&effects), [week("2026-W49")]);
    assert_eq!(state.checkpoint.pinned, None);
    answer(&mut state, request_in(&effects));
    assert!(screen(&mut state).contains("this week, to date"));
}

#[test]
fn answers_for_a_week_no_longer_selected_are_ignored() {
    let mut state = ready();
    let refresh = request_in(&press(&mut state, 'r'));
    let back = request_in(&press(&mut state, '<'));
    // This week's refresh answering after the user stepped back must not show W49 as W48.
    answer(&mut state, refresh);
    assert!(
        matches!(state.checkpoint.view, CheckpointView::Loading { week: w, .. } if w == week("2026-W48")),
        "{:?}",
        state.checkpoint.view
    );
    assert!(screen(&mut state).contains("evaluating the week…"));
    answer(&mut state, back);
    assert!(
        matches!(&state.checkpoint.view, CheckpointView::Ready { report, .. } if report.week == "2026-W48")
    );
}

#[test]
fn only_the_latest_answer_for_a_week_is_shown() {
    let mut state = ready();
    let first = request_in(&press(&mut state, 'r'));
    let second = request_in(&press(&mut state, 'r'));
    assert_eq!(first.week, second.week);
    update(
        &mut state,
        Message::Checkpoint(first, Box::new(Err("an old failure".into()))),
    );
    assert!(
        matches!(state.checkpoint.view, CheckpointView::Loading { .. }),
        "an older answer, even a failure, is dropped: {:?}",
        state.checkpoint.view
    );
    answer(&mut state, second);
    assert!(matches!(
        state.checkpoint.view,
        CheckpointView::Ready { .. }
    ));
}

#[test]
fn an_answer_from_the_environment_left_is_ignored() {
    let mut state = ready();
    let before_switch = request_in(&press(&mut state, 'r'));
    // The runtime switches environments: the view starts over, and the next tick asks again.
    let data = std::mem::take(&mut state.data);
    let mut staging = state.environment.clone();
    staging.name = "staging".into();
    state.switch_environment(staging, data);
    let tick = Message::Tick {
        now: state.now,
        wall: state.wall,
    };
    let fresh = request_in(&update(&mut state, tick));
    update(
        &mut state,
        Message::Checkpoint(
            before_switch,
            Box::new(Err("cannot query Prometheus".into())),
        ),
    );
    assert!(
        matches!(state.checkpoint.view, CheckpointView::Loading { request, .. } if request == fresh.id),
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
    assert_eq!(asked(&effects), [week("2026-W49")], "{effects:?}");
    // The figures stay on screen while they are re-evaluated.
    let shown = screen(&mut state);
    assert!(
        shown.contains("evaluating…") && shown.contains("8 of 11 met"),
        "{shown}"
    );
}
