//! What a certificate and a finding are, beyond the tab's row.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// What the certificate says of itself; `None`/empty where the source does not read it.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct CertificateExtras {
    pub issuer: Option<String>,
    pub subject: Option<String>,
    pub sans: Vec<String>,
    pub not_before: Option<DateTime<Utc>>,
}

impl CertificateExtras {
    /// Whole days from issue to expiry, when the issue time is known.
    pub fn validity_days(&self, not_after: DateTime<Utc>) -> Option<i64> {
        self.not_before.map(|from| (not_after - from).num_days())
    }

    /// Whether the certificate signed itself (a root or an internal CA): no one to renew it
    /// from but its owner.
    pub fn self_signed(&self) -> Option<bool> {
        Some(self.issuer.as_ref()? == self.subject.as_ref()?)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct FindingExtras {
    pub package: Option<String>,
    pub installed_version: Option<String>,
    pub fixed_version: Option<String>,
    pub first_seen: Option<DateTime<Utc>>,
    pub description: Option<String>,
}

impl FindingExtras {
    /// Whole days it has been open at `now`, when its first sighting is known.
    pub fn days_open(&self, now: DateTime<Utc>) -> Option<i64> {
        self.first_seen.map(|seen| (now - seen).num_days())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0)
            .single()
            .expect("time")
    }

    #[test]
    fn validity_and_age_count_whole_days_and_unknown_stays_unknown() {
        let cert = CertificateExtras {
            issuer: Some("CN=R11".into()),
            subject: Some("CN=www.example.com".into()),
            not_before: Some(at(1, 12)),
            ..CertificateExtras::default()
        };
        // 1 Nov 12:00 to 30 Nov 11:00 is 28 days 23 hours: 28 whole days.
        assert_eq!(cert.validity_days(at(30, 11)), Some(28));
        assert_eq!(cert.self_signed(), Some(false));
        assert_eq!(CertificateExtras::default().validity_days(at(30, 11)), None);
        assert_eq!(CertificateExtras::default().self_signed(), None);
        let finding = FindingExtras {
            first_seen: Some(at(10, 6)),
            ..FindingExtras::default()
        };
        assert_eq!(finding.days_open(at(18, 5)), Some(7));
        assert_eq!(FindingExtras::default().days_open(at(18, 5)), None);
    }
}
