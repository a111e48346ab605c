//! What `update` asks the runtime to do.

use crate::domain::SourceId;
use crate::domain::runbook::RunRequest;

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Refresh(SourceId),
    /// A detail view opened (`Some`) or closed: sources fetch its subject's extras only then.
    Focus(Option<crate::domain::detail::Subject>),
    /// The form was submitted: make a plan (the runtime answers with `PlanReady`/`PlanFailed`).
    PlanRun(RunRequest),
    /// The operator left a plan before running it; audited as cancelled at `stage`.
    DiscardPlan {
        plan: u64,
        stage: &'static str,
    },
    /// Confirmed: run the plan; `confirmation` says how.
    StartRun {
        plan: u64,
        confirmation: String,
    },
    CancelRun(u64),
    /// A manual step: done or abort, with the operator's note.
    AnswerOperator {
        run: u64,
        answer: crate::domain::runbook::Answer,
    },
    LoadAudit,
    /// Evaluate the weekly checkpoint of this week (answered by `Message::Checkpoint`).
    LoadCheckpoint(super::checkpoint::CheckpointRequest),
    /// Stop the current environment's sources and start the named one's.
    SwitchEnvironment(String),
    Quit,
    /// Read the pending approvals from the state directory (answered by `ApprovalsLoaded`).
    LoadApprovals,
    /// Approve this run as the console's user (answered by `ApprovalAnswered`).
    Approve(String),
}
