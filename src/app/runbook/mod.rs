//! The operator's runbook flow, one at a time, modal over everything: form → plan →
//! confirmation → progress → summary. Input → validate → confirm, as kdash chains it: nothing
//! runs without the confirmation stage, its default is No, a high-risk run needs the target's
//! name typed, and the one `StartRun` a plan can produce moves the flow on at once, so no key
//! repeated can start it twice.

mod form;
mod offer;
mod progress;
mod replan;

use std::collections::BTreeMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

pub use form::{Field, Form, text_of};
pub use offer::{Offer, available, offers, suggested};
pub use progress::{Awaiting, Finished, NoteEntry, Progress, StepState};

use super::{Action, AppState, Effect};
use crate::domain::runbook::{PlanView, Risk, RowRef, Runbook, context};
use form::FormKey;

#[derive(Debug, Clone)]
pub enum Stage {
    Form(Form),
    Planning,
    PlanFailed(String),
    Plan {
        view: PlanView,
        scroll: u16,
    },
    Confirm {
        view: PlanView,
        /// Low risk: whether Yes has the focus (it never starts with it).
        yes_focused: bool,
        /// High risk: the typed name.
        typed: Box<TextArea<'static>>,
        error: Option<String>,
    },
    Running(Box<Progress>),
}

#[derive(Debug, Clone)]
pub struct RunFlow {
    pub runbook: Runbook,
    pub row: Option<RowRef>,
    pub stage: Stage,
    /// Shown under the stage: why a key did nothing.
    pub note: Option<String>,
    /// The form's inputs as last submitted; a re-plan keeps those still valid.
    pub inputs: BTreeMap<String, String>,
    /// The plan the next one re-plans: the plan view lists what changed since.
    pub previous: Option<PlanView>,
}

impl RunFlow {
    /// Whether keys are text for a field rather than keymap actions.
    pub fn text_entry(&self) -> bool {
        match &self.stage {
            Stage::Form(_) => true,
            Stage::Confirm { view, .. } => view.risk == Risk::High,
            Stage::Running(progress) => {
                progress.awaiting.as_ref().is_some_and(|a| a.note.is_some())
            }
            _ => false,
        }
    }

    pub fn running(&self) -> bool {
        matches!(&self.stage, Stage::Running(p) if p.finished.is_none())
    }
}

/// Opens `runbook`'s form on `row`.
pub fn open(state: &mut AppState, runbook: Runbook, row: Option<RowRef>) {
    let values = context::values(state.data.snapshot(), row.as_ref());
    state.flow = Some(RunFlow {
        stage: Stage::Form(Form::new(&runbook.params, values)),
        runbook,
        row,
        note: None,
        inputs: BTreeMap::new(),
        previous: None,
    });
}

/// A key for the focused text field (form or typed confirmation).
pub fn on_entry(state: &mut AppState, key: KeyEvent) -> Vec<Effect> {
    let Some(flow) = state.flow.as_mut() else {
        return Vec::new();
    };
    flow.note = None;
    let mut effects = Vec::new();
    let mut close = false;
    let mut remedy = None;
    match &mut flow.stage {
        Stage::Form(form) => match form.key(key) {
            FormKey::Leave => close = true,
            FormKey::Submit if form.remedy().is_some() => remedy = form.remedy(),
            FormKey::Submit => match form.inputs() {
                Some(inputs) => effects.push(replan::request(flow, inputs)),
                None => flow.note = Some("fix the marked field first".into()),
            },
            FormKey::Edited => {}
        },
        Stage::Confirm {
            view, typed, error, ..
        } => match key.code {
            KeyCode::Esc => {
                effects.push(discard(view.id, "confirmation"));
                close = true;
            }
            KeyCode::Enter => {
                let text = text_of(typed);
                if text == view.target {
                    let confirmation = format!("typed the target name {:?}", view.target);
                    effects.push(Effect::StartRun {
                        plan: view.id,
                        confirmation,
                    });
                    flow.stage = Stage::Running(Box::new(Progress::new(view.clone())));
                } else if !text.is_empty() {
                    *error = Some(format!("{text:?} does not match {}", view.target));
                }
            }
            _ => {
                typed.input(key);
                *error = None;
            }
        },
        Stage::Running(progress) => match progress.note_key(key) {
            Ok(Some(answer)) => effects.push(Effect::AnswerOperator {
                run: progress.view.id,
                answer,
            }),
            Ok(None) => {}
            Err(why) => flow.note = Some(why.into()),
        },
        _ => {}
    }
    if close {
        state.flow = None;
    }
    if let Some(id) = remedy {
        replan::open_remedy(state, &id);
    }
    effects
}

fn discard(plan: u64, stage: &'static str) -> Effect {
    Effect::DiscardPlan { plan, stage }
}

/// A keymap action while a flow is open. Returns `None` when the flow does not take it (quit,
/// outside a run, is then handled as everywhere).
pub fn on_action(state: &mut AppState, action: Action) -> Option<Vec<Effect>> {
    let read_only = state.read_only;
    let flow = state.flow.as_mut()?;
    flow.note = None;
    if action == Action::Quit {
        if flow.running() {
            flow.note = Some("a run is in progress: cancel it first (c)".into());
            return Some(Vec::new());
        }
        let leaving = match &flow.stage {
            Stage::Plan { view, .. } => Some((view.id, "plan")),
            Stage::Confirm { view, .. } => Some((view.id, "confirmation")),
            _ => None,
        };
        if let Some((plan, stage)) = leaving {
            let effect = discard(plan, stage);
            state.quit = true;
            return Some(vec![effect, Effect::Quit]);
        }
        return None;
    }
    let mut effects = Vec::new();
    let mut close = false;
    match &mut flow.stage {
        Stage::Form(_) | Stage::Planning => {
            if action == Action::Back {
                close = true;
            }
        }
        Stage::PlanFailed(_) => match action {
            Action::Back => close = true,
            Action::Replan => effects = replan::replan(flow, state.data.snapshot(), None),
            Action::Proceed => {
                let values = context::values(state.data.snapshot(), flow.row.as_ref());
                flow.stage = Stage::Form(Form::new(&flow.runbook.params, values));
            }
            _ => {}
        },
        Stage::Plan { view, scroll } => match action {
            Action::Back => {
                effects.push(discard(view.id, "plan"));
                close = true;
            }
            Action::Replan => {
                let previous = view.clone();
                effects.push(discard(previous.id, "plan (re-planned)"));
                effects.extend(replan::replan(flow, state.data.snapshot(), Some(previous)));
            }
            Action::Proceed if read_only => {
                flow.note = Some("read-only mode: this plan cannot run".into());
            }
            Action::Proceed => {
                flow.stage = Stage::Confirm {
                    view: view.clone(),
                    yes_focused: false,
                    typed: Box::new(form::text_field(String::new(), false)),
                    error: None,
                };
            }
            Action::SelectNext => *scroll = scroll.saturating_add(1),
            Action::SelectPrevious => *scroll = scroll.saturating_sub(1),
            Action::PageDown => *scroll = scroll.saturating_add(10),
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            _ => {}
        },
        Stage::Confirm {
            view, yes_focused, ..
        } => {
            let yes = match action {
                Action::ConfirmYes => Some(true),
                Action::ConfirmNo | Action::Back => Some(false),
                Action::Proceed => Some(*yes_focused),
                Action::SwitchChoice => {
                    *yes_focused = !*yes_focused;
                    None
                }
                _ => None,
            };
            match yes {
                Some(true) if view.risk == Risk::Low => {
                    let how = if action == Action::ConfirmYes {
                        "answered y"
                    } else {
                        "chose Yes"
                    };
                    effects.push(Effect::StartRun {
                        plan: view.id,
                        confirmation: how.into(),
                    });
                    flow.stage = Stage::Running(Box::new(Progress::new(view.clone())));
                }
                Some(false) => {
                    effects.push(discard(view.id, "confirmation"));
                    close = true;
                }
                _ => {}
            }
        }
        Stage::Running(progress) => {
            let id = progress.view.id;
            if progress.finished.is_some() {
                if action == Action::Replan && progress.failed() {
                    let previous = Some(progress.view.clone());
                    return Some(replan::replan(flow, state.data.snapshot(), previous));
                }
                close = matches!(action, Action::Proceed | Action::Back | Action::ShowAudit);
                if action == Action::ShowAudit {
                    state.overlay = super::Overlay::Audit { selected: 0 };
                    state.audit = super::AuditView::Loading;
                    effects.push(Effect::LoadAudit);
                }
            } else if progress.confirm_cancel {
                match action {
                    Action::ConfirmYes => {
                        progress.confirm_cancel = false;
                        effects.push(Effect::CancelRun(id));
                    }
                    Action::ConfirmNo | Action::Back | Action::Proceed => {
                        progress.confirm_cancel = false
                    }
                    _ => {}
                }
            } else if progress.awaiting.is_some()
                && matches!(action, Action::ConfirmYes | Action::ConfirmNo)
            {
                // The answer goes with a note of what was found; enter sends both.
                progress.start_note(action == Action::ConfirmYes);
            } else if action == Action::CancelRun {
                progress.confirm_cancel = true;
            } else if action == Action::Back {
                flow.note = Some("the run goes on; c cancels it".into());
            }
        }
    }
    if close {
        state.flow = None;
    }
    Some(effects)
}

/// A plan, a run event or a failure from the runtime.
pub fn on_plan(state: &mut AppState, plan: Result<PlanView, String>) -> Vec<Effect> {
    let Some(flow) = state
        .flow
        .as_mut()
        .filter(|f| matches!(f.stage, Stage::Planning))
    else {
        // The operator left while it was being made: drop it, audited as cancelled.
        return plan
            .map(|view| vec![discard(view.id, "plan")])
            .unwrap_or_default();
    };
    flow.stage = match plan {
        Ok(view) => Stage::Plan { view, scroll: 0 },
        Err(error) => Stage::PlanFailed(error),
    };
    Vec::new()
}

pub fn on_run_event(state: &mut AppState, event: crate::domain::runbook::RunEvent) {
    if let Some(RunFlow {
        stage: Stage::Running(progress),
        ..
    }) = state.flow.as_mut()
        && progress.view.id == event.run
    {
        progress.apply(event.kind);
    }
}
