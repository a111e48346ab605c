//! What the app sees of a run: the redacted plan it asks the operator to confirm, and the
//! events of the run it then shows. Neither ever holds a secret.

use std::time::Duration;

use super::Risk;
use crate::domain::audit::RunOutcome;

#[derive(Debug, Clone, PartialEq)]
pub struct PlannedStep {
    pub title: String,
    /// `http`, `command`, `wait-until`, `action` or `manual`.
    pub kind: &'static str,
    /// Exactly what will be called (URL and body, argv, condition), secrets redacted.
    pub call: String,
    /// Timeout, retries and what happens on failure, in words.
    pub limits: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanView {
    /// Also the run's id once confirmed.
    pub id: u64,
    pub runbook: String,
    pub title: String,
    pub risk: Risk,
    pub target: String,
    pub environment: String,
    pub params: Vec<(String, String)>,
    /// Before → after, read just now ("web desired 5 → 8 (min 5, max 12)").
    pub change: Vec<String>,
    /// The precondition and what it reads now; re-read again just before executing.
    pub precondition: Option<String>,
    pub precondition_holds: Option<bool>,
    pub steps: Vec<PlannedStep>,
    pub verify: Option<String>,
    /// sha256 over the plan's text: the audit ties the run to what was shown.
    pub digest: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    Ok,
    Failed,
    /// Failed, but the step says the run goes on.
    FailedContinued,
    TimedOut,
    Cancelled,
}

impl StepStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Failed => "failed",
            Self::FailedContinued => "failed (continued)",
            Self::TimedOut => "timed out",
            Self::Cancelled => "cancelled",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RunEvent {
    pub run: u64,
    pub kind: RunEventKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RunEventKind {
    /// The precondition was re-read just before the first step.
    Precondition {
        holds: bool,
        detail: String,
    },
    StepStarted {
        index: usize,
    },
    /// A line of output or a note (attempt failed, retrying), redacted.
    StepOutput {
        index: usize,
        line: String,
    },
    /// A manual step waits for the operator's yes or no.
    AwaitingOperator {
        index: usize,
        instruction: String,
    },
    StepFinished {
        index: usize,
        status: StepStatus,
        elapsed: Duration,
        attempts: u32,
    },
    Verifying {
        detail: String,
    },
    Finished {
        outcome: RunOutcome,
        error: Option<String>,
        elapsed: Duration,
        /// Values the steps captured from answers (a silence's id), redacted.
        captured: Vec<(String, String)>,
    },
    /// Confirmed, but a second user must approve before the first step.
    AwaitingApproval {
        /// "any user but alice (two-person rule: ...)".
        who: String,
        until: chrono::DateTime<chrono::Utc>,
    },
    Approved {
        by: String,
    },
}

/// What the operator asked for: a runbook, the form's raw inputs, and the row it was opened
/// on. The planner validates the inputs again against a fresh snapshot.
#[derive(Clone, PartialEq)]
pub struct RunRequest {
    pub runbook: String,
    pub inputs: std::collections::BTreeMap<String, String>,
    pub row: Option<super::context::RowRef>,
}

/// Names the inputs but not their values: a secret parameter's text is among them.
impl std::fmt::Debug for RunRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunRequest")
            .field("runbook", &self.runbook)
            .field("inputs", &self.inputs.keys().collect::<Vec<_>>())
            .field("row", &self.row)
            .finish()
    }
}
