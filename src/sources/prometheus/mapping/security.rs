//! Security view from trivy-operator (vulnerabilities, compliance) and blackbox_exporter
//! (certificate expiry). Severity labels are matched case-insensitively, as trivy's metrics
//! use both `Critical` and `CRITICAL`.

use chrono::{DateTime, Utc};

use super::{Results, label};
use crate::domain::{Certificate, SCORE_TARGET_PERCENT, SecurityView, VulnerabilityCounts};
use crate::sources::prometheus::InstantSample;

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn add(counts: &mut VulnerabilityCounts, severity: &str, value: f64) {
    if !value.is_finite() || value < 0.0 {
        return;
    }
    let n = value.round() as u32;
    match severity.to_ascii_lowercase().as_str() {
        "critical" => counts.critical += n,
        "high" => counts.high += n,
        "medium" => counts.medium += n,
        "low" => counts.low += n,
        _ => {}
    }
}

fn counts(samples: &[InstantSample]) -> VulnerabilityCounts {
    let mut counts = VulnerabilityCounts::default();
    for sample in samples {
        add(
            &mut counts,
            label(&sample.labels, "severity").unwrap_or_default(),
            sample.value,
        );
    }
    counts
}

pub fn view(results: &Results, max_rows: usize) -> Option<SecurityView> {
    // An empty answer means the metric is not there: unknown, never "zero vulnerabilities".
    let answered = |id| {
        results
            .instant(id)
            .filter(|(_, samples)| !samples.is_empty())
    };
    let vulnerabilities = answered("security-vulnerabilities");
    let score = answered("security-score");
    let certificates = answered("security-certificates");
    if vulnerabilities.is_none() && score.is_none() && certificates.is_none() {
        return None;
    }
    let mut trend = Vec::new();
    if let Some((_, buffer)) = results.range("security-vulnerability-trend") {
        let mut days: std::collections::BTreeMap<chrono::NaiveDate, VulnerabilityCounts> =
            Default::default();
        for series in buffer.series() {
            let severity = label(&series.labels, "severity").unwrap_or_default();
            for &(at, value) in &series.points {
                #[allow(clippy::cast_possible_truncation)]
                if let Some(day) = DateTime::<Utc>::from_timestamp(at as i64, 0) {
                    add(days.entry(day.date_naive()).or_default(), severity, value);
                }
            }
        }
        trend = days.into_iter().collect();
    }
    let mut certificates: Vec<Certificate> = certificates
        .map(|(_, samples)| {
            samples
                .iter()
                .filter_map(|s| {
                    #[allow(clippy::cast_possible_truncation)]
                    let not_after = DateTime::<Utc>::from_timestamp(s.value as i64, 0)
                        .filter(|_| s.value.is_finite())?;
                    let name = ["instance", "target", "job"]
                        .iter()
                        .find_map(|k| label(&s.labels, k))
                        .unwrap_or("certificate");
                    Some(Certificate {
                        name: name.to_string(),
                        not_after,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let total = certificates.len();
    if total > max_rows {
        certificates.select_nth_unstable_by_key(max_rows, |c| c.not_after);
        certificates.truncate(max_rows);
    }
    let score_percent =
        score.and_then(|(_, s)| s.first().map(|x| x.value).filter(|v| v.is_finite()));
    Some(SecurityView {
        certificates_omitted: total - certificates.len(),
        vulnerabilities: vulnerabilities.map(|(_, s)| counts(s)),
        trend,
        score_percent,
        score_target_percent: score
            .and_then(|(p, _)| p.target)
            .unwrap_or(SCORE_TARGET_PERCENT),
        score_basis: score_percent.map(|_| {
            "passed / evaluated compliance controls (trivy_cluster_compliance)".to_string()
        }),
        findings: None,
        certificates,
    })
}
