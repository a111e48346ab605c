//! Vulnerabilities, security score and certificates.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::Health;
use super::checkpoint::Verdict;

mod findings;

pub use findings::{Finding, Findings, Severity, WorkflowStatus};

/// The plan's security score target ("security score improved to 85 %+"), for sources with no
/// target of their own.
pub const SCORE_TARGET_PERCENT: f64 = 85.0;

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

impl VulnerabilityCounts {
    /// The severities vulnerabilities are counted in (findings add informational).
    pub const SEVERITIES: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    /// Open at `severity`; informational ones are not counted (0).
    pub fn count(&self, severity: Severity) -> u32 {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Informational => 0,
        }
    }
}

impl SecurityView {
    /// Open critical and high vulnerabilities (the phase plan wants 0); `None` when unknown.
    pub fn critical_high_open(&self) -> Option<u32> {
        self.vulnerabilities.map(|v| v.critical + v.high)
    }

    /// The score against its target (at or above it is met); no score is unknown.
    pub fn score_verdict(&self) -> Verdict {
        judge(
            self.score_percent
                .filter(|s| s.is_finite())
                .map(|s| s >= self.score_target_percent),
        )
    }

    /// No critical or high vulnerability open is met; unknown counts are unknown.
    pub fn critical_high_verdict(&self) -> Verdict {
        judge(self.critical_high_open().map(|n| n == 0))
    }

    /// Both targets together: a score at target with critical or high open is still missed,
    /// and either one missed is missed even when the other is unknown.
    pub fn verdict(&self) -> Verdict {
        match (self.score_verdict(), self.critical_high_verdict()) {
            (Verdict::Met, Verdict::Met) => Verdict::Met,
            (Verdict::Missed, _) | (_, Verdict::Missed) => Verdict::Missed,
            _ => Verdict::Unknown,
        }
    }

    /// How the open count at `severity` reads: none open is fine, any open takes the
    /// severity's health; without counts, unknown.
    pub fn vulnerability_health(&self, severity: Severity) -> Health {
        match self.vulnerabilities.map(|v| v.count(severity)) {
            None => Health::Unknown,
            Some(0) => Health::Ok,
            Some(_) => severity.health(),
        }
    }
}

fn judge(met: Option<bool>) -> Verdict {
    match met {
        Some(true) => Verdict::Met,
        Some(false) => Verdict::Missed,
        None => Verdict::Unknown,
    }
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
        assert_eq!(view.vulnerability_health(Severity::Medium), Health::Warning);
        view.vulnerabilities = None;
        assert_eq!(view.critical_high_open(), None);
        assert_eq!(view.vulnerability_health(Severity::Low), Health::Unknown);
    }

    #[test]
    fn the_verdict_needs_both_targets_and_one_miss_is_enough() {
        let mut view = SecurityView {
            vulnerabilities: Some(VulnerabilityCounts::default()),
            trend: Vec::new(),
            score_percent: Some(85.0),
            score_basis: None,
            findings: None,
            score_target_percent: 85.0,
            certificates: Vec::new(),
            certificates_omitted: 0,
        };
        // 85 is at the target (>= 85), and nothing is open.
        assert_eq!(view.verdict(), Verdict::Met);
        assert_eq!(view.vulnerability_health(Severity::Critical), Health::Ok);
        view.vulnerabilities = Some(VulnerabilityCounts {
            high: 1,
            ..VulnerabilityCounts::default()
        });
        assert_eq!(view.critical_high_verdict(), Verdict::Missed);
        assert_eq!(view.verdict(), Verdict::Missed, "a met score does not help");
        assert_eq!(view.vulnerability_health(Severity::High), Health::Critical);
        view.vulnerabilities = None;
        assert_eq!(
            view.verdict(),
            Verdict::Unknown,
            "met and unknown is unknown"
        );
        view.score_percent = Some(84.9);
        assert_eq!(
            view.verdict(),
            Verdict::Missed,
            "missed and unknown is missed"
        );
        view.score_percent = Some(f64::NAN);
        assert_eq!(view.score_verdict(), Verdict::Unknown);
    }
}
