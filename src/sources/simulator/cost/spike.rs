//! One-off charges the demo books now and then (about one day in ten), so a cost line has
//! anomalies to find: a cross-region backup copy billed to networking, or an RDS snapshot
//! export. A function of the seed and the date, so history is stable. Booked at 02:00 as one
//! lump: the hourly rate (what the exported node costs add up to) is untouched.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::{HOURS_PER_MONTH, NETWORK_MONTHLY, RDS_MONTHLY};
use crate::sources::simulator::rng::Rng;

/// The chance that a day has a one-off charge.
const CHANCE: f64 = 0.1;

#[derive(Debug, Clone, PartialEq)]
pub struct Spike {
    pub at: DateTime<Utc>,
    pub line: &'static str,
    pub amount: f64,
}

/// The day's one-off charge, if it has one: networking gets 1–2 extra days' worth, RDS half to
/// one (an export costs less than the copy it makes).
pub fn on(seed: u64, date: NaiveDate) -> Option<Spike> {
    let mut rng = Rng::new(
        seed ^ u64::try_from(date.num_days_from_ce())
            .unwrap_or(0)
            .wrapping_mul(0x2545_F491),
    );
    if rng.unit() >= CHANCE {
        return None;
    }
    let ((line, monthly), low) = if rng.unit() < 0.5 {
        (NETWORK_MONTHLY, 1.0)
    } else {
        (RDS_MONTHLY, 0.5)
    };
    let daily = monthly / HOURS_PER_MONTH * 24.0;
    Some(Spike {
        at: date.and_hms_opt(2, 0, 0)?.and_utc(),
        line,
        amount: daily * (low + low * rng.unit()),
    })
}

/// The charges booked after `from` up to and including `to`.
pub fn between(seed: u64, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Spike> {
    from.date_naive()
        .iter_days()
        .take_while(|d| *d <= to.date_naive())
        .filter_map(|d| on(seed, d))
        .filter(|s| from < s.at && s.at <= to)
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    #[test]
    fn charges_are_rare_stable_and_booked_once() {
        let first = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
        let days: Vec<Spike> = first
            .iter_days()
            .take(365)
            .filter_map(|d| on(42, d))
            .collect();
        assert!(
            (20..60).contains(&days.len()),
            "about one day in ten: {}",
            days.len()
        );
        assert_eq!(on(42, days[0].at.date_naive()), Some(days[0].clone()));
        let at = days[0].at;
        // Steps ending at 02:00 and just after it: the charge falls in exactly one.
        let step = Duration::seconds(10);
        assert_eq!(between(42, at - step, at), vec![days[0].clone()]);
        assert!(between(42, at, at + step).is_empty());
        let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(
            between(42, start, start + Duration::days(365)).len(),
            days.len()
        );
    }
}
