//! Vulnerabilities that drift day by day, a score computed from them, and certificates.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::rng::Rng;
use crate::domain::detail::CertificateExtras;
use crate::domain::{Certificate, SCORE_TARGET_PERCENT, SecurityView, VulnerabilityCounts};
const TREND_DAYS: i64 = 14;

/// (name, validity in days, further names): ACME certificates last 90 days, bought ones a
/// year, the internal CA ten years.
const CERTIFICATES: [(&str, i64, &[&str]); 6] = [
    ("api.example.com", 90, &["api-eu.example.com"]),
    ("www.example.com", 90, &["example.com"]),
    ("grafana.internal", 90, &[]),
    ("auth.example.com", 365, &["login.example.com"]),
    (
        "payments.example.com",
        365,
        &["pay.example.com", "checkout.example.com"],
    ),
    ("internal-ca", 3650, &[]),
];

/// Who issues each kind of certificate; the seed picks among the ACME and bought ones.
const ACME: [&str; 2] = [
    "CN=R10, O=Let's Encrypt, C=US",
    "CN=R11, O=Let's Encrypt, C=US",
];
const BOUGHT: [&str; 2] = [
    "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US",
    "CN=Sectigo RSA Domain Validation Secure Server CA, O=Sectigo Limited, C=GB",
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

/// The Security tab's view at `now`, of the certificates and open vulnerabilities as they
/// stand (with what operators did to them).
pub fn view(
    seed: u64,
    now: DateTime<Utc>,
    certificates: Vec<Certificate>,
    open: &[super::vulnerabilities::Vulnerability],
) -> SecurityView {
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
        score_target_percent: SCORE_TARGET_PERCENT,
        score_basis: Some(
            "100 - (6 critical + 1.5 high + 0.1 medium + 0.01 low) open vulnerabilities (simulated)"
                .into(),
        ),
        findings: Some(super::vulnerabilities::findings(open)),
        certificates,
        certificates_omitted: 0,
    }
}

/// The fleet's certificates at `now`. Each is renewed as it expires, on a fixed cycle whose
/// phase comes from the seed, so its expiry is a point on the seeded clock: the same whenever
/// the console, `report` or `check` started, and it counts down as time passes.
pub fn certificates(seed: u64, now: DateTime<Utc>) -> Vec<Certificate> {
    CERTIFICATES
        .iter()
        .zip(1u64..)
        .map(|((name, days, _), i)| {
            let period = Duration::days(*days).num_seconds();
            #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
            let phase = (Rng::new(seed ^ i.wrapping_mul(0xCE27)).unit() * period as f64) as i64;
            // The end of the cycle (counted from the epoch plus the phase) that `now` is in.
            let cycles = (now.timestamp() - phase).div_euclid(period) + 1;
            Certificate {
                name: (*name).into(),
                not_after: DateTime::from_timestamp(phase + cycles * period, 0).unwrap_or(now),
            }
        })
        .collect()
}

/// How many days a new certificate `name` is valid for.
pub fn validity_days(name: &str) -> Option<i64> {
    CERTIFICATES
        .iter()
        .find(|(n, ..)| *n == name)
        .map(|(_, days, _)| *days)
}

/// What certificate `name` (expiring at `not_after`) says of itself: its issuer (the seed
/// picks which CA), subject, names, and when the current one was issued.
pub fn certificate_extras(
    seed: u64,
    name: &str,
    not_after: DateTime<Utc>,
) -> Option<CertificateExtras> {
    let (_, days, more) = CERTIFICATES.iter().find(|(n, ..)| *n == name)?;
    let subject = format!("CN={name}");
    let pick = usize::from(Rng::new(seed ^ 0x1551).unit() >= 0.5);
    let issuer = match days {
        90 => ACME[pick].to_string(),
        365 => BOUGHT[pick].to_string(),
        // The internal CA signs itself.
        _ => subject.clone(),
    };
    Some(CertificateExtras {
        issuer: Some(issuer),
        subject: Some(subject),
        sans: std::iter::once(name)
            .chain(more.iter().copied())
            .map(String::from)
            .collect(),
        not_before: Some(not_after - Duration::days(*days)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

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
        assert!(score(clean) >= SCORE_TARGET_PERCENT && score(one_critical) < score(clean));
    }

    /// Expiry is a point on the seeded clock: a later start sees the same time, counting down,
    /// until the certificate is renewed for another 90 days.
    #[test]
    fn certificates_expire_at_fixed_times_and_renew() {
        let at = |d, h| {
            Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0)
                .single()
                .expect("time")
        };
        let www = |seed, now| {
            certificates(seed, now)
                .into_iter()
                .find(|c| c.name == "www.example.com")
                .expect("www")
                .not_after
        };
        let expiry = Utc
            .with_ymd_and_hms(2026, 12, 7, 6, 15, 45)
            .single()
            .expect("time");
        assert_eq!(www(42, at(18, 3)), expiry);
        assert_eq!(www(42, at(30, 12)), expiry, "the same for a later start");
        assert_eq!(
            www(42, expiry),
            expiry + Duration::days(90),
            "renewed when it expires"
        );
        assert_ne!(www(7, at(18, 3)), expiry, "the seed sets the phase");
        assert_eq!(certificates(42, at(18, 3)).len(), 6);
    }
}
