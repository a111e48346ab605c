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
    /// What may go wrong after the plan ran, e.g. the group's policy undoing the change.
    pub warnings: Vec<String>,
    pub steps: Vec<PlannedStep>,
    pub verify: Option<String>,
    /// sha256 over the plan's text: the audit ties the run to what was shown.
    pub digest: String,
}

impl PlanView {
    /// What differs from `previous`, the plan this one re-plans: parameters as `name old → new`,
    /// then the change lines and the precondition as they read now. Empty: nothing moved.
    pub fn changes_since(&self, previous: &PlanView) -> Vec<String> {
        let mut changes = Vec::new();
        if self.target != previous.target {
            changes.push(format!("target {} → {}", previous.target, self.target));
        }
        let before: std::collections::BTreeMap<_, _> = previous.params.iter().cloned().collect();
        for (name, value) in &self.params {
            match before.get(name) {
                Some(old) if old == value => {}
                Some(old) => changes.push(format!("{name} {old} → {value}")),
                None => changes.push(format!("{name} {value} (new)")),
            }
        }
        if self.change != previous.change {
            changes.extend(self.change.iter().map(|line| format!("now {line}")));
        }
        if let Some(now) = &self.precondition
            && self.precondition != previous.precondition
        {
            changes.push(format!("precondition {now}"));
        }
        changes
    }
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
    /// A manual step waits for the operator's yes or no, and a note.
    AwaitingOperator {
        index: usize,
        instruction: String,
        needs_note: bool,
    },
    /// A wait (a step's, or the verification's when `index` is `None`) checked its condition
    /// and it does not hold yet: what it waits for and the value now. Once per check.
    Waiting {
        index: Option<usize>,
        detail: String,
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

/// The operator's answer to a manual step: done or not, and what they found (free text; the
/// executor redacts it before it is shown or recorded).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Answer {
    pub done: bool,
    pub note: String,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn view(desired: &str, before: u32) -> PlanView {
        PlanView {
            id: 1,
            runbook: "scale-out".into(),
            title: String::new(),
            risk: Risk::High,
            target: "web".into(),
            environment: "demo".into(),
            params: vec![("desired".into(), desired.into())],
            change: vec![format!("web desired {before} → {desired}")],
            precondition: Some(format!("group.web.desired == {before} (now {before})")),
            precondition_holds: Some(true),
            steps: Vec::new(),
            verify: None,
            warnings: Vec::new(),
            digest: String::new(),
        }
    }

    #[test]
    fn changes_since_lists_moved_parameters_change_lines_and_the_precondition() {
        assert_eq!(
            view("10", 9).changes_since(&view("11", 10)),
            [
                "desired 11 → 10",
                "now web desired 9 → 10",
                "precondition group.web.desired == 9 (now 9)"
            ]
        );
        assert!(view("7", 5).changes_since(&view("7", 5)).is_empty());
    }
}
