//! One step: each attempt under the step's timeout, retries after the delay, and the stop
//! signal raced against every await (here); what one attempt of each kind does ([`action`],
//! [`http`]). Commands run as argv (never a shell) with their output captured; HTTP answers
//! are size-capped. Output and errors are remote text: redacted and cleaned once, as they are
//! captured ([`shown`]), before the screen, stdout or the audit.

mod action;
mod http;

use std::time::Duration;

use tokio::sync::{mpsc, watch};

use super::Stop;
use crate::domain::redact::redact;
use crate::domain::remote_text::clean;
use crate::domain::runbook::condition::ResolvedCondition;
use crate::domain::runbook::{Answer, ResolvedAction, ResolvedStep, RunEventKind};
use crate::runbook::planner::{describe, measure};
use crate::runbook::target::Target;
use action::attempt;
pub use action::run_argv;

/// Output kept per step (lines, and characters per line).
const OUTPUT_LINES: usize = 20;
const LINE_CHARS: usize = 300;

/// Text a step did not write itself (command output, answers, errors) as the run shows and
/// records it: without any secret in any registered form, control and bidi characters
/// escaped. Redacted before any cut, so a secret is never cut in two.
pub(super) fn shown(text: &str) -> String {
    clean(&redact(text)).into_owned()
}

pub enum StepResult {
    Ok,
    Failed(String),
    TimedOut(String),
    Stopped(Stop),
}

pub struct StepOutcome {
    pub status: StepResult,
    pub attempts: u32,
    pub output: Vec<String>,
    pub captured: Vec<(String, String)>,
    /// A manual step's note, redacted.
    pub note: Option<String>,
}

/// Resolves when a stop is requested; never if the sender is gone.
pub(super) async fn stopped(stop: &mut watch::Receiver<Stop>) -> Stop {
    loop {
        let now = *stop.borrow_and_update();
        if now != Stop::Running {
            return now;
        }
        if stop.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

pub async fn run_step(
    step: &ResolvedStep,
    target: &Target,
    index: usize,
    stop: &mut watch::Receiver<Stop>,
    answers: &mut mpsc::Receiver<Answer>,
    send: &impl Fn(RunEventKind),
) -> StepOutcome {
    let mut outcome = StepOutcome {
        status: StepResult::Ok,
        attempts: 0,
        output: Vec::new(),
        captured: Vec::new(),
        note: None,
    };
    let note = |outcome: &mut StepOutcome, line: String| {
        let line: String = shown(&line).chars().take(LINE_CHARS).collect();
        send(RunEventKind::StepOutput {
            index,
            line: line.clone(),
        });
        outcome.output.push(line);
        if outcome.output.len() > OUTPUT_LINES {
            outcome.output.remove(0);
        }
    };
    loop {
        outcome.attempts += 1;
        let attempt = attempt(&step.action, target, index, answers, send);
        let result = tokio::select! {
            biased;
            why = stopped(stop) => Err(StepResult::Stopped(why)),
            result = tokio::time::timeout(step.timeout, attempt) => match result {
                Ok(result) => result.map_err(StepResult::Failed),
                Err(_) => Err(StepResult::TimedOut(format!(
                    "timed out after {}", crate::domain::duration::humantime(step.timeout)
                ))),
            },
        };
        match result {
            Ok(done) => {
                for line in done.lines {
                    note(&mut outcome, line);
                }
                outcome.captured = done.captured;
                outcome.note = done.note;
                return outcome;
            }
            Err(StepResult::Stopped(why)) => {
                outcome.status = StepResult::Stopped(why);
                return outcome;
            }
            Err(failure) => {
                let text = match &failure {
                    StepResult::Failed(e) | StepResult::TimedOut(e) => shown(e),
                    _ => String::new(),
                };
                let retrying = outcome.attempts <= step.retries
                    && !matches!(step.action, ResolvedAction::Manual { .. });
                let attempts = outcome.attempts;
                note(&mut outcome, format!("attempt {attempts}: {text}"));
                if !retrying {
                    outcome.status = match failure {
                        StepResult::TimedOut(_) => StepResult::TimedOut(text),
                        _ => StepResult::Failed(text),
                    };
                    return outcome;
                }
                tokio::select! {
                    why = stopped(stop) => { outcome.status = StepResult::Stopped(why); return outcome; }
                    () = tokio::time::sleep(step.retry_delay) => {}
                }
            }
        }
    }
}

/// Checks the condition every `every` until it holds; the caller's timeout bounds the wait.
/// Each check that does not hold is reported, so a long wait is never silent.
async fn poll(
    target: &Target,
    condition: &ResolvedCondition,
    every: Duration,
    waiting: &impl Fn(String),
) -> Result<String, String> {
    loop {
        let (detail, holds) = describe(condition, measure(target, condition).await);
        if holds {
            return Ok(format!("holds: {detail}"));
        }
        waiting(detail);
        tokio::time::sleep(every).await;
    }
}

/// The verification: like a wait-until step, with its own time limit and the stop signal.
pub async fn wait_until(
    target: &Target,
    condition: &ResolvedCondition,
    every: Duration,
    within: Duration,
    stop: &mut watch::Receiver<Stop>,
    send: &impl Fn(RunEventKind),
) -> StepResult {
    let waiting = |detail| {
        send(RunEventKind::Waiting {
            index: None,
            detail,
        })
    };
    tokio::select! {
        biased;
        why = stopped(stop) => StepResult::Stopped(why),
        result = tokio::time::timeout(within, poll(target, condition, every, &waiting)) => match result {
            Ok(Ok(_)) => StepResult::Ok,
            Ok(Err(e)) => StepResult::Failed(e),
            Err(_) => {
                let (detail, _) = describe(condition, measure(target, condition).await);
                StepResult::TimedOut(format!("still not true after {}: {detail}", crate::domain::duration::humantime(within)))
            }
        },
    }
}
