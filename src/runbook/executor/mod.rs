//! Runs a confirmed plan in a task: the precondition re-read just before the first step, then
//! each step with its timeout and retries, then the verification. Every transition is on disk
//! in the audit before it happens (a step's "started" before the step), and streams to the
//! screen as [`RunEvent`]s. A stop request (the operator's cancel, or SIGTERM/SIGHUP) ends the
//! current step at its next await and is recorded as cancelled or interrupted.

mod approval;
mod steps;

use std::time::{Duration, Instant};

use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use super::audit::AuditSink;
use super::lock::RunLock;
use super::planner::{self, Plan};
use super::target::Target;
use crate::domain::audit::{Actor, AuditEntry, AuditEvent, RunOutcome, StepRecord};
use crate::domain::runbook::{Answer, OnFailure, RunEvent, RunEventKind, StepStatus};
pub use approval::{ApprovalGate, POLL as APPROVAL_POLL};
pub use steps::run_argv;
use steps::{StepResult, shown};

/// Why a run is asked to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    Running,
    Cancel,
    Interrupt,
}

/// The runtime's grip on a run in progress.
pub struct RunHandle {
    stop: watch::Sender<Stop>,
    answers: mpsc::Sender<Answer>,
    pub task: JoinHandle<RunOutcome>,
}

impl RunHandle {
    pub fn cancel(&self) {
        let _ = self.stop.send(Stop::Cancel);
    }

    pub fn interrupt(&self) {
        let _ = self.stop.send(Stop::Interrupt);
    }

    /// The operator's answer to a manual step.
    pub fn answer(&self, answer: Answer) {
        let _ = self.answers.try_send(answer);
    }
}

/// Who, where and how: what every audit record of the run repeats.
pub struct RunContext {
    pub actor: Actor,
    pub confirmation: String,
    pub audit: AuditSink,
    pub events: mpsc::UnboundedSender<RunEvent>,
    /// Set when a second user must approve the run before its first step.
    pub approval: Option<ApprovalGate>,
}

impl RunContext {
    fn entry(&self, plan: &Plan, event: AuditEvent) -> AuditEntry {
        entry(plan, &self.actor, event)
    }
}

/// The audit record `event` for `plan`, before any step, outcome or confirmation is added.
pub fn entry(plan: &Plan, actor: &Actor, event: AuditEvent) -> AuditEntry {
    AuditEntry {
        run: plan.view.id.to_string(),
        event,
        actor: actor.clone(),
        environment: plan.view.environment.clone(),
        runbook: plan.runbook.id.clone(),
        runbook_hash: plan.runbook.content_hash.clone(),
        target: plan.view.target.clone(),
        params: planner::audit_params(&plan.view),
        plan_digest: plan.view.digest.clone(),
        confirmation: None,
        step: None,
        outcome: None,
        error: None,
    }
}

pub fn start(plan: Plan, target: Target, context: RunContext, lock: RunLock) -> RunHandle {
    let (stop, stop_rx) = watch::channel(Stop::Running);
    let (answers, answers_rx) = mpsc::channel(1);
    let task = tokio::spawn(async move {
        let outcome = run(&plan, &target, &context, stop_rx, answers_rx).await;
        drop(lock);
        outcome
    });
    RunHandle {
        stop,
        answers,
        task,
    }
}

struct Finish {
    outcome: RunOutcome,
    error: Option<String>,
}

impl Finish {
    fn new(outcome: RunOutcome, error: Option<String>) -> Self {
        Self { outcome, error }
    }
}

async fn run(
    plan: &Plan,
    target: &Target,
    context: &RunContext,
    mut stop: watch::Receiver<Stop>,
    mut answers: mpsc::Receiver<Answer>,
) -> RunOutcome {
    let started = Instant::now();
    let send = |kind| {
        let _ = context.events.send(RunEvent {
            run: plan.view.id,
            kind,
        });
    };
    let mut captured = Vec::new();
    let mut confirmed = context.entry(plan, AuditEvent::Confirmed);
    confirmed.confirmation = Some(context.confirmation.clone());
    let finish = match context.audit.append(confirmed).await {
        // Nothing acts unless it can be audited.
        Err(error) => Finish::new(
            RunOutcome::Failed,
            Some(format!("cannot write the audit: {error}")),
        ),
        Ok(_) => match approval::wait(plan, context, &mut stop, &send).await {
            Some(finish) => finish,
            None => {
                steps_and_verify(
                    plan,
                    target,
                    context,
                    &mut stop,
                    &mut answers,
                    &send,
                    &mut captured,
                )
                .await
            }
        },
    };
    let error = finish.error.map(|e| shown(&e));
    let mut record = context.entry(plan, AuditEvent::Finished);
    record.outcome = Some(finish.outcome);
    record.error.clone_from(&error);
    if let Err(e) = context.audit.append(record).await {
        tracing::error!(
            run = plan.view.id,
            "cannot write the audit's finished record: {e}"
        );
    }
    send(RunEventKind::Finished {
        outcome: finish.outcome,
        error,
        elapsed: started.elapsed(),
        captured,
    });
    finish.outcome
}

async fn steps_and_verify(
    plan: &Plan,
    target: &Target,
    context: &RunContext,
    stop: &mut watch::Receiver<Stop>,
    answers: &mut mpsc::Receiver<Answer>,
    send: &impl Fn(RunEventKind),
    captured: &mut Vec<(String, String)>,
) -> Finish {
    if let Some(condition) = &plan.run.precondition {
        let (detail, holds) =
            planner::describe(condition, planner::measure(target, condition).await);
        send(RunEventKind::Precondition {
            holds,
            detail: detail.clone(),
        });
        if !holds {
            return Finish::new(
                RunOutcome::PreconditionFailed,
                Some(format!("precondition failed: {detail}")),
            );
        }
    }
    for (index, step) in plan.run.steps.iter().enumerate() {
        let mut record = StepRecord {
            index: index + 1,
            title: step.title.clone(),
            call: step.call.clone(),
            status: None,
            attempts: 0,
            elapsed_ms: None,
            output: None,
            note: None,
        };
        let mut started = context.entry(plan, AuditEvent::StepStarted);
        started.step = Some(record.clone());
        if let Err(error) = context.audit.append(started).await {
            return Finish::new(
                RunOutcome::Failed,
                Some(format!("cannot write the audit: {error}")),
            );
        }
        send(RunEventKind::StepStarted { index });
        let began = Instant::now();
        let result = steps::run_step(step, target, index, stop, answers, send).await;
        let elapsed = began.elapsed();
        let status = match (&result.status, step.on_failure) {
            // A wait that times out has failed too: `continue` goes on after it as well.
            (StepResult::Failed(_) | StepResult::TimedOut(_), OnFailure::Continue) => {
                StepStatus::FailedContinued
            }
            (StepResult::Ok, _) => StepStatus::Ok,
            (StepResult::Failed(_), OnFailure::Stop) => StepStatus::Failed,
            (StepResult::TimedOut(_), _) => StepStatus::TimedOut,
            (StepResult::Stopped(_), _) => StepStatus::Cancelled,
        };
        record.status = Some(status.label().to_string());
        record.attempts = result.attempts;
        record.elapsed_ms = Some(u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX));
        record.output = (!result.output.is_empty()).then(|| result.output.join("\n"));
        record.note.clone_from(&result.note);
        let mut finished = context.entry(plan, AuditEvent::StepFinished);
        finished.step = Some(record);
        finished.error = match &result.status {
            StepResult::Failed(e) | StepResult::TimedOut(e) => Some(e.clone()),
            _ => None,
        };
        if let Err(error) = context.audit.append(finished).await {
            return Finish::new(
                RunOutcome::Failed,
                Some(format!("cannot write the audit: {error}")),
            );
        }
        send(RunEventKind::StepFinished {
            index,
            status,
            elapsed,
            attempts: result.attempts,
        });
        captured.extend(result.captured);
        // The summary carries what the operator found, beside the values the steps captured.
        if let Some(note) = result.note {
            captured.push((format!("note, step {}", index + 1), note));
        }
        let step_error = |e: &str| Some(format!("step {} ({}): {e}", index + 1, step.title));
        match result.status {
            StepResult::Ok => {}
            StepResult::Failed(_) | StepResult::TimedOut(_)
                if step.on_failure == OnFailure::Continue => {}
            StepResult::Failed(e) => return Finish::new(RunOutcome::Failed, step_error(&e)),
            StepResult::TimedOut(e) => return Finish::new(RunOutcome::TimedOut, step_error(&e)),
            StepResult::Stopped(Stop::Interrupt) => {
                return Finish::new(
                    RunOutcome::Interrupted,
                    step_error("interrupted (the console was stopped)"),
                );
            }
            StepResult::Stopped(_) => {
                return Finish::new(
                    RunOutcome::Cancelled,
                    step_error("cancelled by the operator"),
                );
            }
        }
    }
    let Some((condition, within, every)) = &plan.run.verify else {
        return Finish::new(RunOutcome::Succeeded, None);
    };
    send(RunEventKind::Verifying {
        detail: format!(
            "{condition}, for up to {}",
            crate::domain::duration::humantime(*within)
        ),
    });
    match steps::wait_until(target, condition, *every, *within, stop, send).await {
        StepResult::Ok => Finish::new(RunOutcome::Succeeded, None),
        StepResult::Stopped(Stop::Interrupt) => Finish::new(
            RunOutcome::Interrupted,
            Some("interrupted during verification".into()),
        ),
        StepResult::Stopped(_) => Finish::new(
            RunOutcome::Cancelled,
            Some("cancelled during verification".into()),
        ),
        StepResult::Failed(e) | StepResult::TimedOut(e) => Finish::new(
            RunOutcome::Failed,
            Some(format!("verification did not hold: {e}")),
        ),
    }
}

/// How long an interrupted run may take to write its last records before the process exits.
pub const INTERRUPT_GRACE: Duration = Duration::from_secs(3);
