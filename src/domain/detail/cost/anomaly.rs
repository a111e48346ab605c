//! A day far outside its trailing two weeks: the robust z-score (median and median absolute
//! deviation, so the spike being judged, or last week's, does not hide itself by moving the
//! mean and the standard deviation).

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::DailyCost;

/// The days each day is judged against.
pub const TRAILING_DAYS: usize = 14;
/// Iglewicz and Hoaglin's cut-off for the modified z-score.
const THRESHOLD: f64 = 3.5;
/// The MAD of a normal distribution times this is its standard deviation.
const MAD_TO_SIGMA: f64 = 1.4826;
/// A line that costs the same every day has no spread; a cent's rounding is not an anomaly.
const FLOOR_OF_MEDIAN: f64 = 0.01;

/// How days are judged, named wherever anomalies are shown.
pub const ANOMALY_METHOD: &str = "robust z-score: |day - median| / (1.4826 x MAD) over the \
    trailing 14 full days, anomalous over 3.5 (spread floored at 1 % of the median)";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Anomaly {
    pub date: NaiveDate,
    pub amount: f64,
    /// The trailing days' median it is judged against.
    pub median: f64,
    pub z: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum Anomalies {
    /// No full day has 14 full days before it: nothing can be said, which is not "none".
    NotEnoughHistory { full_days: usize },
    /// `days` full days were judged; the anomalous ones, oldest first.
    Judged { days: usize, found: Vec<Anomaly> },
}

/// Every full day (before `today`) with [`TRAILING_DAYS`] finite days before it, judged by
/// [`ANOMALY_METHOD`]. `daily` is oldest first, one entry per day.
pub fn anomalies(daily: &[DailyCost], today: NaiveDate) -> Anomalies {
    let full: Vec<&DailyCost> = daily.iter().filter(|d| d.date < today).collect();
    let mut days = 0;
    let mut found = Vec::new();
    for (i, day) in full.iter().enumerate().skip(TRAILING_DAYS) {
        let window: Vec<f64> = full[i - TRAILING_DAYS..i]
            .iter()
            .map(|d| d.amount)
            .collect();
        if !day.amount.is_finite() || window.iter().any(|v| !v.is_finite()) {
            continue;
        }
        days += 1;
        let middle = median(window.clone());
        let mad = median(window.iter().map(|v| (v - middle).abs()).collect());
        let spread = (MAD_TO_SIGMA * mad).max(FLOOR_OF_MEDIAN * middle.abs());
        let z = if spread > 0.0 {
            (day.amount - middle).abs() / spread
        } else if day.amount == middle {
            0.0
        } else {
            f64::INFINITY
        };
        if z > THRESHOLD {
            found.push(Anomaly {
                date: day.date,
                amount: day.amount,
                median: middle,
                z,
            });
        }
    }
    if days == 0 {
        Anomalies::NotEnoughHistory {
            full_days: full.len(),
        }
    } else {
        Anomalies::Judged { days, found }
    }
}

/// The middle of finite values (the mean of the middle two for an even count).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(amounts: &[f64]) -> Vec<DailyCost> {
        let first = NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
        amounts
            .iter()
            .zip(first.iter_days())
            .map(|(amount, date)| DailyCost {
                date,
                amount: *amount,
            })
            .collect()
    }

    fn nov(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).expect("date")
    }

    #[test]
    fn a_day_far_from_its_two_weeks_is_an_anomaly_and_a_near_one_is_not() {
        // Trailing days 7 × $10 and 7 × $12: median 11, every deviation 1, MAD 1, spread 1.4826.
        let mut amounts = vec![10.0; 7];
        amounts.extend([12.0; 7]);
        // Nov 15: $16 is 5 / 1.4826 = 3.37 from the median, under 3.5.
        amounts.push(16.0);
        let near = anomalies(&days(&amounts), nov(16));
        assert_eq!(
            near,
            Anomalies::Judged {
                days: 1,
                found: vec![]
            }
        );
        // $17 is 6 / 1.4826 = 4.047: an anomaly.
        amounts[14] = 17.0;
        let Anomalies::Judged { days: 1, found } = anomalies(&days(&amounts), nov(16)) else {
            panic!("judged");
        };
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].date, found[0].median), (nov(15), 11.0));
        assert!((found[0].z - 6.0 / 1.4826).abs() < 1e-12, "{}", found[0].z);
    }

    #[test]
    fn a_flat_line_is_judged_against_one_percent_of_its_median() {
        // 14 × $20: MAD 0, spread 1 % of 20 = 0.2. $20.10 is 0.5 away; $21 is 5.
        let mut amounts = vec![20.0; 14];
        amounts.extend([20.1, 21.0]);
        let Anomalies::Judged { days: 2, found } = anomalies(&days(&amounts), nov(17)) else {
            panic!("judged");
        };
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].date, nov(16));
        assert!((found[0].z - 5.0).abs() < 1e-9, "{}", found[0].z);
        // A line that costs nothing and then something is infinitely far.
        let mut free = vec![0.0; 14];
        free.push(3.0);
        let Anomalies::Judged { found, .. } = anomalies(&days(&free), nov(16)) else {
            panic!("judged");
        };
        assert_eq!(found[0].z, f64::INFINITY);
    }

    #[test]
    fn short_or_broken_history_is_not_enough_never_none() {
        // Today (Nov 15) is still running: 14 full days, none with 14 before it.
        let amounts = vec![10.0; 15];
        assert_eq!(
            anomalies(&days(&amounts), nov(15)),
            Anomalies::NotEnoughHistory { full_days: 14 }
        );
        let mut gap = vec![10.0; 15];
        gap[3] = f64::NAN;
        assert_eq!(
            anomalies(&days(&gap), nov(16)),
            Anomalies::NotEnoughHistory { full_days: 15 }
        );
        assert_eq!(
            anomalies(&[], nov(16)),
            Anomalies::NotEnoughHistory { full_days: 0 }
        );
    }
}
