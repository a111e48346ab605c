//! Keys while a runbook flow is open: text for the focused field ([`on_entry`]), or keymap
//! actions stage by stage ([`on_action`]).

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::form::{self, FormKey};
use super::{Form, Progress, Stage, discard, replan, text_of};
use crate::app::{Action, AppState, Effect};
use crate::domain::runbook::{Risk, context};

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
                    state.overlay = crate::app::Overlay::Audit { selected: 0 };
                    state.audit = crate::app::AuditView::Loading;
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
