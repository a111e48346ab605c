//! The console's runbook flow, key by key through the real keymap, for every built-in runbook:
//! no path reaches `StartRun` without the confirmation stage; Esc, No, a wrong typed name and
//! read-only mode never run anything; one confirmation starts exactly one run whatever is
//! pressed after it; secrets typed into a form never reach the screen.

mod common;

use common::{draw, keymap, lines, simulator, state_with};
use opsconsole::app::runbook::{Stage, open};
use opsconsole::app::{AppState, Effect, Message, RunbookMessage, Topic, update};
use opsconsole::domain::audit::RunOutcome;
use opsconsole::domain::runbook::{
    Answer, Capability, PlanView, PlannedStep, Risk, RowRef, RunEvent, RunEventKind, Runbook,
    StepStatus,
};
use opsconsole::input::translate_key;
use opsconsole::runbook::catalog::Catalog;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(state: &mut AppState, code: KeyCode) -> Vec<Effect> {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    translate_key(&key, state, &keymap()).map_or_else(Vec::new, |m| update(state, m))
}

fn typed(state: &mut AppState, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| press(state, KeyCode::Char(c)))
        .collect()
}

fn starts(effects: &[Effect]) -> usize {
    effects
        .iter()
        .filter(|e| matches!(e, Effect::StartRun { .. }))
        .count()
}

fn runbooks() -> Vec<Runbook> {
    Catalog::load(None).0.runbooks
}

fn state() -> AppState {
    // Replaying the fleet's history is the slow part; every test starts from the same moment.
    static SNAPSHOT: std::sync::OnceLock<opsconsole::domain::FleetSnapshot> =
        std::sync::OnceLock::new();
    let snapshot = SNAPSHOT.get_or_init(|| simulator().snapshot()).clone();
    let mut state = state_with(snapshot, Topic::Scaling);
    state.runbooks = runbooks();
    state.capabilities = vec![
        Capability::FleetActions,
        Capability::Prometheus,
        Capability::Alertmanager,
    ];
    state
}

fn plan_for(runbook: &Runbook) -> PlanView {
    PlanView {
        id: 7,
        runbook: runbook.id.clone(),
        title: runbook.title.clone(),
        risk: runbook.risk,
        target: "web-1".into(),
        environment: "demo".into(),
        params: vec![("group".into(), "web".into())],
        change: vec!["web desired 5 → 7 (min 5, max 12)".into()],
        precondition: Some("group.web.desired == 5 (now 5)".into()),
        precondition_holds: Some(true),
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

/// A flow on `runbook` at its plan stage, as the runtime would leave it.
fn at_plan(runbook: &Runbook, read_only: bool) -> AppState {
    let mut state = state();
    state.read_only = read_only;
    open(&mut state, runbook.clone(), None);
    if let Some(flow) = state.flow.as_mut() {
        flow.stage = Stage::Planning;
    }
    let effects = update(
        &mut state,
        Message::Runbook(Box::new(RunbookMessage::PlanReady(plan_for(runbook)))),
    );
    assert!(effects.is_empty());
    assert!(matches!(
        state.flow.as_ref().map(|f| &f.stage),
        Some(Stage::Plan { .. })
    ));
    state
}

#[test]
fn esc_at_every_stage_never_runs_and_leaving_a_plan_is_audited() {
    for runbook in runbooks() {
        let mut state = state();
        open(&mut state, runbook.clone(), None);
        assert!(
            press(&mut state, KeyCode::Esc).is_empty(),
            "{}: form",
            runbook.id
        );
        assert!(state.flow.is_none());

        let mut state = at_plan(&runbook, false);
        let effects = press(&mut state, KeyCode::Esc);
        assert_eq!(
            effects,
            [Effect::DiscardPlan {
                plan: 7,
                stage: "plan"
            }],
            "{}",
            runbook.id
        );
        assert!(state.flow.is_none());

        let mut state = at_plan(&runbook, false);
        assert!(
            press(&mut state, KeyCode::Enter).is_empty(),
            "{}: to the confirmation",
            runbook.id
        );
        let effects = press(&mut state, KeyCode::Esc);
        assert_eq!(
            effects,
            [Effect::DiscardPlan {
                plan: 7,
                stage: "confirmation"
            }],
            "{}",
            runbook.id
        );
    }
}

#[test]
fn low_risk_defaults_to_no_and_high_risk_needs_the_exact_name() {
    for runbook in runbooks() {
        let mut state = at_plan(&runbook, false);
        press(&mut state, KeyCode::Enter);
        match runbook.risk {
            Risk::Low => {
                // Enter, Enter from the plan presses the focused No.
                let effects = press(&mut state, KeyCode::Enter);
                assert_eq!(starts(&effects), 0, "{}", runbook.id);
                assert!(state.flow.is_none(), "{}: No closes", runbook.id);
                let mut state = at_plan(&runbook, false);
                press(&mut state, KeyCode::Enter);
                assert_eq!(starts(&typed(&mut state, "n")), 0);
                assert!(state.flow.is_none());
            }
            Risk::High => {
                let mut effects = typed(&mut state, "web-2");
                effects.extend(press(&mut state, KeyCode::Enter));
                effects.extend(typed(&mut state, "y"));
                effects.extend(press(&mut state, KeyCode::Enter));
                assert_eq!(starts(&effects), 0, "{}: a wrong name", runbook.id);
                let screen = lines(&draw(&mut state, 150, 45, false)).join("\n");
                assert!(screen.contains("does not match web-1"), "{screen}");
                assert!(
                    press(&mut state, KeyCode::Enter)
                        .iter()
                        .all(|e| !matches!(e, Effect::StartRun { .. }))
                );
            }
        }
    }
}

#[test]
fn one_confirmation_starts_exactly_one_run_whatever_follows() {
    for runbook in runbooks() {
        let mut state = at_plan(&runbook, false);
        let mut effects = press(&mut state, KeyCode::Enter);
        effects.extend(match runbook.risk {
            Risk::Low => typed(&mut state, "y"),
            Risk::High => {
                let mut e = typed(&mut state, "web-1");
                e.extend(press(&mut state, KeyCode::Enter));
                e
            }
        });
        for _ in 0..5 {
            effects.extend(press(&mut state, KeyCode::Enter));
            effects.extend(typed(&mut state, "y"));
        }
        assert_eq!(starts(&effects), 1, "{}: {effects:?}", runbook.id);
        let how = effects.iter().find_map(|e| match e {
            Effect::StartRun {
                plan: 7,
                confirmation,
            } => Some(confirmation.clone()),
            _ => None,
        });
        let expected = match runbook.risk {
            Risk::Low => "answered y",
            Risk::High => "typed the target name \"web-1\"",
        };
        assert_eq!(how.as_deref(), Some(expected));
    }
}

#[test]
fn read_only_never_runs_whatever_is_pressed() {
    for runbook in runbooks() {
        let mut state = at_plan(&runbook, true);
        let mut effects = Vec::new();
        for _ in 0..3 {
            effects.extend(press(&mut state, KeyCode::Enter));
            effects.extend(typed(&mut state, "yweb-1"));
            effects.extend(press(&mut state, KeyCode::Right));
        }
        assert_eq!(starts(&effects), 0, "{}: {effects:?}", runbook.id);
        let screen = lines(&draw(&mut state, 150, 45, false)).join("\n");
        assert!(
            screen.contains("READ-ONLY: this plan cannot run here"),
            "{screen}"
        );
    }
}

#[test]
fn x_opens_the_runbooks_of_the_tab_on_the_selected_row_and_validates_inline() {
    let mut state = state();
    draw(&mut state, 150, 45, false);
    typed(&mut state, "x");
    let screen = lines(&draw(&mut state, 150, 45, false)).join("\n");
    assert!(screen.contains("Runbooks for scaling"), "{screen}");
    press(&mut state, KeyCode::Enter);
    let flow = state.flow.as_ref().expect("the form");
    assert_eq!(flow.runbook.id, "scale-out");
    assert_eq!(
        flow.row,
        Some(RowRef {
            tab: Some(Topic::Scaling),
            key: "web".into()
        })
    );
    let Stage::Form(form) = &flow.stage else {
        panic!("a form")
    };
    assert_eq!(
        opsconsole::app::runbook::text_of(&form.fields[0].input),
        "web"
    );
    // Desired beyond the group's max of 12: shown at once, and Enter makes no plan.
    press(&mut state, KeyCode::Tab);
    press(&mut state, KeyCode::Backspace);
    typed(&mut state, "13");
    let screen = lines(&draw(&mut state, 150, 45, false)).join("\n");
    assert!(screen.contains("at most 12"), "{screen}");
    assert!(press(&mut state, KeyCode::Enter).is_empty());
    for _ in 0..3 {
        press(&mut state, KeyCode::Backspace);
    }
    typed(&mut state, "8");
    let effects = press(&mut state, KeyCode::Enter);
    let Some(Effect::PlanRun(request)) = effects.first() else {
        panic!("{effects:?}")
    };
    assert_eq!(request.inputs.get("desired").map(String::as_str), Some("8"));
    assert_eq!(request.inputs.get("group").map(String::as_str), Some("web"));
}

#[test]
fn a_secret_typed_into_a_form_never_reaches_the_screen() {
    let text = r#"
id = "rotate"
title = "Rotate a key"
tab = "security"
risk = "low"
target = "key"
[[params]]
name = "token"
type = "string"
secret = true
[[steps]]
title = "Rotate"
command = ["rotate", "{token}"]
"#;
    let runbook = opsconsole::runbook::catalog::parse(
        std::path::Path::new("rotate.toml"),
        text,
        opsconsole::domain::runbook::Origin::BuiltIn,
    )
    .expect("parses");
    let mut state = state();
    open(&mut state, runbook, None);
    typed(&mut state, "hunter2secret");
    let screen = lines(&draw(&mut state, 150, 45, false)).join("\n");
    assert!(!screen.contains("hunter2"), "{screen}");
    assert!(screen.contains("•••••••••••••"), "{screen}");
    // The request carries the text to the planner, but never prints it.
    let effects = press(&mut state, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::PlanRun(_)]),
        "{effects:?}"
    );
    assert!(!format!("{effects:?}").contains("hunter2"));
}

#[test]
fn progress_shows_steps_a_manual_step_the_cancel_question_and_the_outcome() {
    let runbook = runbooks()
        .into_iter()
        .find(|r| r.id == "scale-out")
        .expect("built-in");
    let mut state = at_plan(&runbook, false);
    press(&mut state, KeyCode::Enter);
    typed(&mut state, "web-1");
    press(&mut state, KeyCode::Enter);
    let event = |kind| Message::Runbook(Box::new(RunbookMessage::Run(RunEvent { run: 7, kind })));
    update(&mut state, event(RunEventKind::StepStarted { index: 0 }));
    update(
        &mut state,
        event(RunEventKind::AwaitingOperator {
            index: 0,
            instruction: "check the jobs".into(),
            needs_note: true,
        }),
    );
    let screen = lines(&draw(&mut state, 150, 45, false)).join("\n");
    assert!(
        screen.contains("OPERATOR: check the jobs") && screen.contains("RUNNING scale-out"),
        "{screen}"
    );
    // y opens the note; a required note cannot be left empty; enter answers with it.
    assert!(typed(&mut state, "y").is_empty());
    assert!(press(&mut state, KeyCode::Enter).is_empty());
    let screen = lines(&draw(&mut state, 150, 45, false)).join("\n");
    assert!(
        screen.contains("done · what you found (required): ")
            && screen.contains("this step needs a note of what you found"),
        "{screen}"
    );
    assert!(typed(&mut state, "batch job 42 moved").is_empty());
    assert_eq!(
        press(&mut state, KeyCode::Enter),
        [Effect::AnswerOperator {
            run: 7,
            answer: Answer {
                done: true,
                note: "batch job 42 moved".into()
            }
        }]
    );
    assert!(
        typed(&mut state, "q").is_empty() && !state.quit,
        "no quitting during a run"
    );
    assert!(typed(&mut state, "c").is_empty());
    assert!(
        lines(&draw(&mut state, 150, 45, false))
            .join("\n")
            .contains("Cancel the run?")
    );
    assert!(typed(&mut state, "n").is_empty(), "n keeps it running");
    typed(&mut state, "c");
    assert_eq!(typed(&mut state, "y"), [Effect::CancelRun(7)]);
    update(
        &mut state,
        event(RunEventKind::StepFinished {
            index: 0,
            status: StepStatus::Cancelled,
            elapsed: std::time::Duration::from_secs(3),
            attempts: 1,
        }),
    );
    update(
        &mut state,
        event(RunEventKind::Finished {
            outcome: RunOutcome::Cancelled,
            error: Some("cancelled by the operator".into()),
            elapsed: std::time::Duration::from_secs(3),
            captured: vec![("silence".into(), "abc-123".into())],
        }),
    );
    let screen = lines(&draw(&mut state, 150, 45, false)).join("\n");
    assert!(
        screen.contains("CANCELLED after 3s") && screen.contains("cancelled in 3s"),
        "{screen}"
    );
    assert!(screen.contains("silence = abc-123"), "{screen}");
    assert_eq!(
        typed(&mut state, "A"),
        [Effect::LoadAudit],
        "A on the summary opens the audit"
    );
    assert!(state.flow.is_none());
}

#[test]
fn the_plan_scrolls_with_the_table_movement_keys() {
    let runbook = runbooks()
        .into_iter()
        .find(|r| r.id == "scale-out")
        .expect("built-in");
    let mut state = at_plan(&runbook, false);
    press(&mut state, KeyCode::Down);
    press(&mut state, KeyCode::Down);
    let scroll = match state.flow.as_ref().map(|f| &f.stage) {
        Some(Stage::Plan { scroll, .. }) => *scroll,
        _ => panic!("still at the plan"),
    };
    assert_eq!(scroll, 2);
}

#[test]
fn the_audit_view_loads_and_says_whether_the_chain_holds() {
    let mut state = state();
    assert_eq!(typed(&mut state, "A"), [Effect::LoadAudit]);
    assert!(
        lines(&draw(&mut state, 150, 45, false))
            .join("\n")
            .contains("loading")
    );
    update(
        &mut state,
        Message::Runbook(Box::new(RunbookMessage::AuditLoaded(Ok((
            Vec::new(),
            Vec::new(),
        ))))),
    );
    let screen = lines(&draw(&mut state, 150, 45, false)).join("\n");
    assert!(screen.contains("chain intact (0 records"), "{screen}");
    update(
        &mut state,
        Message::Runbook(Box::new(RunbookMessage::AuditLoaded(Ok((
            Vec::new(),
            vec!["line 3: hash does not match its content (edited?)".into()],
        ))))),
    );
    let screen = lines(&draw(&mut state, 150, 45, false)).join("\n");
    assert!(screen.contains("CHAIN BROKEN: line 3"), "{screen}");
    assert_eq!(typed(&mut state, "r"), [Effect::LoadAudit], "r reloads");
}

#[test]
fn quitting_from_a_plan_or_confirmation_records_it_as_left_unrun() {
    let runbook = runbooks()
        .into_iter()
        .find(|r| r.id == "silence-alert")
        .expect("built-in");
    let mut state = at_plan(&runbook, false);
    let effects = typed(&mut state, "q");
    assert_eq!(
        effects,
        [
            Effect::DiscardPlan {
                plan: 7,
                stage: "plan"
            },
            Effect::Quit
        ]
    );
    let mut state = at_plan(&runbook, false);
    press(&mut state, KeyCode::Enter);
    let effects = typed(&mut state, "q");
    assert_eq!(
        effects,
        [
            Effect::DiscardPlan {
                plan: 7,
                stage: "confirmation"
            },
            Effect::Quit
        ]
    );
    assert!(state.quit);
}

#[test]
fn every_stage_draws_in_small_terminals_without_panicking() {
    let runbook = runbooks()
        .into_iter()
        .find(|r| r.id == "silence-alert")
        .expect("built-in");
    let mut form = state();
    open(&mut form, runbook.clone(), None);
    let plan = at_plan(&runbook, false);
    let mut confirm = at_plan(&runbook, false);
    press(&mut confirm, KeyCode::Enter);
    let mut running = at_plan(&runbook, false);
    press(&mut running, KeyCode::Enter);
    typed(&mut running, "y");
    for mut state in [form, plan, confirm, running] {
        for (width, height) in [
            (0, 0),
            (1, 1),
            (20, 5),
            (40, 10),
            (41, 11),
            (60, 15),
            (80, 24),
        ] {
            let screen = lines(&draw(&mut state, width, height, false));
            assert_eq!(screen.len(), usize::from(height));
        }
    }
}
