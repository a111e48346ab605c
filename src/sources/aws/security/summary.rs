//! What the Security tab shows of the findings: counts, the worst open ones, and a score
//! computed from control findings the way Security Hub describes its own.

use std::collections::BTreeMap;

use super::fetch::{Compliance, Record};
use crate::domain::{Finding, Findings};

pub fn summarize(records: &[Record], truncated: bool) -> Findings {
    let (controls_passed, controls_with_data) = controls(records);
    Findings {
        source: "Security Hub".into(),
        counts: Findings::tally(records.iter().map(|r| &r.finding)),
        top: top(records),
        total: u32::try_from(records.len()).unwrap_or(u32::MAX),
        truncated,
        controls_passed,
        controls_with_data,
    }
}

/// Open (NEW or NOTIFIED) findings that are not a passed check, most severe first, then the
/// most recently updated.
fn top(records: &[Record]) -> Vec<Finding> {
    Findings::worst(
        records
            .iter()
            .filter(|r| r.finding.workflow.is_open() && r.compliance != Some(Compliance::Passed))
            .map(|r| &r.finding),
    )
}

/// Passed controls and controls with data. A control passes when all its findings passed;
/// NOT_AVAILABLE findings say nothing, so a control with only those has no data.
fn controls(records: &[Record]) -> (u32, u32) {
    let mut passed: BTreeMap<&str, bool> = BTreeMap::new();
    for r in records {
        let (Some(control), Some(compliance)) = (&r.finding.control, r.compliance) else {
            continue;
        };
        if compliance == Compliance::NoData {
            continue;
        }
        let all = passed.entry(control.as_str()).or_insert(true);
        *all &= compliance == Compliance::Passed;
    }
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    (
        count(passed.values().filter(|p| **p).count()),
        count(passed.len()),
    )
}

/// Passed over controls with data, in percent; `None` without any.
pub fn score(findings: &Findings) -> Option<f64> {
    (findings.controls_with_data > 0).then(|| {
        f64::from(findings.controls_passed) / f64::from(findings.controls_with_data) * 100.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Severity, WorkflowStatus};
    use chrono::{TimeZone, Utc};

    fn record(
        id: &str,
        severity: Severity,
        workflow: WorkflowStatus,
        check: Option<(&str, Compliance)>,
        hour: u32,
    ) -> Record {
        Record {
            finding: Finding {
                id: id.into(),
                title: format!("finding {id}"),
                severity,
                workflow,
                control: check.map(|(c, _)| c.to_string()),
                resource: None,
                updated_at: Utc.with_ymd_and_hms(2026, 3, 1, hour, 0, 0).single(),
            },
            compliance: check.map(|(_, c)| c),
        }
    }

    fn sample() -> Vec<Record> {
        use Compliance::*;
        use Severity::*;
        use WorkflowStatus::*;
        vec![
            record("a", High, New, Some(("S3.1", Failed)), 1),
            record("b", Low, Resolved, Some(("S3.1", Passed)), 2),
            record("c", Medium, New, Some(("IAM.1", Passed)), 3),
            record("d", Medium, New, Some(("IAM.1", Passed)), 4),
            record("e", Critical, Notified, None, 5),
            record("f", High, Notified, Some(("EC2.2", NoData)), 6),
            record("g", High, Suppressed, Some(("EC2.3", Passed)), 7),
            record("h", High, New, None, 8),
        ]
    }

    #[test]
    fn controls_pass_only_when_every_finding_passed() {
        let findings = summarize(&sample(), false);
        // S3.1 failed once; IAM.1 and EC2.3 passed; EC2.2 has no data.
        assert_eq!(
            (findings.controls_passed, findings.controls_with_data),
            (2, 3)
        );
        let score = score(&findings).expect("a score");
        assert!((score - 200.0 / 3.0).abs() < 1e-9, "{score}");
        assert_eq!(score_of(&[]), None, "no control with data is no score");
    }

    fn score_of(records: &[Record]) -> Option<f64> {
        score(&summarize(records, false))
    }

    #[test]
    fn counts_pair_severity_with_workflow() {
        use Severity::*;
        use WorkflowStatus::*;
        let findings = summarize(&sample(), true);
        assert_eq!(
            findings.counts,
            [
                (Critical, Notified, 1),
                (High, New, 2),
                (High, Notified, 1),
                (High, Suppressed, 1),
                (Medium, New, 2),
                (Low, Resolved, 1),
            ]
        );
        assert_eq!(findings.total, 8);
        assert!(findings.truncated);
    }

    #[test]
    fn top_lists_open_findings_worst_and_newest_first() {
        let ids: Vec<String> = summarize(&sample(), false)
            .top
            .into_iter()
            .map(|f| f.id)
            .collect();
        // Passed checks (c, d), resolved (b) and suppressed (g) are not open.
        assert_eq!(ids, ["e", "h", "f", "a"]);
    }
}
