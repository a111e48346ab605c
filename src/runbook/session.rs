//! What the console and the headless commands share around the executor: run ids, asking for
//! a plan (audited as requested), dropping one (audited as cancelled), starting a confirmed one
//! (refused in read-only mode or while the same runbook runs on the same target), closing
//! runs an earlier process left open (audited as interrupted), and recording the end of the
//! holds runs placed on groups' autoscaling (audited as released).

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::audit::{AuditLog, AuditSink, open_holds, read, unfinished_runs};
use super::executor::{self, APPROVAL_POLL, ApprovalGate, RunContext, RunHandle};
use super::lock::RunLock;
use super::planner::{self, Plan};
use super::target::Target;
use crate::domain::FleetSnapshot;
use crate::domain::approval::ApprovalPolicy;
use crate::domain::audit::{Actor, AuditEntry, AuditEvent, RunOutcome, StepRecord};
use crate::domain::runbook::{RunRequest, Runbook};

/// Ids unique across processes: microseconds since the epoch, strictly increasing here.
#[derive(Debug, Default)]
pub struct RunIds {
    last: u64,
}

impl RunIds {
    pub fn next_id(&mut self) -> u64 {
        let now = u64::try_from(Utc::now().timestamp_micros()).unwrap_or(0);
        self.last = now.max(self.last + 1);
        self.last
    }
}

/// Makes the plan and records that it was requested.
pub async fn request(
    runbook: &Runbook,
    request: &RunRequest,
    target: &Target,
    id: u64,
    actor: &Actor,
    audit: &AuditSink,
) -> Result<Plan, String> {
    let plan = planner::make(runbook, request, target, id, Utc::now(), &actor.user).await?;
    audit
        .append(executor::entry(&plan, actor, AuditEvent::Requested))
        .await
        .map_err(|e| format!("cannot write the audit: {e}"))?;
    Ok(plan)
}

/// The operator left at `stage` ("plan", "confirmation"): the run ends as cancelled.
pub async fn discard(plan: &Plan, stage: &str, actor: &Actor, audit: &AuditSink) {
    let mut entry = executor::entry(plan, actor, AuditEvent::Finished);
    entry.outcome = Some(RunOutcome::Cancelled);
    entry.error = Some(format!("cancelled at the {stage}, nothing ran"));
    if let Err(e) = audit.append(entry).await {
        tracing::error!("cannot write the audit: {e}");
    }
}

/// Starts a confirmed plan, unless the environment is read-only or the target is busy.
pub fn start(
    plan: Plan,
    target: Target,
    context: RunContext,
    state_dir: &Path,
    read_only: bool,
) -> Result<RunHandle, String> {
    start_or_return(plan, target, context, state_dir, read_only).map_err(|(_, error)| error)
}

/// Like [`start`], but a refused plan comes back, so its refusal can be audited.
pub fn start_or_return(
    plan: Plan,
    target: Target,
    context: RunContext,
    state_dir: &Path,
    read_only: bool,
) -> Result<RunHandle, (Box<Plan>, String)> {
    if read_only {
        return Err((Box::new(plan), "read-only mode: runbooks cannot run".into()));
    }
    match RunLock::acquire(state_dir, &plan.runbook.id, &plan.view.target) {
        Ok(lock) => Ok(executor::start(plan, target, context, lock)),
        Err(error) => Err((Box::new(plan), error)),
    }
}

/// What a run of `plan` must wait for in an environment with `policy`: a second user's
/// approval when the runbook or the environment's rule asks for one.
pub fn approval_gate(
    plan: &Plan,
    policy: &ApprovalPolicy,
    state_dir: &Path,
) -> Option<ApprovalGate> {
    let reason = policy.reason(
        plan.runbook.approval,
        plan.view.risk,
        &plan.view.environment,
    )?;
    Some(ApprovalGate {
        state_dir: state_dir.to_path_buf(),
        reason,
        ttl: policy.ttl,
        poll: APPROVAL_POLL,
        clock: super::approval::wall_clock(),
    })
}

/// A confirmed plan that could not start: the run ends as failed, nothing ran.
pub async fn refused(plan: &Plan, error: &str, actor: &Actor, audit: &AuditSink) {
    let mut entry = executor::entry(plan, actor, AuditEvent::Finished);
    entry.outcome = Some(RunOutcome::Failed);
    entry.error = Some(format!("not started: {error}"));
    if let Err(e) = audit.append(entry).await {
        tracing::error!("cannot write the audit: {e}");
    }
}

/// Appends `interrupted` for every run an earlier process left open (and that no process still
/// runs). Returns a line per run, for the console's banner or the command's output.
pub fn recover_interrupted(state_dir: &Path, actor: &Actor) -> Result<Vec<String>, String> {
    let log = AuditLog::new(super::audit::audit_file(state_dir));
    let records = read(log.path()).map_err(|e| e.to_string())?;
    let mut lines = Vec::new();
    for open in unfinished_runs(&records) {
        let e = &open.entry;
        if RunLock::held(state_dir, &e.runbook, &e.target) {
            continue;
        }
        let entry = AuditEntry {
            event: AuditEvent::Finished,
            actor: actor.clone(),
            confirmation: None,
            step: None,
            outcome: Some(RunOutcome::Interrupted),
            error: Some(format!(
                "the process running it stopped; found open at the next start (begun {} by {})",
                open.at.format("%Y-%m-%d %H:%M UTC"),
                e.actor.user
            )),
            ..e.clone()
        };
        log.append(entry, Utc::now()).map_err(|e| e.to_string())?;
        lines.push(format!(
            "run {} of {} on {} ({}) was interrupted at {}; recorded in the audit",
            e.run,
            e.runbook,
            e.target,
            e.environment,
            open.at.format("%H:%M UTC")
        ));
    }
    Ok(lines)
}

/// The groups of `snapshot` known to have no hold; `None` when it has no groups.
pub fn unheld(snapshot: &FleetSnapshot) -> Option<BTreeSet<String>> {
    let scaling = snapshot.scaling.as_ref()?;
    Some(
        scaling
            .groups
            .iter()
            .filter(|g| g.hold == crate::domain::scaling::Hold::Free)
            .map(|g| g.name.clone())
            .collect(),
    )
}

/// Appends `released` to each run whose hold, open in the audit, is on one of `ended`: groups
/// of `environment` seen without a hold at `seen_at` (its scheduled restore ran, or someone
/// released it). Returns a line per release.
pub fn record_released(
    state_dir: &Path,
    actor: &Actor,
    environment: &str,
    (ended, seen_at): (&BTreeSet<String>, DateTime<Utc>),
) -> Result<Vec<String>, String> {
    let log = AuditLog::new(super::audit::audit_file(state_dir));
    let records = read(log.path()).map_err(|e| e.to_string())?;
    let mut lines = Vec::new();
    for (record, group) in open_holds(&records) {
        let e = &record.entry;
        if e.environment != environment || !ended.contains(group) {
            continue;
        }
        let seen = format!(
            "{group} seen without a hold at {}: its scheduled restore ran or it was released",
            seen_at.format("%Y-%m-%d %H:%M UTC")
        );
        let entry = AuditEntry {
            event: AuditEvent::Released,
            actor: actor.clone(),
            confirmation: None,
            step: e.step.clone().map(|step| StepRecord {
                status: Some("released".into()),
                elapsed_ms: None,
                output: Some(seen),
                ..step
            }),
            outcome: None,
            error: None,
            ..e.clone()
        };
        log.append(entry, Utc::now()).map_err(|e| e.to_string())?;
        lines.push(format!(
            "the hold of run {} on {group} ({environment}) has ended; recorded in the audit",
            e.run
        ));
    }
    Ok(lines)
}

/// [`record_released`] for a fresh read of `target`: at a command's start, every group
/// without a hold ends the holds the audit still has open on it.
pub async fn record_released_now(
    target: &Target,
    state_dir: &Path,
    actor: &Actor,
) -> Result<Vec<String>, String> {
    let snapshot = target.snapshot().await?;
    let Some(unheld) = unheld(&snapshot) else {
        return Ok(Vec::new());
    };
    record_released(
        state_dir,
        actor,
        &target.environment,
        (&unheld, snapshot.taken_at),
    )
}
