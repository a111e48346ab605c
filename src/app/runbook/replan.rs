//! Re-plan in one key: after a failed precondition, a refusal or a failed plan, the form is
//! rebuilt on the current snapshot with the operator's inputs put back. When they all still
//! hold, a new plan is asked for at once (a new request, a new run id, and a new confirmation,
//! never a run); otherwise the form comes back with the fields that no longer hold marked.

use std::collections::BTreeMap;

use super::{Form, RunFlow, Stage, open};
use crate::app::{AppState, Effect};
use crate::domain::FleetSnapshot;
use crate::domain::runbook::{PlanView, RunRequest, context};

/// Rebuilds the plan on `snapshot` (the state now). `previous` is the plan being replaced, kept
/// so the new one can show what changed.
pub(super) fn replan(
    flow: &mut RunFlow,
    snapshot: Option<&FleetSnapshot>,
    previous: Option<PlanView>,
) -> Vec<Effect> {
    if previous.is_some() {
        flow.previous = previous;
    }
    let values = context::values(snapshot, flow.row.as_ref());
    let mut form = Form::new(&flow.runbook.params, values);
    let invalid = form.restore(&flow.inputs);
    match form.inputs() {
        Some(inputs) if invalid.is_empty() => vec![request(flow, inputs)],
        _ => {
            flow.note = Some(if invalid.is_empty() {
                "the state moved: a field is needed now; fill the marked field".into()
            } else {
                format!(
                    "the state moved: {}; fix the marked field",
                    invalid.join("; ")
                )
            });
            flow.stage = Stage::Form(form);
            Vec::new()
        }
    }
}

/// Asks for a plan of `inputs`; the flow waits for it.
pub(super) fn request(flow: &mut RunFlow, inputs: BTreeMap<String, String>) -> Effect {
    flow.inputs = inputs.clone();
    flow.stage = Stage::Planning;
    Effect::PlanRun(RunRequest {
        runbook: flow.runbook.id.clone(),
        inputs,
        row: flow.row.clone(),
    })
}

/// Opens the runbook a field at its limit offers (group-limits) on the same row.
pub(super) fn open_remedy(state: &mut AppState, id: &str) {
    let row = state.flow.as_ref().and_then(|f| f.row.clone());
    match state.runbooks.iter().find(|r| r.id == id).cloned() {
        Some(runbook) => open(state, runbook, row),
        None => {
            if let Some(flow) = state.flow.as_mut() {
                flow.note = Some(format!("{id} is not in the catalogue"));
            }
        }
    }
}
