//! One cost line's days, for its chart and its anomalies, and what reserving its instances
//! would save.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::domain::DailyCost;

mod anomaly;
mod savings;

pub use anomaly::{ANOMALY_METHOD, Anomalies, Anomaly, TRAILING_DAYS, anomalies};
pub use savings::{DISCOUNTS, Discount, Family, Reservable, SavingsOption, savings};

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct CostExtras {
    /// This line's spend per day, oldest first; today's day is still running.
    pub daily: Vec<DailyCost>,
    /// Last month's spend on this line, where the source has it.
    pub last_month: Option<f64>,
    /// Set when `last_month` covers only the days from this date (the record starts then).
    pub last_month_since: Option<NaiveDate>,
    /// The instances behind the line that could be reserved; `None`: no savings data.
    pub reservable: Option<Reservable>,
}

/// This month's full days against last month's recorded days, each as a mean per day, so a
/// month under way compares fairly with a whole one. Each mean is `None` without a full,
/// finite day of its month.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PerDay {
    pub this_month: Option<f64>,
    pub last_month: Option<f64>,
    /// `(this ÷ last − 1) × 100`; `None` unless both are known and last month cost something.
    pub change_percent: Option<f64>,
}

pub fn per_day(daily: &[DailyCost], today: NaiveDate) -> PerDay {
    let month_start = today.with_day(1).unwrap_or(today);
    let last_start = month_start
        .pred_opt()
        .and_then(|d| d.with_day(1))
        .unwrap_or(month_start);
    let mean = |from: NaiveDate, to: NaiveDate| {
        let days: Vec<f64> = daily
            .iter()
            .filter(|d| d.date >= from && d.date < to && d.amount.is_finite())
            .map(|d| d.amount)
            .collect();
        #[allow(clippy::cast_precision_loss)]
        let n = days.len() as f64;
        (!days.is_empty()).then(|| days.iter().sum::<f64>() / n)
    };
    let this_month = mean(month_start, today);
    let last_month = mean(last_start, month_start);
    PerDay {
        this_month,
        last_month,
        change_percent: this_month
            .zip(last_month.filter(|l| *l > 0.0))
            .map(|(this, last)| (this / last - 1.0) * 100.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_compare_as_means_of_their_full_days() {
        let day = |m: u32, d: u32, amount: f64| DailyCost {
            date: NaiveDate::from_ymd_opt(2026, m, d).expect("date"),
            amount,
        };
        // Last month's record: $10 and $14 (mean $12). This month: $15, $18 and today's
        // running $2, left out: mean $16.50, +37.5 %.
        let daily = [
            day(11, 29, 10.0),
            day(11, 30, 14.0),
            day(12, 1, 15.0),
            day(12, 2, 18.0),
            day(12, 3, 2.0),
        ];
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).expect("date");
        let got = per_day(&daily, today);
        assert_eq!((got.this_month, got.last_month), (Some(16.5), Some(12.0)));
        assert!((got.change_percent.expect("a change") - 37.5).abs() < 1e-9);
        // On the 1st no day of this month is over: unknown, and so is the change.
        let first = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        let got = per_day(&daily, first);
        assert_eq!((got.this_month, got.change_percent), (None, None));
        assert_eq!(got.last_month, Some(12.0));
        let got = per_day(&daily[2..], today);
        assert_eq!(
            (got.last_month, got.change_percent),
            (None, None),
            "no record of it"
        );
    }
}
