//! The executor on the simulated fleet, through the library: a confirmed scale-out changes the
//! fleet and the audit holds every transition; a precondition made stale between plan and run
//! stops it before any step; a cancel stops a waiting step; a second run on the same target is
//! refused while the first holds its lock; read-only refuses.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use opsconsole::domain::Topic;
use opsconsole::domain::audit::{Actor, AuditEvent, RunOutcome};
use opsconsole::domain::runbook::{FleetCommand, RowRef, RunEventKind, RunRequest};
use opsconsole::runbook::audit::{AuditLog, AuditSink, audit_file, read, verify};
use opsconsole::runbook::catalog::Catalog;
use opsconsole::runbook::executor::RunContext;
use opsconsole::runbook::session::{self, RunIds};
use opsconsole::runbook::target::Target;
use opsconsole::sources::simulator::{SimulatorConfig, spawn};
use tokio::sync::mpsc;

struct Bench {
    target: Target,
    state: std::path::PathBuf,
    audit: AuditSink,
    actor: Actor,
    _snapshots: mpsc::Receiver<opsconsole::domain::SourceUpdate>,
}

fn bench(name: &str) -> Bench {
    let state = std::env::temp_dir().join(format!("opsconsole-exec-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&state);
    // 03:00 UTC on a Wednesday, whatever the day and hour the test runs at: night-time traffic,
    // before any surge, so the web group sits at 5 of 5 (the load follows the simulated clock).
    let start = Utc
        .with_ymd_and_hms(2026, 11, 18, 3, 0, 0)
        .single()
        .expect("a valid time");
    let config = SimulatorConfig::new(42, start).with_surge_after(chrono::Duration::days(2));
    let (tx, rx) = mpsc::channel(1);
    // 10× real time: instances launch within two polls of the wait step (75 s simulated), well
    // before the policy could scale back in (5 min of low CPU).
    let (handle, _task) = spawn(
        config,
        10.0,
        Duration::from_secs(3600),
        tx,
        tokio::sync::watch::channel(None).1,
    );
    Bench {
        target: Target::simulator("demo", handle),
        audit: AuditSink::spawn(AuditLog::new(audit_file(&state))).expect("audit"),
        state,
        actor: Actor {
            user: "tester".into(),
            ssh_client: None,
            host: "bench".into(),
        },
        _snapshots: rx,
    }
}

fn run_context(
    b: &Bench,
    events: mpsc::UnboundedSender<opsconsole::domain::runbook::RunEvent>,
) -> RunContext {
    RunContext {
        actor: b.actor.clone(),
        confirmation: "test".into(),
        audit: b.audit.clone(),
        events,
        approval: None,
    }
}

fn request(id: &str, inputs: &[(&str, &str)]) -> RunRequest {
    RunRequest {
        runbook: id.into(),
        inputs: inputs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect::<BTreeMap<_, _>>(),
        row: Some(RowRef {
            tab: Some(Topic::Scaling),
            key: "web".into(),
        }),
    }
}

async fn desired(target: &Target) -> u32 {
    let snapshot = target.snapshot().await.expect("snapshot");
    snapshot
        .scaling
        .expect("scaling")
        .groups
        .iter()
        .find(|g| g.name == "web")
        .expect("web")
        .desired
}

async fn run(b: &Bench, id: &str, inputs: &[(&str, &str)]) -> (RunOutcome, Vec<RunEventKind>) {
    let catalog = Catalog::load(None).0;
    let runbook = catalog.get(id).expect("built-in");
    let plan = session::request(
        runbook,
        &request(id, inputs),
        &b.target,
        RunIds::default().next_id(),
        &b.actor,
        &b.audit,
    )
    .await
    .expect("plan");
    let (events, mut received) = mpsc::unbounded_channel();
    let context = run_context(b, events);
    let handle = session::start(plan, b.target.clone(), context, &b.state, false).expect("starts");
    let mut seen = Vec::new();
    while let Some(event) = received.recv().await {
        seen.push(event.kind);
    }
    (handle.task.await.expect("no panic"), seen)
}

#[tokio::test(flavor = "current_thread")]
async fn scale_out_changes_the_fleet_and_audits_every_transition() {
    let b = bench("out");
    let before = desired(&b.target).await;
    let target_desired = (before + 2).to_string();
    let (outcome, events) = run(
        &b,
        "scale-out",
        &[("group", "web"), ("desired", &target_desired)],
    )
    .await;
    assert_eq!(outcome, RunOutcome::Succeeded, "{events:?}");
    assert_eq!(desired(&b.target).await, before + 2);
    let records = read(&audit_file(&b.state)).expect("audit");
    let kinds: Vec<AuditEvent> = records.iter().map(|r| r.entry.event).collect();
    use AuditEvent::*;
    assert_eq!(
        kinds,
        [
            Requested,
            Confirmed,
            StepStarted,
            StepFinished,
            StepStarted,
            StepFinished,
            Finished
        ]
    );
    assert_eq!(
        records.last().and_then(|r| r.entry.outcome),
        Some(RunOutcome::Succeeded)
    );
    let call = records[2].entry.step.as_ref().expect("step").call.clone();
    assert_eq!(
        call,
        format!("set-desired-capacity group=web desired={target_desired} if-desired-is={before}")
    );
    assert!(
        verify(&audit_file(&b.state))
            .expect("verify")
            .problems
            .is_empty()
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_precondition_made_stale_after_the_plan_stops_the_run_before_any_step() {
    let b = bench("stale");
    let catalog = Catalog::load(None).0;
    let before = desired(&b.target).await;
    let plan = session::request(
        catalog.get("scale-out").expect("built-in"),
        &request(
            "scale-out",
            &[("group", "web"), ("desired", &(before + 2).to_string())],
        ),
        &b.target,
        1,
        &b.actor,
        &b.audit,
    )
    .await
    .expect("plan");
    assert_eq!(plan.view.precondition_holds, Some(true));
    // Someone else scales between the plan and the confirmation.
    b.target
        .act(&FleetCommand::SetDesiredCapacity {
            group: "web".into(),
            desired: before + 1,
            expect: None,
        })
        .await
        .expect("applied");
    let (events, mut received) = mpsc::unbounded_channel();
    let context = run_context(&b, events);
    let handle = session::start(plan, b.target.clone(), context, &b.state, false).expect("starts");
    while received.recv().await.is_some() {}
    assert_eq!(
        handle.task.await.expect("no panic"),
        RunOutcome::PreconditionFailed
    );
    assert_eq!(desired(&b.target).await, before + 1, "nothing ran");
    let records = read(&audit_file(&b.state)).expect("audit");
    assert!(
        records
            .iter()
            .all(|r| r.entry.event != AuditEvent::StepStarted)
    );
}

#[tokio::test(flavor = "current_thread")]
async fn cancel_stops_a_waiting_step_and_the_lock_refuses_a_second_run_meanwhile() {
    let b = bench("cancel");
    let catalog = Catalog::load(None).0;
    let runbook = catalog.get("query-investigation").expect("built-in");
    let asked = RunRequest {
        runbook: runbook.id.clone(),
        inputs: [("service", "api"), ("threshold_ms", "1")]
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect(),
        row: None,
    };
    let first = session::request(runbook, &asked, &b.target, 10, &b.actor, &b.audit)
        .await
        .expect("plan");
    let second = session::request(runbook, &asked, &b.target, 11, &b.actor, &b.audit)
        .await
        .expect("plan");
    let (events, mut received) = mpsc::unbounded_channel();
    let context = run_context(&b, events.clone());
    let handle = session::start(first, b.target.clone(), context, &b.state, false).expect("starts");
    let context = run_context(&b, events);
    let refused = session::start(second, b.target.clone(), context, &b.state, false)
        .err()
        .expect("locked");
    assert!(refused.contains("already running"), "{refused}");
    // The second step waits for the operator; cancel instead of answering.
    loop {
        match received.recv().await.expect("events").kind {
            RunEventKind::AwaitingOperator { index, .. } => {
                assert_eq!(index, 1);
                break;
            }
            RunEventKind::Finished { outcome, error, .. } => {
                panic!("finished early: {outcome:?} {error:?}")
            }
            _ => {}
        }
    }
    handle.cancel();
    assert_eq!(handle.task.await.expect("no panic"), RunOutcome::Cancelled);
    let records = read(&audit_file(&b.state)).expect("audit");
    let last = records.last().expect("records");
    assert_eq!(last.entry.outcome, Some(RunOutcome::Cancelled));
    assert!(
        last.entry
            .error
            .as_deref()
            .is_some_and(|e| e.contains("cancelled by the operator")),
        "{last:?}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn read_only_refuses_to_start() {
    let b = bench("ro");
    let catalog = Catalog::load(None).0;
    let plan = session::request(
        catalog.get("scale-out").expect("built-in"),
        &request("scale-out", &[("group", "web"), ("desired", "7")]),
        &b.target,
        1,
        &b.actor,
        &b.audit,
    )
    .await
    .expect("plans are allowed when read-only");
    let (events, _received) = mpsc::unbounded_channel();
    let context = run_context(&b, events);
    let refused = session::start(plan, b.target.clone(), context, &b.state, true)
        .err()
        .expect("refused");
    assert!(refused.contains("read-only"), "{refused}");
}
