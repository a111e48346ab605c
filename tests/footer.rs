//! The footer shows the keys of what has focus, from the default keymap: the tab's keys, the
//! open overlay's, the runbook step's, or the filter line's; plain ASCII with `--ascii`; and at
//! 80 columns it drops whole hints from the least important end, keeping `? help`.

mod common;

use std::sync::OnceLock;

use common::{draw, keymap, lines, simulator, state_with};
use opsconsole::app::runbook::{Stage, open};
use opsconsole::app::{Action, Topic, update};
use opsconsole::app::{AppState, Environment, EnvironmentTier, Message, Overlay, RunbookMessage};
use opsconsole::domain::FleetSnapshot;
use opsconsole::domain::audit::RunOutcome;
use opsconsole::domain::runbook::{PlanView, PlannedStep, Risk, RunEvent, RunEventKind};
use opsconsole::input::translate_key;
use opsconsole::runbook::catalog::Catalog;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(state: &mut AppState, code: KeyCode) {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(message) = translate_key(&key, state, &keymap()) {
        update(state, message);
    }
}

/// The footer's hints at `width` columns, split where two spaces separate them.
fn hints(state: &mut AppState, width: u16, ascii: bool) -> Vec<String> {
    let footer = lines(&draw(state, width, 24, ascii))
        .pop()
        .expect("a footer");
    assert!(!ascii || footer.is_ascii(), "{footer}");
    footer
        .split("  ")
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(str::to_string)
        .collect()
}

/// The same hints at 80 and 200 columns, in both modes.
fn assert_hints(state: &mut AppState, expected: &[&str]) {
    for width in [80, 200] {
        for ascii in [false, true] {
            assert_eq!(
                hints(state, width, ascii),
                expected,
                "{width} ascii {ascii}"
            );
        }
    }
}

fn state() -> AppState {
    // Replaying the fleet's history is the slow part; every test starts from the same moment.
    static SNAPSHOT: OnceLock<FleetSnapshot> = OnceLock::new();
    let snapshot = SNAPSHOT.get_or_init(|| simulator().snapshot()).clone();
    state_with(snapshot, Topic::Scaling)
}

#[test]
fn a_tab_shows_its_keys_and_80_columns_drop_whole_hints_from_the_end() {
    let mut state = state();
    for tab in Topic::ALL {
        state.tab = tab;
        let wide = hints(&mut state, 200, false);
        let view = if tab == Topic::Checkpoint {
            "< earlier week"
        } else {
            "[/] range"
        };
        assert_eq!(
            wide[..7],
            [
                "? help",
                "q quit",
                "tab next tab",
                "enter open",
                "/ filter",
                "s sort",
                view
            ]
        );
        assert_eq!(wide.last().map(String::as_str), Some("r refresh"));
        for width in [80, 40] {
            // As many whole hints as fit, in order: the next one would not.
            let narrow = hints(&mut state, width, true);
            assert_eq!(narrow, wide[..narrow.len()], "{tab:?} at {width}");
            let used = narrow.join("  ").len();
            let next = wide[narrow.len()].len();
            let width = usize::from(width);
            assert!(
                used <= width && used + 2 + next > width,
                "{tab:?} {narrow:?}"
            );
        }
    }
}

#[test]
fn an_overlay_shows_its_own_keys() {
    let mut state = state();
    state.environments.push(Environment {
        name: "prod".into(),
        tier: EnvironmentTier::Production,
    });
    let scroll = [
        "esc close",
        "down/up scroll",
        "pagedown/pageup page",
        "q quit",
    ];
    let list = |action: &'static str| ["esc close", "down/up move", action, "q quit"];
    for (key, expected) in [
        ('?', scroll),
        ('i', scroll),
        ('a', list("x runbooks")),
        ('e', list("enter switch")),
        ('x', list("enter open")),
        ('A', list("r reload")),
    ] {
        press(&mut state, KeyCode::Char(key));
        assert_ne!(state.overlay, Overlay::None, "{key}");
        assert_hints(&mut state, &expected);
        press(&mut state, KeyCode::Esc);
        assert_eq!(state.overlay, Overlay::None, "{key}");
    }
}

#[test]
fn the_filter_line_shows_what_ends_it() {
    let mut state = state();
    for c in "/api".chars() {
        press(&mut state, KeyCode::Char(c));
    }
    assert_hints(&mut state, &["/api_", "enter keep", "esc clear"]);
}

fn plan(risk: Risk) -> PlanView {
    PlanView {
        id: 7,
        runbook: "scale-group".into(),
        title: "Scale a group".into(),
        risk,
        target: "web".into(),
        environment: "demo".into(),
        params: Vec::new(),
        change: vec!["web desired 5 -> 7".into()],
        precondition: None,
        precondition_holds: None,
        warnings: Vec::new(),
        steps: vec![PlannedStep {
            title: "Set desired capacity".into(),
            kind: "action",
            call: "set-desired-capacity group=web desired=7".into(),
            limits: "timeout 30s".into(),
        }],
        verify: None,
        digest: "abc".into(),
    }
}

/// A flow at its form, then its plan for `risk` (as the runtime would deliver it).
fn flow_at_plan(risk: Risk, read_only: bool) -> AppState {
    let mut state = state();
    state.read_only = read_only;
    let runbook = Catalog::load(None).0.runbooks.remove(0);
    open(&mut state, runbook, None);
    assert_hints(
        &mut state,
        &["enter make the plan", "esc leave", "tab/shift+tab field"],
    );
    if let Some(flow) = state.flow.as_mut() {
        flow.stage = Stage::Planning;
    }
    assert_hints(&mut state, &["esc leave"]);
    let ready = RunbookMessage::PlanReady(plan(risk));
    update(&mut state, Message::Runbook(Box::new(ready)));
    state
}

fn run_event(state: &mut AppState, kind: RunEventKind) {
    let event = RunbookMessage::Run(RunEvent { run: 7, kind });
    update(state, Message::Runbook(Box::new(event)));
}

#[test]
fn the_runbook_flow_shows_the_keys_its_step_takes() {
    let mut state = flow_at_plan(Risk::Low, true);
    assert_hints(&mut state, &["esc leave", "p re-plan", "down/up scroll"]);
    let mut state = flow_at_plan(Risk::High, false);
    press(&mut state, KeyCode::Enter);
    let typed = ["enter run if the typed name matches", "esc leave"];
    assert_hints(&mut state, &typed);

    let mut state = flow_at_plan(Risk::Low, false);
    assert_hints(
        &mut state,
        &["enter confirm", "esc leave", "p re-plan", "down/up scroll"],
    );
    press(&mut state, KeyCode::Enter);
    let confirm = ["y run", "n do not run", "left/right focus", "enter press"];
    assert_hints(&mut state, &confirm);
    press(&mut state, KeyCode::Char('y'));
    assert_hints(&mut state, &["c cancel the run"]);
    press(&mut state, KeyCode::Char('c'));
    assert_hints(&mut state, &["y cancel the run", "n keep it running"]);
    press(&mut state, KeyCode::Char('n'));
    let instruction = "drain the node".into();
    run_event(
        &mut state,
        RunEventKind::AwaitingOperator {
            index: 0,
            instruction,
            needs_note: false,
        },
    );
    assert_hints(&mut state, &["y step done", "n abort", "c cancel the run"]);
    press(&mut state, KeyCode::Char('y'));
    assert_hints(
        &mut state,
        &["enter answer with the note", "esc back to the question"],
    );
    press(&mut state, KeyCode::Esc);
    assert_hints(&mut state, &["y step done", "n abort", "c cancel the run"]);
    let finished = RunEventKind::Finished {
        outcome: RunOutcome::Succeeded,
        error: None,
        elapsed: std::time::Duration::from_secs(3),
        captured: Vec::new(),
    };
    run_event(&mut state, finished);
    assert_hints(&mut state, &["enter/esc close", "A audit trail"]);

    let mut state = flow_at_plan(Risk::Low, false);
    if let Some(flow) = state.flow.as_mut() {
        flow.stage = Stage::Planning;
    }
    let failed = RunbookMessage::PlanFailed("no such group".into());
    update(&mut state, Message::Runbook(Box::new(failed)));
    assert_hints(
        &mut state,
        &["p re-plan", "enter back to the form", "esc leave"],
    );

    // A run that did not succeed offers the re-plan first.
    let mut state = flow_at_plan(Risk::Low, false);
    press(&mut state, KeyCode::Enter);
    press(&mut state, KeyCode::Char('y'));
    let stopped = RunEventKind::Finished {
        outcome: RunOutcome::PreconditionFailed,
        error: Some("group.web.desired == 5 (now 6)".into()),
        elapsed: std::time::Duration::ZERO,
        captured: Vec::new(),
    };
    run_event(&mut state, stopped);
    assert_hints(
        &mut state,
        &["p re-plan", "enter/esc close", "A audit trail"],
    );
}

#[test]
fn a_detail_view_shows_how_to_go_back_scroll_and_move_the_cursor() {
    let mut state = state();
    update(&mut state, Message::User(Action::Open));
    assert!(state.detail.is_some());
    assert_eq!(
        hints(&mut state, 200, false),
        [
            "esc back",
            "down/up scroll",
            "left/right cursor",
            "[/] range",
            "x runbooks",
            "i sources",
            "? help",
            "q quit"
        ]
    );
}
