//! A run as the operator watches it: each step's status, the latest output, what a wait is
//! waiting for, a manual step's instruction and the note being written, the verification, and
//! finally the outcome.

use std::collections::VecDeque;
use std::time::Duration;

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

use super::form::{text_field, text_of};

use crate::domain::audit::RunOutcome;
use crate::domain::runbook::{Answer, PlanView, RunEventKind, StepStatus};

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

/// A manual step waiting for the operator.
#[derive(Debug, Clone, PartialEq)]
pub struct Awaiting {
    pub instruction: String,
    pub needs_note: bool,
    /// Answered y or n; the note of what was found is being written (enter sends both).
    pub note: Option<NoteEntry>,
}

#[derive(Debug, Clone)]
pub struct NoteEntry {
    pub done: bool,
    pub field: Box<TextArea<'static>>,
}

/// Equal when they answer the same with the same text (the field's cursor does not matter).
impl PartialEq for NoteEntry {
    fn eq(&self, other: &Self) -> bool {
        self.done == other.done && self.field.lines() == other.field.lines()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub view: PlanView,
    pub steps: Vec<StepState>,
    pub precondition: Option<(bool, String)>,
    pub output: VecDeque<String>,
    pub awaiting: Option<Awaiting>,
    /// The latest check of the running wait (step or verification) that did not hold yet.
    pub waiting: Option<String>,
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
            waiting: None,
            verifying: None,
            confirm_cancel: false,
            finished: None,
        }
    }

    /// The operator answered a manual step y (`done`) or n: the note field opens, since the
    /// answer goes with what they found.
    pub fn start_note(&mut self, done: bool) {
        if let Some(awaiting) = self.awaiting.as_mut() {
            awaiting.note = Some(NoteEntry {
                done,
                field: Box::new(text_field(String::new(), false)),
            });
        }
    }

    /// A key while the note is written: esc goes back to the question, enter answers (refused
    /// while a required note is empty), anything else is text.
    pub fn note_key(&mut self, key: KeyEvent) -> Result<Option<Answer>, &'static str> {
        let Some(awaiting) = self.awaiting.as_mut() else {
            return Ok(None);
        };
        let Some(entry) = awaiting.note.as_mut() else {
            return Ok(None);
        };
        match key.code {
            KeyCode::Esc => awaiting.note = None,
            KeyCode::Enter => {
                let note = text_of(&entry.field).trim().to_string();
                if entry.done && awaiting.needs_note && note.is_empty() {
                    return Err("this step needs a note of what you found");
                }
                let done = entry.done;
                self.awaiting = None;
                return Ok(Some(Answer { done, note }));
            }
            _ => {
                entry.field.input(key);
            }
        }
        Ok(None)
    }

    /// Finished without succeeding: a re-plan is offered.
    pub fn failed(&self) -> bool {
        self.finished
            .as_ref()
            .is_some_and(|f| f.outcome != RunOutcome::Succeeded)
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
                self.waiting = None;
            }
            RunEventKind::StepOutput { line, .. } => {
                self.output.push_back(line);
                while self.output.len() > OUTPUT_LINES {
                    self.output.pop_front();
                }
            }
            RunEventKind::AwaitingOperator {
                instruction,
                needs_note,
                ..
            } => {
                self.awaiting = Some(Awaiting {
                    instruction,
                    needs_note,
                    note: None,
                });
            }
            RunEventKind::Waiting { detail, .. } => self.waiting = Some(detail),
            RunEventKind::StepFinished {
                index,
                status,
                elapsed,
                attempts,
            } => {
                self.awaiting = None;
                self.waiting = None;
                if let Some(step) = self.steps.get_mut(index) {
                    *step = StepState::Done {
                        status,
                        elapsed,
                        attempts,
                    };
                }
            }
            RunEventKind::Verifying { detail } => {
                self.verifying = Some(detail);
                self.waiting = None;
            }
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
                self.waiting = None;
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
