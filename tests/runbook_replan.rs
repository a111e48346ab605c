//! Re-plan in one key: after a precondition failure the plan is made again from the state now,
//! says what changed and needs a new confirmation; an input the state no longer allows sends
//! the operator back to the marked field; a failed plan re-plans with the same inputs.

mod common;
mod replan_support;

use std::time::Duration;

use common::simulator;
use opsconsole::app::runbook::{Stage, open};
use opsconsole::app::{Effect, Message, RunbookMessage, update};
use opsconsole::domain::audit::{AuditEvent, RunOutcome};
use opsconsole::domain::runbook::{FleetCommand, PlanView, RunEvent, RunEventKind};
use opsconsole::runbook::audit::{audit_file, read};
use opsconsole::runbook::executor::RunContext;
use opsconsole::runbook::session;
use ratatui::crossterm::event::KeyCode;
use replan_support::*;
use tokio::sync::mpsc;

#[tokio::test(flavor = "current_thread")]
async fn replan_after_a_precondition_failure_shows_the_new_values_and_asks_again() {
    let (target, audit, dir, _updates) = fleet();
    let mut state = console(target.snapshot().await.expect("snapshot"));
    open(&mut state, runbook("scale-out"), web());
    let first = request_of(&press(&mut state, KeyCode::Enter));
    assert_eq!(first.inputs.get("desired").map(String::as_str), Some("7"));
    let plan = session::request(&runbook("scale-out"), &first, &target, 1, &actor(), &audit)
        .await
        .expect("plan");
    assert_eq!(
        plan.view.precondition.as_deref(),
        Some("group.web.desired == 5 (now 5)")
    );
    planned(&mut state, plan.view.clone());
    press(&mut state, KeyCode::Enter);
    typed(&mut state, "web");
    assert_eq!(starts(&press(&mut state, KeyCode::Enter)), [1]);

    // The policy (here: the test) scales out to 6 while the operator typed the name.
    target
        .act(&FleetCommand::SetDesiredCapacity {
            group: "web".into(),
            desired: 6,
            expect: None,
        })
        .await
        .expect("scaled");
    let (events, mut received) = mpsc::unbounded_channel();
    let context = RunContext {
        actor: actor(),
        confirmation: "typed the target name".into(),
        audit: audit.clone(),
        events,
        approval: None,
    };
    let handle = session::start(plan, target.clone(), context, &dir, false).expect("starts");
    while let Some(event) = received.recv().await {
        update(
            &mut state,
            Message::Runbook(Box::new(RunbookMessage::Run(event))),
        );
    }
    assert_eq!(
        handle.task.await.expect("no panic"),
        RunOutcome::PreconditionFailed
    );
    let result = screen(&mut state);
    assert!(
        result.contains("PRECONDITION_FAILED") && result.contains("p re-plan"),
        "{result}"
    );

    // p: the form's inputs again, against the state now; a new request, never a run.
    refresh(&mut state, target.snapshot().await.expect("snapshot"));
    let effects = press(&mut state, KeyCode::Char('p'));
    assert!(starts(&effects).is_empty(), "{effects:?}");
    let second = request_of(&effects);
    assert_eq!(second.inputs, first.inputs, "7 is still above 6");
    assert!(matches!(stage(&state), Stage::Planning));
    let replanned = session::request(&runbook("scale-out"), &second, &target, 2, &actor(), &audit)
        .await
        .expect("plan");
    assert_eq!(replanned.view.precondition_holds, Some(true));
    assert!(planned(&mut state, replanned.view.clone()).is_empty());
    let shown = screen(&mut state);
    assert!(
        shown.contains(
            "changed since the last plan: now web desired 6 → 7 (min 5, max 12); \
             precondition group.web.desired == 6 (now 6)"
        ),
        "{shown}"
    );
    assert!(matches!(stage(&state), Stage::Plan { .. }));
    // The new plan needs its own confirmation: Enter only reaches it.
    assert!(starts(&press(&mut state, KeyCode::Enter)).is_empty());
    assert!(matches!(stage(&state), Stage::Confirm { .. }));
    typed(&mut state, "web");
    assert_eq!(starts(&press(&mut state, KeyCode::Enter)), [2]);

    // Two requests in the audit: the failed run and the re-plan, each its own run.
    let records = read(&audit_file(&dir)).expect("audit");
    let requested: Vec<&str> = records
        .iter()
        .filter(|r| r.entry.event == AuditEvent::Requested)
        .map(|r| r.entry.run.as_str())
        .collect();
    assert_eq!(requested, ["1", "2"]);
}

fn view(id: u64, desired: u32, before: u32) -> PlanView {
    PlanView {
        id,
        runbook: "scale-out".into(),
        title: "Scale out a group".into(),
        risk: opsconsole::domain::runbook::Risk::High,
        target: "web".into(),
        environment: "demo".into(),
        params: vec![
            ("desired".into(), desired.to_string()),
            ("group".into(), "web".into()),
        ],
        change: vec![format!("web desired {before} → {desired} (min 5, max 12)")],
        precondition: Some(format!("group.web.desired == {before} (now {before})")),
        precondition_holds: Some(true),
        steps: Vec::new(),
        verify: None,
        warnings: Vec::new(),
        digest: "abc".into(),
    }
}

#[test]
fn a_replan_whose_input_no_longer_holds_goes_back_to_the_marked_field() {
    let snapshot = simulator().snapshot();
    let mut state = console(snapshot.clone());
    open(&mut state, runbook("scale-out"), web());
    request_of(&press(&mut state, KeyCode::Enter));
    planned(&mut state, view(7, 7, 5));
    // The group moved to 8 meanwhile: desired 7 is no longer above it.
    refresh(&mut state, with_web(snapshot, 8, 12));
    let effects = press(&mut state, KeyCode::Char('p'));
    assert_eq!(
        effects,
        [Effect::DiscardPlan {
            plan: 7,
            stage: "plan (re-planned)"
        }]
    );
    let Stage::Form(form) = stage(&state) else {
        panic!("the form")
    };
    assert_eq!(form.fields[form.focus].param.name, "desired");
    assert_eq!(form.fields[form.focus].error.as_deref(), Some("at least 9"));
    let shown = screen(&mut state);
    assert!(
        shown.contains("the state moved: desired 7: at least 9; fix the marked field"),
        "{shown}"
    );
    press(&mut state, KeyCode::Backspace);
    let request = request_of(
        &typed(&mut state, "10")
            .into_iter()
            .chain(press(&mut state, KeyCode::Enter))
            .collect::<Vec<_>>(),
    );
    assert_eq!(
        request.inputs.get("desired").map(String::as_str),
        Some("10")
    );
    planned(&mut state, view(8, 10, 8));
    let shown = screen(&mut state);
    assert!(
        shown.contains(
            "changed since the last plan: desired 7 → 10; now web desired 8 → 10 (min 5, max \
             12); precondition group.web.desired == 8 (now 8)"
        ),
        "{shown}"
    );
}

#[test]
fn a_failed_plan_replans_with_the_same_inputs() {
    let mut state = console(simulator().snapshot());
    open(&mut state, runbook("scale-out"), web());
    let first = request_of(&press(&mut state, KeyCode::Enter));
    update(
        &mut state,
        Message::Runbook(Box::new(RunbookMessage::PlanFailed("no answer".into()))),
    );
    assert!(screen(&mut state).contains("p re-plan"));
    let again = request_of(&press(&mut state, KeyCode::Char('p')));
    assert_eq!(again.inputs, first.inputs);
    // A success offers no re-plan: p does nothing there.
    planned(&mut state, view(9, 7, 5));
    press(&mut state, KeyCode::Enter);
    typed(&mut state, "web");
    press(&mut state, KeyCode::Enter);
    update(
        &mut state,
        Message::Runbook(Box::new(RunbookMessage::Run(RunEvent {
            run: 9,
            kind: RunEventKind::Finished {
                outcome: RunOutcome::Succeeded,
                error: None,
                elapsed: Duration::from_secs(80),
                captured: Vec::new(),
            },
        }))),
    );
    assert!(!screen(&mut state).contains("re-plan"));
    assert!(press(&mut state, KeyCode::Char('p')).is_empty());
}
