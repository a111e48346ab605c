//! The wait between the confirmation and the first step of a run that needs a second user's
//! approval: the request is written for other consoles to see and audited, then the state
//! directory is polled until another user's grant appears, the request expires, or the run is
//! stopped. Each ending is audited in the run's chain before the run goes on or finishes.

use std::path::PathBuf;
use std::time::Duration;

use tokio::sync::watch;

use super::steps::stopped;
use super::{Finish, RunContext, Stop, entry};
use crate::domain::approval::{ApprovalGrant, ApprovalRequest};
use crate::domain::audit::{AuditEvent, RunOutcome};
use crate::domain::runbook::RunEventKind;
use crate::runbook::approval::{self, Clock};
use crate::runbook::planner::{self, Plan};

/// A run's need for approval, from its runbook and its environment's rule.
pub struct ApprovalGate {
    pub state_dir: PathBuf,
    /// Which rule asks for it (`ApprovalPolicy::reason`).
    pub reason: String,
    pub ttl: Duration,
    /// How often the state directory is read for the answer.
    pub poll: Duration,
    pub clock: Clock,
}

/// How often a console or command looks for the approval: quick enough to feel immediate,
/// rare enough to cost nothing on a shared (NFS) directory.
pub const POLL: Duration = Duration::from_millis(500);

enum Waited {
    Approved(ApprovalGrant),
    Expired,
    Stopped(Stop),
}

/// Waits for the approval, if the run needs one: `None` when it may go on, else how it ends.
pub(super) async fn wait(
    plan: &Plan,
    context: &RunContext,
    stop: &mut watch::Receiver<Stop>,
    send: &impl Fn(RunEventKind),
) -> Option<Finish> {
    let gate = context.approval.as_ref()?;
    let failed = |error: String| Some(Finish::new(RunOutcome::Failed, Some(error)));
    let now = (gate.clock)();
    let request = ApprovalRequest {
        run: plan.view.id.to_string(),
        runbook: plan.runbook.id.clone(),
        environment: plan.view.environment.clone(),
        target: plan.view.target.clone(),
        params: planner::audit_params(&plan.view),
        plan_digest: plan.view.digest.clone(),
        requester: context.actor.clone(),
        reason: gate.reason.clone(),
        requested_at: now,
        expires_at: now + gate.ttl,
    };
    if let Err(error) = approval::request(&gate.state_dir, &request) {
        return failed(format!("cannot request approval: {error}"));
    }
    let until = request.expires_at.format("%H:%M:%S UTC").to_string();
    let mut asked = context.entry(plan, AuditEvent::ApprovalRequested);
    asked.confirmation = Some(format!(
        "waits for {} until {until}",
        request.who_may_approve()
    ));
    if let Err(error) = context.audit.append(asked).await {
        approval::close(&gate.state_dir, &request.run);
        return failed(format!("cannot write the audit: {error}"));
    }
    send(RunEventKind::AwaitingApproval {
        who: request.who_may_approve(),
        until: request.expires_at,
    });
    let waited = poll(gate, &request, stop).await;
    approval::close(&gate.state_dir, &request.run);
    let (record, finish) = match waited {
        Waited::Approved(grant) => {
            let mut record = entry(plan, &grant.approver, AuditEvent::Approved);
            record.confirmation = Some(format!(
                "approved {}'s run at {}",
                request.requester.user,
                grant.at.format("%H:%M:%S UTC")
            ));
            send(RunEventKind::Approved {
                by: grant.approver.user,
            });
            (record, None)
        }
        Waited::Expired => {
            let error = format!(
                "approval expired at {until}: nobody but {} approved within {}",
                request.requester.user,
                crate::domain::duration::humantime(gate.ttl)
            );
            let mut record = context.entry(plan, AuditEvent::ApprovalExpired);
            record.error = Some(error.clone());
            (record, failed(error))
        }
        Waited::Stopped(why) => {
            let outcome = match why {
                Stop::Interrupt => RunOutcome::Interrupted,
                _ => RunOutcome::Cancelled,
            };
            let error = format!("{} while waiting for approval", outcome.label());
            return Some(Finish::new(outcome, Some(error)));
        }
    };
    match context.audit.append(record).await {
        Ok(_) => finish,
        Err(error) => failed(format!("cannot write the audit: {error}")),
    }
}

async fn poll(
    gate: &ApprovalGate,
    request: &ApprovalRequest,
    stop: &mut watch::Receiver<Stop>,
) -> Waited {
    loop {
        match approval::grant(&gate.state_dir, &request.run) {
            Ok(Some(grant)) if request.accepts(&grant) => return Waited::Approved(grant),
            // Written by hand (the requester, or too late): ignored and removed, so that a
            // real approver can still answer.
            Ok(Some(grant)) => {
                tracing::warn!(
                    run = %request.run,
                    "ignored an approval by {} at {}",
                    grant.approver.user,
                    grant.at
                );
                approval::close_grant(&gate.state_dir, &request.run);
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(run = %request.run, "{error}"),
        }
        if request.expired((gate.clock)()) {
            return Waited::Expired;
        }
        tokio::select! {
            () = tokio::time::sleep(gate.poll) => {}
            why = stopped(stop) => return Waited::Stopped(why),
        }
    }
}
