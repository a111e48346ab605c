//! A simulated fleet to run runbooks on through the library: seeded, started at a fixed
//! simulated time and running 10x real time, with its own state dir and audit.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use opsconsole::domain::Topic;
use opsconsole::domain::audit::{Actor, RunOutcome};
use opsconsole::domain::runbook::{Answer, RowRef, RunEventKind, RunRequest};
use opsconsole::runbook::audit::{AuditLog, AuditSink, audit_file};
use opsconsole::runbook::catalog::Catalog;
use opsconsole::runbook::executor::RunContext;
use opsconsole::runbook::session::{self, RunIds};
use opsconsole::runbook::target::Target;
use opsconsole::sources::simulator::{SimulatorConfig, spawn};
use tokio::sync::mpsc;

pub struct Bench {
    pub target: Target,
    pub state: std::path::PathBuf,
    pub audit: AuditSink,
    pub actor: Actor,
    _snapshots: mpsc::Receiver<opsconsole::domain::SourceUpdate>,
}

pub fn bench(name: &str) -> Bench {
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

pub fn run_context(
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

pub fn request(id: &str, inputs: &[(&str, &str)]) -> RunRequest {
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

pub async fn desired(target: &Target) -> u32 {
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

pub async fn run(b: &Bench, id: &str, inputs: &[(&str, &str)]) -> (RunOutcome, Vec<RunEventKind>) {
    run_answering(b, id, inputs, &[]).await
}

/// Runs a built-in on the `web` row, answering its manual steps in order with `answers`; a
/// manual step beyond them fails the test.
pub async fn run_answering(
    b: &Bench,
    id: &str,
    inputs: &[(&str, &str)],
    answers: &[Answer],
) -> (RunOutcome, Vec<RunEventKind>) {
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
    let mut answers = answers.iter();
    while let Some(event) = received.recv().await {
        if let RunEventKind::AwaitingOperator { index, .. } = &event.kind {
            let answer = answers
                .next()
                .unwrap_or_else(|| panic!("no answer for step {index}"));
            handle.answer(answer.clone());
        }
        seen.push(event.kind);
    }
    (handle.task.await.expect("no panic"), seen)
}
