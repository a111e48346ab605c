//! Vulnerabilities, security score and certificates.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::Health;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct VulnerabilityCounts {
    pub critical: u32,
    pub high: u32,
    pub medium: u32,
    pub low: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Certificate {
    pub name: String,
    pub not_after: DateTime<Utc>,
}

impl Certificate {
    /// Whole days until it expires (negative once expired).
    pub fn days_left(&self, now: DateTime<Utc>) -> i64 {
        (self.not_after - now).num_days()
    }

    /// Under a week is critical, under 30 days a warning (renewals take time to roll out).
    pub fn health(&self, now: DateTime<Utc>) -> Health {
        match self.days_left(now) {
            i64::MIN..=6 => Health::Critical,
            7..=29 => Health::Warning,
            _ => Health::Ok,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SecurityView {
    /// `None` when the source has no vulnerability data (unknown, not zero).
    pub vulnerabilities: Option<VulnerabilityCounts>,
    /// One entry per day, oldest first.
    pub trend: Vec<(NaiveDate, VulnerabilityCounts)>,
    /// 0–100.
    pub score_percent: Option<f64>,
    /// How the score was obtained, shown beside it (e.g. "computed from control pass rates").
    pub score_basis: Option<String>,
    /// Security Hub findings; `None` where the source has none.
    pub findings: Option<Findings>,
    pub score_target_percent: f64,
    pub certificates: Vec<Certificate>,
    /// Certificates the source left out because there were more than `max-rows` (the soonest
    /// to expire are kept); 0 when all are here.
    pub certificates_omitted: usize,
}

impl SecurityView {
    /// Open critical and high vulnerabilities (the phase plan wants 0); `None` when unknown.
    pub fn critical_high_open(&self) -> Option<u32> {
        self.vulnerabilities.map(|v| v.critical + v.high)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Informational,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WorkflowStatus {
    New,
    Notified,
    Resolved,
    Suppressed,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub workflow: WorkflowStatus,
    /// The control it checks (`S3.1`), for control findings.
    pub control: Option<String>,
    pub resource: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// Active findings, counted by severity and workflow status, with the worst first in `top`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Findings {
    /// `(severity, workflow, count)` for every pair with at least one finding.
    pub counts: Vec<(Severity, WorkflowStatus, u32)>,
    /// Bounded: the most severe, most recently updated open findings.
    pub top: Vec<Finding>,
    pub total: u32,
    /// More findings were there than the source reads: the figures cover the first `total`.
    pub truncated: bool,
    /// Controls that passed and that have data, for the computed score.
    pub controls_passed: u32,
    pub controls_with_data: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_critical_and_high_add_up_and_unknown_stays_unknown() {
        let mut view = SecurityView {
            vulnerabilities: Some(VulnerabilityCounts {
                critical: 1,
                high: 6,
                medium: 30,
                low: 70,
            }),
            trend: Vec::new(),
            score_percent: Some(85.5),
            score_basis: None,
            findings: None,
            score_target_percent: 85.0,
            certificates: Vec::new(),
            certificates_omitted: 0,
        };
        assert_eq!(view.critical_high_open(), Some(7));
        view.vulnerabilities = None;
        assert_eq!(view.critical_high_open(), None);
    }
}
