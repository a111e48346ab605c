//! The open vulnerabilities behind the daily counts, one finding each. Slot `k` of a severity is
//! open on a day that counts more than `k` of that severity, so a finding was first seen where
//! its slot's latest unbroken run of days began, and the findings always add up to the counts.

use std::cmp::Reverse;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};

use super::rng::Rng;
use super::security::counts_on;
use crate::domain::detail::FindingExtras;
use crate::domain::{Finding, Findings, Severity, VulnerabilityCounts, WorkflowStatus};

/// How far back a run is followed. A run this long is a standing vulnerability (below the
/// counts' daily floor, open every day), dated at the fleet's first scan so its identity holds.
const LOOKBACK_DAYS: i64 = 180;

fn first_scan(today: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).map_or(today, |d| d.min(today))
}

/// (package, installed, fixed, image) the simulated scanner finds vulnerable.
const PACKAGES: [(&str, &str, &str, &str); 10] = [
    ("openssl", "3.0.13", "3.0.15", "web"),
    ("glibc", "2.36-9", "2.36-9+deb12u7", "web"),
    ("libxml2", "2.9.14", "2.9.14+dfsg-1.3~deb12u1", "worker"),
    ("curl", "7.88.1", "8.5.0", "worker"),
    ("zlib", "1.2.13", "1.3.1", "web"),
    ("golang.org/x/net", "0.17.0", "0.23.0", "api"),
    ("jackson-databind", "2.13.4", "2.13.4.2", "payments"),
    ("lodash", "4.17.20", "4.17.21", "frontend"),
    ("requests", "2.31.0", "2.32.0", "worker"),
    ("nginx", "1.24.0", "1.26.1", "web"),
];

/// Who finds them, as the Security tab names it.
const SOURCE: &str = "Trivy (simulated)";

/// One open vulnerability: the row the tab lists and what its detail adds.
pub struct Vulnerability {
    pub finding: Finding,
    pub extras: FindingExtras,
}

/// Every vulnerability open at `now`, most severe first, then the most recently seen.
pub fn open(seed: u64, now: DateTime<Utc>) -> Vec<Vulnerability> {
    let today = now.date_naive();
    let days: Vec<VulnerabilityCounts> = (0..=LOOKBACK_DAYS)
        .map(|d| counts_on(seed, today - Duration::days(d)))
        .collect();
    let mut list = Vec::new();
    for severity in VulnerabilityCounts::SEVERITIES {
        for slot in 0..days[0].count(severity) {
            // At least today: the slot is open today.
            let run = days.iter().take_while(|c| c.count(severity) > slot).count();
            let first_day = if run == days.len() {
                first_scan(today)
            } else {
                today - Duration::days(i64::try_from(run).unwrap_or(1) - 1)
            };
            list.push(vulnerability(seed, severity, slot, first_day, now));
        }
    }
    list.sort_by_key(|v| (v.finding.severity, Reverse(v.extras.first_seen)));
    list
}

/// The Security tab's findings: all open ones counted, the critical and high ones listed (the
/// plan wants none of those open).
pub fn findings(open: &[Vulnerability]) -> Findings {
    Findings {
        source: SOURCE.into(),
        counts: Findings::tally(open.iter().map(|v| &v.finding)),
        top: open
            .iter()
            .filter(|v| v.finding.severity <= Severity::High)
            .map(|v| v.finding.clone())
            .collect(),
        total: u32::try_from(open.len()).unwrap_or(u32::MAX),
        truncated: false,
        controls_passed: 0,
        controls_with_data: 0,
    }
}

/// A slot's vulnerability, named by the seed, the slot and the day its run began: the same
/// finding every day it stays open.
fn vulnerability(
    seed: u64,
    severity: Severity,
    slot: u32,
    first_day: NaiveDate,
    now: DateTime<Utc>,
) -> Vulnerability {
    let day = u64::try_from(first_day.num_days_from_ce()).unwrap_or(0);
    let mut rng = Rng::new(
        seed ^ (severity as u64 + 1).wrapping_mul(0xF1_4D)
            ^ u64::from(slot).wrapping_mul(0x51_07_3B)
            ^ day.wrapping_mul(0x9E37_79B9),
    );
    let pick = usize::try_from(rng.next_u64() % PACKAGES.len() as u64).unwrap_or(0);
    let (package, installed, fixed, image) = PACKAGES[pick];
    let id = format!(
        "CVE-{}-{}",
        first_day.year(),
        10_000 + rng.next_u64() % 90_000
    );
    let offset = Duration::seconds(i64::try_from(rng.next_u64() % 86_400).unwrap_or(0));
    let first_seen = (first_day.and_time(NaiveTime::MIN).and_utc() + offset).min(now);
    // Seen today it is new; by the next day's scan someone has been told.
    let workflow = if first_day == now.date_naive() {
        WorkflowStatus::New
    } else {
        WorkflowStatus::Notified
    };
    Vulnerability {
        finding: Finding {
            title: format!("{id} in {package} {installed}"),
            id,
            severity,
            workflow,
            control: None,
            resource: Some(format!("image {image}")),
            updated_at: Some(first_seen),
        },
        extras: FindingExtras {
            package: Some(package.into()),
            installed_version: Some(installed.into()),
            fixed_version: Some(fixed.into()),
            first_seen: Some(first_seen),
            description: Some(format!(
                "{package} {installed} in the {image} image; upgrading to {fixed} fixes it"
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, 3, 0, 0)
            .single()
            .expect("time")
    }

    /// The findings add up to the day's counts, and a finding still open the next day is the
    /// same finding (same id, same first sighting).
    #[test]
    fn findings_add_up_to_the_counts_and_keep_their_identity() {
        let today = open(42, at(18));
        let counts = counts_on(42, at(18).date_naive());
        for severity in VulnerabilityCounts::SEVERITIES {
            let n = today
                .iter()
                .filter(|v| v.finding.severity == severity)
                .count();
            assert_eq!(n, counts.count(severity) as usize, "{severity:?}");
        }
        let listed = findings(&today);
        assert_eq!(listed.total as usize, today.len());
        assert_eq!(listed.top.len() as u32, counts.critical + counts.high);
        let tomorrow = open(42, at(19));
        let slot0 = |list: &[Vulnerability]| {
            list.iter()
                .filter(|v| v.finding.severity == Severity::High)
                .min_by_key(|v| v.extras.first_seen)
                .map(|v| (v.finding.id.clone(), v.extras.first_seen))
        };
        // Three high are open every day (the counts' floor): the oldest stays.
        assert_eq!(slot0(&today), slot0(&tomorrow));
        for v in &today {
            assert!(v.extras.first_seen <= Some(at(18)));
            let new = v.extras.first_seen.map(|t| t.date_naive()) == Some(at(18).date_naive());
            assert_eq!(v.finding.workflow == WorkflowStatus::New, new);
        }
    }
}
