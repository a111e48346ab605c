//! The operator's runbook flow, one at a time, modal over everything: form → plan →
//! confirmation → progress → summary. Input → validate → confirm, as kdash chains it: nothing
//! runs without the confirmation stage, its default is No, a high-risk run needs the target's
//! name typed, and the one `StartRun` a plan can produce moves the flow on at once, so no key
//! repeated can start it twice. The stages are here; what each key does in each is in `keys`.

mod form;
mod keys;
mod offer;
mod progress;
mod replan;

use std::collections::BTreeMap;

use ratatui_textarea::TextArea;

pub use form::{Field, Form, text_of};
pub use keys::{on_action, on_entry};
pub use offer::{Offer, available, offers, suggested};
pub use progress::{Awaiting, Finished, NoteEntry, Progress, StepState};

use super::{AppState, Effect};
use crate::domain::runbook::{PlanView, Risk, RowRef, Runbook, context};

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

fn discard(plan: u64, stage: &'static str) -> Effect {
    Effect::DiscardPlan { plan, stage }
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
