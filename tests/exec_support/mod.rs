//! The seeded demo fleet as a runbook target through the library, for every runbook test:
//! started at a fixed simulated time, running faster than real time, with its own state dir
//! and audit; requests on a row, plans and runs that answer manual steps.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use opsconsole::domain::audit::{Actor, RunOutcome};
use opsconsole::domain::runbook::{Answer, RowRef, RunEventKind, RunRequest};
use opsconsole::domain::{FleetSnapshot, ScalingGroup, Topic};
use opsconsole::runbook::audit::{AuditLog, AuditSink, audit_file};
use opsconsole::runbook::catalog::Catalog;
use opsconsole::runbook::executor::RunContext;
use opsconsole::runbook::planner::Plan;
use opsconsole::runbook::session::{self, RunIds};
use opsconsole::runbook::target::Target;
use opsconsole::sources::simulator::{SimulatorConfig, spawn};
use tokio::sync::mpsc;

/// 03:00 UTC on a Wednesday, whatever the day and hour the test runs at: night-time traffic,
/// before any surge: web at 5 of 5, worker at 14 of 10-20 and idle.
pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 18, 3, 0, 0)
        .single()
        .expect("a valid time")
}

/// The web group as `snapshot` shows it.
pub fn web(snapshot: &FleetSnapshot) -> ScalingGroup {
    let scaling = snapshot.scaling.as_ref().expect("scaling");
    scaling
        .groups
        .iter()
        .find(|g| g.name == "web")
        .expect("web")
        .clone()
}

pub struct Bench {
    pub target: Target,
    pub state: std::path::PathBuf,
    pub audit: AuditSink,
    pub actor: Actor,
    _snapshots: mpsc::Receiver<opsconsole::domain::SourceUpdate>,
}

/// 10× real time: instances launch within two polls of a wait step (75 s simulated), well
/// before the policy could scale back in (5 min of low CPU).
pub fn bench(name: &str) -> Bench {
    bench_at_speed(name, 10.0)
}

/// Seed 42 from [`start`], `speed` times real time.
pub fn bench_at_speed(name: &str, speed: f64) -> Bench {
    let state = std::env::temp_dir().join(format!("opsconsole-exec-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&state);
    let config = SimulatorConfig::new(42, start()).with_surge_after(chrono::Duration::days(2));
    let (tx, rx) = mpsc::channel(1);
    let (handle, _task) = spawn(
        config,
        speed,
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

/// `id` opened on the `web` row of Scaling.
pub fn request(id: &str, inputs: &[(&str, &str)]) -> RunRequest {
    request_on(id, Topic::Scaling, "web", inputs)
}

/// `id` opened on the row `row` of `tab`.
pub fn request_on(id: &str, tab: Topic, row: &str, inputs: &[(&str, &str)]) -> RunRequest {
    RunRequest {
        runbook: id.into(),
        inputs: inputs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect::<BTreeMap<_, _>>(),
        row: Some(RowRef {
            tab: Some(tab),
            key: row.into(),
        }),
    }
}

pub async fn desired(target: &Target) -> u32 {
    web(&target.snapshot().await.expect("snapshot")).desired
}

/// The built-in `asked.runbook` planned now (audited as requested).
pub async fn plan(b: &Bench, asked: &RunRequest) -> Plan {
    let catalog = Catalog::load(None).0;
    let runbook = catalog.get(&asked.runbook).expect("built-in");
    session::request(
        runbook,
        asked,
        &b.target,
        RunIds::default().next_id(),
        &b.actor,
        &b.audit,
    )
    .await
    .expect("plan")
}

pub async fn run(b: &Bench, id: &str, inputs: &[(&str, &str)]) -> (RunOutcome, Vec<RunEventKind>) {
    run_answering(b, id, inputs, &[]).await
}

/// Runs a built-in on the `web` row, answering its manual steps in order with `answers`.
pub async fn run_answering(
    b: &Bench,
    id: &str,
    inputs: &[(&str, &str)],
    answers: &[Answer],
) -> (RunOutcome, Vec<RunEventKind>) {
    let plan = plan(b, &request(id, inputs)).await;
    run_plan(b, plan, answers).await
}

/// Runs `plan` to its end, answering its manual steps in order with `answers` (a manual step
/// beyond them fails the test); the outcome and every event.
pub async fn run_plan(
    b: &Bench,
    plan: Plan,
    answers: &[Answer],
) -> (RunOutcome, Vec<RunEventKind>) {
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
