//! Re-plan in one key and forms that help: after a precondition failure the plan is made again
//! from the state now, says what changed and needs a new confirmation; an input the state no
//! longer allows sends the operator back to the marked field; defaults stay inside their range,
//! and a group at its max is offered group-limits; a failover of a healthy primary needs a
//! reason; a headless plan missing its row names the flags to pass.

mod common;

use std::time::Duration;

use chrono::{TimeZone, Utc};
use common::{draw, keymap, lines, simulator, start, state_with};
use opsconsole::app::runbook::{Stage, open, text_of};
use opsconsole::app::{AppState, Effect, Message, RunbookMessage, Topic, update};
use opsconsole::domain::audit::{Actor, AuditEvent, RunOutcome};
use opsconsole::domain::runbook::{
    Capability, FleetCommand, PlanView, RowRef, RunEvent, RunEventKind, RunRequest, Runbook,
};
use opsconsole::domain::{FleetSnapshot, SourceId, SourceUpdate};
use opsconsole::input::translate_key;
use opsconsole::runbook::audit::{AuditLog, AuditSink, audit_file, read};
use opsconsole::runbook::catalog::Catalog;
use opsconsole::runbook::executor::RunContext;
use opsconsole::runbook::session;
use opsconsole::runbook::target::Target;
use opsconsole::sources::simulator::{SimulatorConfig, spawn};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::mpsc;

fn press(state: &mut AppState, code: KeyCode) -> Vec<Effect> {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    translate_key(&key, state, &keymap()).map_or_else(Vec::new, |m| update(state, m))
}

fn typed(state: &mut AppState, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| press(state, KeyCode::Char(c)))
        .collect()
}

fn screen(state: &mut AppState) -> String {
    lines(&draw(state, 160, 45, false)).join("\n")
}

fn runbook(id: &str) -> Runbook {
    Catalog::load(None).0.get(id).cloned().expect("built-in")
}

fn web() -> Option<RowRef> {
    Some(RowRef {
        tab: Some(Topic::Scaling),
        key: "web".into(),
    })
}

fn console(snapshot: FleetSnapshot) -> AppState {
    let mut state = state_with(snapshot, Topic::Scaling);
    state.runbooks = Catalog::load(None).0.runbooks;
    state.capabilities = vec![Capability::FleetActions];
    state
}

/// The app learns of a new snapshot, as from the source's next poll.
fn refresh(state: &mut AppState, snapshot: FleetSnapshot) {
    update(
        state,
        Message::Source(SourceUpdate {
            source: SourceId::Simulator,
            result: Ok(Box::new(snapshot)),
        }),
    );
}

fn with_web(mut snapshot: FleetSnapshot, desired: u32, max: u32) -> FleetSnapshot {
    let groups = snapshot.scaling.iter_mut().flat_map(|s| &mut s.groups);
    for group in groups.filter(|g| g.name == "web") {
        group.desired = desired;
        group.max = max;
    }
    snapshot
}

fn planned(state: &mut AppState, view: PlanView) -> Vec<Effect> {
    update(
        state,
        Message::Runbook(Box::new(RunbookMessage::PlanReady(view))),
    )
}

fn stage(state: &AppState) -> &Stage {
    &state.flow.as_ref().expect("a flow").stage
}

fn request_of(effects: &[Effect]) -> RunRequest {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::PlanRun(request) => Some(request.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no plan asked for: {effects:?}"))
}

fn starts(effects: &[Effect]) -> Vec<u64> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::StartRun { plan, .. } => Some(*plan),
            _ => None,
        })
        .collect()
}

/// The simulated fleet at 03:00 UTC (web at 5 of 5..12), in real time, so the policy cannot
/// move the group during the test: only the test's own command does.
fn fleet() -> (
    Target,
    AuditSink,
    std::path::PathBuf,
    mpsc::Receiver<SourceUpdate>,
) {
    let dir = std::env::temp_dir().join(format!("opsconsole-replan-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let config = SimulatorConfig::new(42, start()).with_surge_after(chrono::Duration::days(2));
    let (tx, rx) = mpsc::channel(1);
    let (handle, _task) = spawn(
        config,
        1.0,
        Duration::from_secs(3600),
        tx,
        tokio::sync::watch::channel(None).1,
    );
    let audit = AuditSink::spawn(AuditLog::new(audit_file(&dir))).expect("audit");
    (Target::simulator("demo", handle), audit, dir, rx)
}

fn actor() -> Actor {
    Actor {
        user: "tester".into(),
        ssh_client: None,
        host: "bench".into(),
    }
}

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

fn desired_field(state: &AppState) -> (String, Option<String>) {
    let Stage::Form(form) = stage(state) else {
        panic!("the form")
    };
    let field = form
        .fields
        .iter()
        .find(|f| f.param.name == "desired")
        .expect("desired");
    (text_of(&field.input), field.error.clone())
}

#[test]
fn scale_out_defaults_stay_within_max_and_at_max_the_form_offers_group_limits() {
    let snapshot = simulator().snapshot();
    // 11 of 12: +2 would be 13; the default is the max.
    let mut state = console(with_web(snapshot.clone(), 11, 12));
    open(&mut state, runbook("scale-out"), web());
    assert_eq!(desired_field(&state), ("12".into(), None));

    // 12 of 12: no value fits; the form says so and Enter opens group-limits on web.
    let mut state = console(with_web(snapshot, 12, 12));
    open(&mut state, runbook("scale-out"), web());
    let message = "web is at its max (12): raise the limits with group-limits";
    assert_eq!(desired_field(&state).1.as_deref(), Some(message));
    let shown = screen(&mut state);
    assert!(
        shown.contains(message) && shown.contains("open the offered runbook"),
        "{shown}"
    );
    assert!(press(&mut state, KeyCode::Enter).is_empty());
    let flow = state.flow.as_ref().expect("group-limits");
    assert_eq!(flow.runbook.id, "group-limits");
    assert_eq!(flow.row, web());
    let Stage::Form(form) = &flow.stage else {
        panic!("its form")
    };
    let max = form
        .fields
        .iter()
        .find(|f| f.param.name == "max")
        .expect("max");
    assert_eq!(text_of(&max.input), "12");
}

#[tokio::test(flavor = "current_thread")]
async fn failover_of_a_healthy_primary_needs_a_reason() {
    let (target, audit, dir, _updates) = fleet();
    let failover = runbook("replica-failover");
    let mut request = RunRequest {
        runbook: failover.id.clone(),
        inputs: [("replica".to_string(), "db-replica-1".to_string())].into(),
        row: None,
    };
    let refused = session::request(&failover, &request, &target, 1, &actor(), &audit).await;
    assert_eq!(
        refused.err().as_deref(),
        Some("reason: required: the primary db-primary is healthy; say why you fail over anyway")
    );
    request
        .inputs
        .insert("reason".into(), "DR rehearsal, ticket OPS-12".into());
    let plan = session::request(&failover, &request, &target, 2, &actor(), &audit)
        .await
        .expect("plan");
    assert!(
        plan.view
            .change
            .contains(&"primary db-primary is healthy now".to_string()),
        "{:?}",
        plan.view.change
    );
    let records = read(&audit_file(&dir)).expect("audit");
    assert_eq!(
        records[0].entry.params.get("reason").map(String::as_str),
        Some("DR rehearsal, ticket OPS-12")
    );

    // The form asks for the reason only while the primary is healthy.
    let snapshot = target.snapshot().await.expect("snapshot");
    let mut state = console(snapshot.clone());
    open(&mut state, failover.clone(), None);
    let names = |state: &AppState| match stage(state) {
        Stage::Form(form) => form
            .fields
            .iter()
            .map(|f| f.param.name.clone())
            .collect::<Vec<_>>(),
        _ => panic!("the form"),
    };
    assert_eq!(names(&state), ["replica", "reason"]);
    let mut sick = snapshot;
    for db in sick.scaling.iter_mut().flat_map(|s| &mut s.databases) {
        if db.name == "db-primary" {
            db.healthy = false;
        }
    }
    let mut state = console(sick);
    open(&mut state, failover, None);
    assert_eq!(names(&state), ["replica"]);
}

#[test]
fn headless_plan_without_a_row_names_the_flags_to_pass() {
    let dir = std::env::temp_dir().join(format!("opsconsole-replan-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let config = dir.join("config.toml");
    let at = Utc
        .with_ymd_and_hms(2026, 11, 18, 3, 0, 0)
        .single()
        .expect("time");
    std::fs::write(
        &config,
        format!("[demo]\nstart = \"{}\"\n", at.to_rfc3339()),
    )
    .expect("config");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_opsconsole"))
        .env("OPSCONSOLE_STATE_DIR", dir.join("state"))
        .env("OPSCONSOLE_CONFIG_DIR", dir.join("conf"))
        .env_remove("OPSCONSOLE_CONFIG")
        .env_remove("OPSCONSOLE_ENV")
        .arg("--config")
        .arg(&config)
        .args(["runbook", "plan", "scale-out"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("group: required — pass --row web (groups: web, worker) or -p group=web"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "desired: required — pass --row web (groups: web, worker) or -p desired=VALUE"
        ),
        "{stderr}"
    );
}
