//! The approvals overlay: runs waiting for a second user's approval, from every console
//! sharing the state directory. Read when it opens and every second while it stays open;
//! `y` approves the selected run. Whether the user may approve (not their own run, not
//! expired) is decided where the approval is written; a read-only console never asks.

use super::{Action, AppState, Effect, Overlay};
use crate::domain::approval::{Pending, READ_ONLY};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApprovalsView {
    /// `None` until the first read answers.
    pub pending: Option<Result<Vec<Pending>, String>>,
    /// The answer to the last `y`: what was approved, or why not.
    pub note: Option<Result<String, String>>,
}

impl ApprovalsView {
    fn len(&self) -> usize {
        self.pending
            .as_ref()
            .and_then(|p| p.as_ref().ok())
            .map_or(0, Vec::len)
    }
}

pub fn open(state: &mut AppState) -> Vec<Effect> {
    state.overlay = Overlay::Approvals { selected: 0 };
    state.approvals = ApprovalsView::default();
    vec![Effect::LoadApprovals]
}

/// An action while the overlay is open: the new overlay and what to ask of the runtime.
pub fn on_action(
    state: &mut AppState,
    selected: usize,
    action: Action,
    step: impl Fn(usize, Action, usize) -> usize,
) -> (Overlay, Vec<Effect>) {
    let mut effects = Vec::new();
    let run = state
        .approvals
        .pending
        .as_ref()
        .and_then(|p| p.as_ref().ok())
        .and_then(|p| p.get(selected))
        .map(|p| p.request.run.clone());
    match (action, run) {
        (Action::Approve, Some(_)) if state.read_only => {
            state.approvals.note = Some(Err(READ_ONLY.into()));
        }
        (Action::Approve, Some(run)) => effects.push(Effect::Approve(run)),
        (Action::Refresh, _) => effects.push(Effect::LoadApprovals),
        _ => {}
    }
    let last = state.approvals.len().saturating_sub(1);
    (
        Overlay::Approvals {
            selected: step(selected, action, last),
        },
        effects,
    )
}

pub fn on_loaded(state: &mut AppState, pending: Result<Vec<Pending>, String>) {
    state.approvals.pending = Some(pending);
    if let Overlay::Approvals { selected } = &mut state.overlay {
        *selected = (*selected).min(state.approvals.len().saturating_sub(1));
    }
}

/// The runtime's answer to `y`; the list is read again to show the new state.
pub fn on_answered(state: &mut AppState, answer: Result<String, String>) -> Vec<Effect> {
    state.approvals.note = Some(answer);
    vec![Effect::LoadApprovals]
}

/// Each new second while the overlay is open: another console may have asked or answered.
pub fn on_tick(state: &AppState, new_second: bool) -> Option<Effect> {
    (new_second && matches!(state.overlay, Overlay::Approvals { .. }))
        .then_some(Effect::LoadApprovals)
}
