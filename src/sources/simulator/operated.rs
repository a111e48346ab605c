//! What operators did to the model beyond its groups and database: certificates renewed,
//! findings' workflow statuses set, checks evaluated on demand. The seeded functions give each
//! thing's own course; these records are laid over them in every snapshot, detail and export.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use super::{SimError, Simulator, security, vulnerabilities};
use crate::domain::{Certificate, ReadinessCheck, WorkflowStatus};

#[derive(Debug, Clone, Default)]
pub struct Operated {
    /// Certificate name → the expiry its renewal gave it.
    renewed: BTreeMap<String, DateTime<Utc>>,
    /// Finding id → the status an operator set, and the note given.
    workflows: BTreeMap<String, (WorkflowStatus, String)>,
    /// Check id → when it was last evaluated on demand.
    evaluated: BTreeMap<String, DateTime<Utc>>,
}

impl Simulator {
    /// The fleet's certificates now, with renewals: a renewed one expires at the later of its
    /// own cycle's end and the renewal's.
    pub(super) fn certificates(&self) -> Vec<Certificate> {
        let mut list = security::certificates(self.seed, self.now);
        for c in &mut list {
            if let Some(renewed) = self.operated.renewed.get(&c.name) {
                c.not_after = c.not_after.max(*renewed);
            }
        }
        list
    }

    /// The open vulnerabilities with the statuses operators set.
    pub(super) fn vulnerabilities(&self) -> Vec<vulnerabilities::Vulnerability> {
        let mut open = vulnerabilities::open(self.seed, self.now);
        for v in &mut open {
            if let Some((status, _)) = self.operated.workflows.get(&v.finding.id) {
                v.finding.workflow = *status;
            }
        }
        open
    }

    /// Checks evaluated on demand show that evaluation when it is their latest.
    pub(super) fn with_evaluations(&self, checks: &mut [ReadinessCheck]) {
        for c in checks {
            if let Some(at) = self.operated.evaluated.get(&c.id) {
                c.evaluated_at = Some(c.evaluated_at.map_or(*at, |t| t.max(*at)));
            }
        }
    }

    /// A new certificate for its usual validity, from now.
    pub(super) fn renew_certificate(&mut self, name: &str) -> Result<String, SimError> {
        let days = security::validity_days(name)
            .ok_or_else(|| SimError::NotFound(format!("no certificate named {name:?}")))?;
        let not_after = self.now + Duration::days(days);
        self.operated.renewed.insert(name.into(), not_after);
        Ok(format!(
            "{name} renewed: valid until {} ({days} days)",
            not_after.format("%Y-%m-%d %H:%M UTC")
        ))
    }

    pub(super) fn set_finding_workflow(
        &mut self,
        id: &str,
        status: WorkflowStatus,
        note: String,
    ) -> Result<String, SimError> {
        let open = vulnerabilities::open(self.seed, self.now);
        let finding = open
            .iter()
            .find(|v| v.finding.id == id)
            .ok_or_else(|| SimError::NotFound(format!("no open finding {id:?}")))?;
        let before = self
            .operated
            .workflows
            .get(id)
            .map_or(finding.finding.workflow, |(s, _)| *s);
        self.operated
            .workflows
            .insert(id.into(), (status, note.clone()));
        Ok(format!(
            "{id}: workflow {} → {} (note: {note})",
            before.api_name(),
            status.api_name()
        ))
    }

    /// Evaluates every check now (they read the same figures) and records `id`'s evaluation
    /// in its log, as a scheduled run would.
    pub(super) fn reevaluate_check(&mut self, id: &str) -> Result<String, SimError> {
        let certificates = self.certificates();
        let checks = self.checks(&self.latency(), &self.scaling(), &certificates);
        let check = checks
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| SimError::NotFound(format!("no readiness check {id:?}")))?;
        self.check_log
            .entry(check.id.clone())
            .or_default()
            .record(self.now, check.state);
        self.operated.evaluated.insert(check.id, self.now);
        Ok(format!(
            "{id} ({}) evaluated at {}: {} ({})",
            check.name,
            self.now.format("%H:%M:%S UTC"),
            check.state.label(),
            check.detail
        ))
    }
}
