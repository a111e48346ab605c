//! A run as the operator watches it: each step's status, the latest output, a manual step's
//! instruction, the verification, and finally the outcome.

use std::collections::VecDeque;
use std::time::Duration;

use crate::domain::audit::RunOutcome;
use crate::domain::runbook::{PlanView, RunEventKind, StepStatus};

/// Output lines kept on screen.
const OUTPUT_LINES: usize = 8;

#[derive(Debug, Clone, PartialEq)]
pub enum StepState {
    Pending,
    Running,
    Done {
        status: StepStatus,
        elapsed: Duration,
        attempts: u32,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finished {
    pub outcome: RunOutcome,
    pub error: Option<String>,
    pub elapsed: Duration,
    pub captured: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub view: PlanView,
    pub steps: Vec<StepState>,
    pub precondition: Option<(bool, String)>,
    pub output: VecDeque<String>,
    /// A manual step's instruction while it waits for the operator.
    pub awaiting: Option<String>,
    pub verifying: Option<String>,
    /// The operator asked to cancel; the y/N question is showing.
    pub confirm_cancel: bool,
    pub finished: Option<Finished>,
}

impl Progress {
    pub fn new(view: PlanView) -> Self {
        Self {
            steps: vec![StepState::Pending; view.steps.len()],
            view,
            precondition: None,
            output: VecDeque::new(),
            awaiting: None,
            verifying: None,
            confirm_cancel: false,
            finished: None,
        }
    }

    pub fn apply(&mut self, event: RunEventKind) {
        match event {
            RunEventKind::Precondition { holds, detail } => {
                self.precondition = Some((holds, detail))
            }
            RunEventKind::StepStarted { index } => {
                if let Some(step) = self.steps.get_mut(index) {
                    *step = StepState::Running;
                }
                self.output.clear();
            }
            RunEventKind::StepOutput { line, .. } => {
                self.output.push_back(line);
                while self.output.len() > OUTPUT_LINES {
                    self.output.pop_front();
                }
            }
            RunEventKind::AwaitingOperator { instruction, .. } => self.awaiting = Some(instruction),
            RunEventKind::StepFinished {
                index,
                status,
                elapsed,
                attempts,
            } => {
                self.awaiting = None;
                if let Some(step) = self.steps.get_mut(index) {
                    *step = StepState::Done {
                        status,
                        elapsed,
                        attempts,
                    };
                }
            }
            RunEventKind::Verifying { detail } => self.verifying = Some(detail),
            RunEventKind::AwaitingApproval { who, until } => self
                .output
                .push_back(crate::domain::approval::waiting_line(&who, until)),
            RunEventKind::Approved { by } => self.output.push_back(format!("approved by {by}")),
            RunEventKind::Finished {
                outcome,
                error,
                elapsed,
                captured,
            } => {
                self.awaiting = None;
                self.confirm_cancel = false;
                self.finished = Some(Finished {
                    outcome,
                    error,
                    elapsed,
                    captured,
                });
            }
        }
    }
}
