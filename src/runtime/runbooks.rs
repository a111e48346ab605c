//! The runtime's side of runbooks: plans are made and audited in tasks (a fresh read of the
//! environment must never delay a key press), confirmed plans start executor tasks, and their
//! events, like finished plans and audit loads, come back as [`Reply`]s on one channel. The
//! plans with their real (unredacted) calls stay here; the app only ever sees their views.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use tokio::sync::mpsc;

use chrono::Utc;

use crate::domain::approval::{ApprovalPolicy, Pending};
use crate::domain::audit::{Actor, AuditRecord, RunOutcome};
use crate::domain::runbook::{PlanView, RunEvent, RunEventKind, RunRequest};
use crate::runbook::approval;
use crate::runbook::audit::{self, AuditLog, AuditSink};
use crate::runbook::catalog::Catalog;
use crate::runbook::executor::{INTERRUPT_GRACE, RunContext, RunHandle};
use crate::runbook::planner::Plan;
use crate::runbook::session::{self, RunIds};
use crate::runbook::target::Target;

pub enum Reply {
    Planned(Result<Box<Plan>, String>),
    Event(RunEvent),
    Audit(Result<(Vec<AuditRecord>, Vec<String>), String>),
    Approvals(Result<Vec<Pending>, String>),
    /// What the console's user approved, or why not.
    Answered(Result<String, String>),
}

/// How many audit records the console's audit view shows, newest first.
const AUDIT_VIEW_RECORDS: usize = 500;

pub struct Runbooks {
    catalog: Catalog,
    state_dir: PathBuf,
    actor: Actor,
    audit: AuditSink,
    ids: RunIds,
    target: Option<Target>,
    read_only: bool,
    /// The environment's rule for which runs wait for a second user's approval.
    approval: ApprovalPolicy,
    pending: BTreeMap<u64, Plan>,
    runs: BTreeMap<u64, RunHandle>,
    replies: mpsc::UnboundedSender<Reply>,
    /// The groups without a hold in the last snapshot (`None` before the first): a group that
    /// joins them has seen its hold end, which the audit records.
    unheld: Option<BTreeSet<String>>,
}

impl Runbooks {
    pub fn new(
        catalog: Catalog,
        state_dir: PathBuf,
        replies: mpsc::UnboundedSender<Reply>,
    ) -> Result<Self, String> {
        let audit = AuditSink::spawn(AuditLog::new(audit::audit_file(&state_dir)))
            .map_err(|e| format!("audit: {e}"))?;
        Ok(Self {
            catalog,
            state_dir,
            actor: Actor::current(),
            audit,
            ids: RunIds::default(),
            target: None,
            read_only: true,
            approval: ApprovalPolicy::default(),
            pending: BTreeMap::new(),
            runs: BTreeMap::new(),
            replies,
            unheld: None,
        })
    }

    /// Closes runs an earlier console left open; lines for the banner.
    pub fn recover(&self) -> Vec<String> {
        session::recover_interrupted(&self.state_dir, &self.actor)
            .unwrap_or_else(|e| vec![format!("cannot check the audit for interrupted runs: {e}")])
    }

    /// The environment runs now act on (`None`: none can be reached), and whether it is read-only.
    pub fn set_target(&mut self, target: Option<Target>, read_only: bool) {
        self.target = target;
        self.read_only = read_only;
        self.unheld = None;
        // Plans for the old environment can no longer run; the audit says they were left.
        for id in self.pending.keys().copied().collect::<Vec<_>>() {
            self.discard(id, "environment switch");
        }
    }

    /// Records the end of every hold a new snapshot no longer shows: groups newly without a
    /// hold, or at the first snapshot of an environment all groups without one.
    pub fn observe_holds(&mut self, snapshot: &crate::domain::FleetSnapshot) {
        let Some(unheld) = session::unheld(snapshot) else {
            return;
        };
        let ended: BTreeSet<String> = match &self.unheld {
            Some(before) => unheld.difference(before).cloned().collect(),
            None => unheld.clone(),
        };
        self.unheld = Some(unheld);
        let Some(environment) = self.target.as_ref().map(|t| t.environment.clone()) else {
            return;
        };
        if ended.is_empty() {
            return;
        }
        let (state_dir, actor, seen_at) = (
            self.state_dir.clone(),
            self.actor.clone(),
            snapshot.taken_at,
        );
        tokio::task::spawn_blocking(move || {
            if let Err(error) =
                session::record_released(&state_dir, &actor, &environment, (&ended, seen_at))
            {
                tracing::warn!("cannot record the end of holds in the audit: {error}");
            }
        });
    }

    /// The approval rule of the environment runs now act on (set with [`Self::set_target`]).
    pub fn set_approval(&mut self, policy: ApprovalPolicy) {
        self.approval = policy;
    }

    pub fn capabilities(&self) -> Vec<crate::domain::runbook::Capability> {
        self.target
            .as_ref()
            .map(Target::capabilities)
            .unwrap_or_default()
    }

    pub fn plan(&mut self, request: RunRequest) {
        let replies = self.replies.clone();
        let (Some(runbook), Some(target)) = (
            self.catalog.get(&request.runbook).cloned(),
            self.target.clone(),
        ) else {
            let _ = replies.send(Reply::Planned(Err(format!(
                "{} cannot be planned here (unknown runbook or no reachable environment)",
                request.runbook
            ))));
            return;
        };
        let (id, actor, audit) = (self.ids.next_id(), self.actor.clone(), self.audit.clone());
        tokio::spawn(async move {
            let plan = session::request(&runbook, &request, &target, id, &actor, &audit).await;
            let _ = replies.send(Reply::Planned(plan.map(Box::new)));
        });
    }

    /// Keeps a finished plan until it is confirmed or discarded; returns what the app shows.
    pub fn planned(&mut self, plan: Plan) -> PlanView {
        let view = plan.view.clone();
        self.pending.insert(view.id, plan);
        view
    }

    pub fn discard(&mut self, id: u64, stage: &'static str) {
        if let Some(plan) = self.pending.remove(&id) {
            let (actor, audit) = (self.actor.clone(), self.audit.clone());
            tokio::spawn(async move { session::discard(&plan, stage, &actor, &audit).await });
        }
    }

    /// Starts a confirmed plan. A refusal (read-only, the target's lock, a plan gone stale by
    /// an environment switch) is audited and comes back as a failed run.
    pub fn start(&mut self, id: u64, confirmation: String) {
        let refuse = |replies: &mpsc::UnboundedSender<Reply>, error: String| {
            let _ = replies.send(Reply::Event(RunEvent {
                run: id,
                kind: RunEventKind::Finished {
                    outcome: RunOutcome::Failed,
                    error: Some(error),
                    elapsed: std::time::Duration::ZERO,
                    captured: Vec::new(),
                },
            }));
        };
        let Some(plan) = self.pending.remove(&id) else {
            return refuse(
                &self.replies,
                "that plan is no longer pending (the environment changed)".into(),
            );
        };
        let Some(target) = self.target.clone() else {
            return refuse(&self.replies, "no environment to act on".into());
        };
        let (events_tx, mut events) = mpsc::unbounded_channel();
        let context = RunContext {
            actor: self.actor.clone(),
            confirmation,
            audit: self.audit.clone(),
            events: events_tx,
            approval: session::approval_gate(&plan, &self.approval, &self.state_dir),
        };
        let replies = self.replies.clone();
        let refused_plan = (self.actor.clone(), self.audit.clone());
        match session::start_or_return(plan, target, context, &self.state_dir, self.read_only) {
            Ok(handle) => {
                tokio::spawn(async move {
                    while let Some(event) = events.recv().await {
                        let _ = replies.send(Reply::Event(event));
                    }
                });
                self.runs.insert(id, handle);
            }
            Err((plan, error)) => {
                let (actor, audit) = refused_plan;
                let message = error.clone();
                tokio::spawn(
                    async move { session::refused(&plan, &message, &actor, &audit).await },
                );
                refuse(&self.replies, error);
            }
        }
    }

    pub fn cancel(&self, id: u64) {
        if let Some(run) = self.runs.get(&id) {
            run.cancel();
        }
    }

    pub fn answer(&self, id: u64, answer: crate::domain::runbook::Answer) {
        if let Some(run) = self.runs.get(&id) {
            run.answer(answer);
        }
    }

    pub fn finished(&mut self, id: u64) {
        self.runs.remove(&id);
    }

    pub fn load_audit(&self) {
        let path = audit::audit_file(&self.state_dir);
        let replies = self.replies.clone();
        tokio::spawn(async move {
            let loaded = tokio::task::spawn_blocking(move || {
                let mut records = audit::read(&path).map_err(|e| e.to_string())?;
                let problems = audit::verify(&path).map_err(|e| e.to_string())?.problems;
                records.reverse();
                records.truncate(AUDIT_VIEW_RECORDS);
                Ok((records, problems))
            })
            .await
            .unwrap_or_else(|e| Err(format!("audit reader failed: {e}")));
            let _ = replies.send(Reply::Audit(loaded));
        });
    }

    /// Reads the pending approvals of every console sharing the state directory.
    pub fn load_approvals(&self) {
        let state_dir = self.state_dir.clone();
        let replies = self.replies.clone();
        tokio::spawn(async move {
            let pending = tokio::task::spawn_blocking(move || approval::pending(&state_dir))
                .await
                .unwrap_or_else(|e| Err(format!("approvals reader failed: {e}")));
            let _ = replies.send(Reply::Approvals(pending));
        });
    }

    /// Approves another user's waiting run as this console's user (refused for their own run,
    /// after expiry, and in read-only mode).
    pub fn approve(&self, run: String) {
        let (state_dir, actor, read_only) =
            (self.state_dir.clone(), self.actor.clone(), self.read_only);
        let replies = self.replies.clone();
        tokio::spawn(async move {
            let answer = tokio::task::spawn_blocking(move || {
                approval::approve(&state_dir, &run, &actor, Utc::now(), read_only).map(|r| {
                    format!(
                        "approved {}'s run {} ({} on {})",
                        r.requester.user, r.run, r.runbook, r.target
                    )
                })
            })
            .await
            .unwrap_or_else(|e| Err(format!("approval writer failed: {e}")));
            let _ = replies.send(Reply::Answered(answer));
        });
    }

    /// On SIGTERM/SIGHUP or quit: plans not yet run are recorded as left, and every run stops
    /// and records itself as interrupted.
    pub async fn interrupt_all(&mut self) {
        for (_, plan) in std::mem::take(&mut self.pending) {
            session::discard(&plan, "exit", &self.actor, &self.audit).await;
        }
        for run in self.runs.values() {
            run.interrupt();
        }
        for (_, run) in std::mem::take(&mut self.runs) {
            let _ = tokio::time::timeout(INTERRUPT_GRACE, run.task).await;
        }
    }
}
