//! Findings (Security Hub's, Defender for Cloud's assessments): severities, workflow statuses,
//! and the active findings counted by both, with what calls for attention.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::Health;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Informational,
}

impl Severity {
    pub const ALL: [Self; 5] = [
        Self::Critical,
        Self::High,
        Self::Medium,
        Self::Low,
        Self::Informational,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Critical => "critical",
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
            Self::Informational => "info",
        }
    }

    /// Critical and high are critical (the plan wants none open), medium a warning.
    pub fn health(self) -> Health {
        match self {
            Self::Critical | Self::High => Health::Critical,
            Self::Medium => Health::Warning,
            Self::Low | Self::Informational => Health::Ok,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WorkflowStatus {
    New,
    Notified,
    Resolved,
    Suppressed,
}

impl WorkflowStatus {
    pub const ALL: [Self; 4] = [Self::New, Self::Notified, Self::Resolved, Self::Suppressed];

    pub fn name(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Notified => "notified",
            Self::Resolved => "resolved",
            Self::Suppressed => "suppressed",
        }
    }

    /// Security Hub's name: `NEW`, `NOTIFIED`, `RESOLVED`, `SUPPRESSED`.
    pub fn api_name(self) -> &'static str {
        match self {
            Self::New => "NEW",
            Self::Notified => "NOTIFIED",
            Self::Resolved => "RESOLVED",
            Self::Suppressed => "SUPPRESSED",
        }
    }

    /// Either spelling, any case.
    pub fn parse(text: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|w| w.name().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| {
                format!("workflow status {text:?}: one of NEW, NOTIFIED, RESOLVED, SUPPRESSED")
            })
    }

    /// New and notified findings still want someone; resolved and suppressed ones do not.
    pub fn is_open(self) -> bool {
        matches!(self, Self::New | Self::Notified)
    }
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
    /// Who found them (`Security Hub`), named in the panel's title.
    pub source: String,
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

impl Findings {
    /// Open findings the Security tab lists.
    pub const TOP: usize = 12;

    /// `(severity, workflow, count)` for every pair present, most severe first.
    pub fn tally<'a>(
        findings: impl IntoIterator<Item = &'a Finding>,
    ) -> Vec<(Severity, WorkflowStatus, u32)> {
        let mut counts = BTreeMap::new();
        for f in findings {
            *counts.entry((f.severity, f.workflow)).or_insert(0) += 1;
        }
        counts.into_iter().map(|((s, w), n)| (s, w, n)).collect()
    }

    /// The [`Self::TOP`] worst of `open`: most severe first, then the most recently updated.
    pub fn worst<'a>(open: impl IntoIterator<Item = &'a Finding>) -> Vec<Finding> {
        let mut open: Vec<&Finding> = open.into_iter().collect();
        open.sort_by_key(|f| (f.severity, Reverse(f.updated_at)));
        open.into_iter().take(Self::TOP).cloned().collect()
    }

    /// Active findings at `severity` in `workflow` (0 when none).
    pub fn count(&self, severity: Severity, workflow: WorkflowStatus) -> u32 {
        self.counts
            .iter()
            .find(|(s, w, _)| *s == severity && *w == workflow)
            .map_or(0, |(_, _, n)| *n)
    }

    /// The health of a count that calls for attention: open findings, at least one; `None`
    /// for closed ones and zeros, which stay quiet.
    pub fn attention(&self, severity: Severity, workflow: WorkflowStatus) -> Option<Health> {
        (workflow.is_open() && self.count(severity, workflow) > 0).then(|| severity.health())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_open_findings_call_for_attention() {
        let findings = Findings {
            source: "Security Hub".into(),
            counts: vec![
                (Severity::High, WorkflowStatus::Notified, 3),
                (Severity::Critical, WorkflowStatus::Resolved, 2),
            ],
            top: Vec::new(),
            total: 5,
            truncated: false,
            controls_passed: 0,
            controls_with_data: 0,
        };
        let open = findings.attention(Severity::High, WorkflowStatus::Notified);
        assert_eq!(open, Some(Health::Critical));
        assert_eq!(
            findings.count(Severity::Critical, WorkflowStatus::Resolved),
            2
        );
        assert_eq!(
            findings.attention(Severity::Critical, WorkflowStatus::Resolved),
            None
        );
        assert_eq!(
            findings.attention(Severity::Medium, WorkflowStatus::New),
            None,
            "zero"
        );
    }
}
