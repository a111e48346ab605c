//! Vulnerabilities that drift day by day, a score computed from them, and certificates.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::rng::Rng;
use crate::domain::{Certificate, SecurityView, VulnerabilityCounts};

pub const SCORE_TARGET: f64 = 85.0;
const TREND_DAYS: i64 = 14;

/// (name, days from the simulation start to expiry)
const CERTIFICATES: [(&str, i64); 6] = [
    ("api.example.com", 5),
    ("www.example.com", 12),
    ("grafana.internal", 41),
    ("auth.example.com", 77),
    ("payments.example.com", 160),
    ("internal-ca", 402),
];

/// The counts of one day: a function of the seed and the date, so history is stable.
pub fn counts_on(seed: u64, date: NaiveDate) -> VulnerabilityCounts {
    let mut rng = Rng::new(
        seed ^ u64::try_from(date.num_days_from_ce())
            .unwrap_or(0)
            .wrapping_mul(0x9E37),
    );
    let mut pick = |low: f64, spread: f64| {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n = (low + rng.unit() * spread).floor() as u32;
        n
    };
    VulnerabilityCounts {
        critical: pick(0.0, 2.0),
        high: pick(3.0, 5.0),
        medium: pick(22.0, 14.0),
        low: pick(58.0, 24.0),
    }
}

/// Weighted by severity; criticals dominate so one open critical drops below target.
pub fn score(c: VulnerabilityCounts) -> f64 {
    (100.0
        - 6.0 * f64::from(c.critical)
        - 1.5 * f64::from(c.high)
        - 0.1 * f64::from(c.medium)
        - 0.01 * f64::from(c.low))
    .clamp(0.0, 100.0)
}

pub fn view(seed: u64, started: DateTime<Utc>, now: DateTime<Utc>) -> SecurityView {
    let today = now.date_naive();
    let trend: Vec<(NaiveDate, VulnerabilityCounts)> = (0..TREND_DAYS)
        .rev()
        .map(|d| today - Duration::days(d))
        .map(|date| (date, counts_on(seed, date)))
        .collect();
    let vulnerabilities = counts_on(seed, today);
    SecurityView {
        vulnerabilities: Some(vulnerabilities),
        trend,
        score_percent: Some(score(vulnerabilities)),
        score_target_percent: SCORE_TARGET,
        score_basis: Some(
            "100 - (6 critical + 1.5 high + 0.1 medium + 0.01 low) open vulnerabilities (simulated)"
                .into(),
        ),
        findings: None,
        certificates: certificates(started),
        certificates_omitted: 0,
    }
}

/// The fleet's certificates; their expiry is fixed relative to when the simulation started.
pub fn certificates(started: DateTime<Utc>) -> Vec<Certificate> {
    CERTIFICATES
        .iter()
        .map(|(name, days)| Certificate {
            name: (*name).into(),
            not_after: started + Duration::days(*days) + Duration::hours(7),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_stable_per_day_and_score_penalises_criticals() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 18).expect("date");
        assert_eq!(counts_on(1, day), counts_on(1, day));
        let clean = VulnerabilityCounts {
            critical: 0,
            high: 3,
            medium: 20,
            low: 50,
        };
        let one_critical = VulnerabilityCounts {
            critical: 1,
            ..clean
        };
        assert!(score(clean) >= SCORE_TARGET && score(one_critical) < score(clean));
    }
}
