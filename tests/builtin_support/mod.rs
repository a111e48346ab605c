//! Helpers for tests/runbook_builtins.rs: the seeded demo fleet as a runbook target, plans made
//! at a fixed time, and runs that answer every manual step yes.

use std::collections::BTreeMap;

use opsconsole::domain::Topic;
use opsconsole::domain::audit::RunOutcome;
use opsconsole::domain::runbook::{Answer, PlanView, RowRef, RunEventKind, RunRequest, StepStatus};
use opsconsole::runbook::catalog::Catalog;
use opsconsole::runbook::planner::{self, Plan};
use opsconsole::runbook::session;
use tokio::sync::mpsc;

pub use crate::exec_support::{Bench, bench, start};

pub fn request(
    id: &str,
    row: Option<(Option<Topic>, &str)>,
    inputs: &[(&str, &str)],
) -> RunRequest {
    RunRequest {
        runbook: id.into(),
        inputs: inputs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect::<BTreeMap<_, _>>(),
        row: row.map(|(tab, key)| RowRef {
            tab,
            key: key.into(),
        }),
    }
}

pub async fn plan(b: &Bench, request: &RunRequest) -> Plan {
    let catalog = Catalog::load(None).0;
    let runbook = catalog.get(&request.runbook).expect("built-in");
    planner::make(runbook, request, &b.target, 1, start(), &b.actor.user)
        .await
        .expect("plans")
}

pub fn calls(view: &PlanView) -> Vec<&str> {
    view.steps.iter().map(|s| s.call.as_str()).collect()
}

pub struct Ran {
    pub outcome: RunOutcome,
    pub steps: Vec<StepStatus>,
    pub output: Vec<String>,
    pub captured: Vec<(String, String)>,
}

/// Runs the plan to its end, answering every manual step yes with a note.
pub async fn run(b: &Bench, plan: Plan) -> Ran {
    let (events, mut received) = mpsc::unbounded_channel();
    let context = crate::exec_support::run_context(b, events);
    let handle = session::start(plan, b.target.clone(), context, &b.state, false).expect("starts");
    let mut ran = Ran {
        outcome: RunOutcome::Failed,
        steps: Vec::new(),
        output: Vec::new(),
        captured: Vec::new(),
    };
    while let Some(event) = received.recv().await {
        match event.kind {
            RunEventKind::AwaitingOperator { index, .. } => handle.answer(Answer {
                done: true,
                note: format!("step {} reviewed", index + 1),
            }),
            RunEventKind::StepFinished { status, .. } => ran.steps.push(status),
            RunEventKind::StepOutput { line, .. } => ran.output.push(line),
            RunEventKind::Finished { captured, .. } => ran.captured = captured,
            _ => {}
        }
    }
    ran.outcome = handle.task.await.expect("no panic");
    ran
}

pub async fn figure(b: &Bench, id: &str) -> Option<f64> {
    let snapshot = b.target.snapshot().await.expect("snapshot");
    opsconsole::domain::figure::read(&snapshot, id).expect("a figure")
}

pub fn group(key: &str) -> Option<(Option<Topic>, &str)> {
    Some((Some(Topic::Scaling), key))
}

pub fn shown_changes(view: &PlanView) -> Vec<&str> {
    view.change.iter().map(String::as_str).collect()
}
