//! The cost lines that moved most: each line's spend over the last 7 complete days against
//! the 7 before, what a budget investigation ends with.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::cost::{CostView, DailyCost, percent_over};
use super::{FleetSnapshot, Unit};

/// What the largest movers compare, named wherever they are shown.
pub const MOVERS_WINDOW: &str = "the last 7 complete days against the 7 before";

/// A cost line's spend over the last 7 complete days (today, still running, left out) and
/// the 7 before: what the largest movers compare.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Weeks {
    pub last_7d: f64,
    pub previous_7d: f64,
}

impl Weeks {
    /// From a line's days; `None` unless all 14 days are there and finite (a missing day
    /// would read as a drop).
    pub fn of(daily: &[DailyCost], today: NaiveDate) -> Option<Self> {
        let sum = |from: i64, to: i64| -> Option<f64> {
            (from..to)
                .map(|back| {
                    let date = today - Duration::days(back);
                    daily
                        .iter()
                        .find(|d| d.date == date)
                        .map(|d| d.amount)
                        .filter(|a| a.is_finite())
                })
                .sum()
        };
        Some(Self {
            last_7d: sum(1, 8)?,
            previous_7d: sum(8, 15)?,
        })
    }

    pub fn change(self) -> f64 {
        self.last_7d - self.previous_7d
    }
}

/// The `top` lines whose spend moved most ([`MOVERS_WINDOW`], by the size of the change in
/// dollars), largest first; a line without both weeks is left out, never counted as steady.
pub fn movers(view: &CostView, top: usize) -> Vec<(&str, Weeks)> {
    let mut moved: Vec<(&str, Weeks)> = view
        .by_service
        .iter()
        .filter_map(|line| Some((line.service.as_str(), line.weeks?)))
        .collect();
    moved.sort_by(|a, b| b.1.change().abs().total_cmp(&a.1.change().abs()));
    moved.truncate(top);
    moved
}

/// The movers as a run prints them, one line each; an error when none can be measured.
pub fn mover_lines(snapshot: &FleetSnapshot, top: usize) -> Result<Vec<String>, String> {
    let view = snapshot
        .cost
        .as_ref()
        .ok_or("this environment reports no cost: movers unknown")?;
    let moved = movers(view, top);
    if moved.is_empty() {
        return Err(format!(
            "no cost line has the days of {MOVERS_WINDOW} from this source: movers unknown"
        ));
    }
    let money = |v: f64| Unit::Dollars.text(Some(v));
    Ok(moved
        .into_iter()
        .map(|(line, weeks)| {
            let change = weeks.change();
            let percent = percent_over(weeks.last_7d, weeks.previous_7d)
                .map_or_else(|| "n/a".to_string(), |c| format!("{c:+.1}%"));
            let sign = if change < 0.0 { "-" } else { "+" };
            format!(
                "{line}: {} in the last 7 days vs {} in the 7 before ({sign}{}, {percent})",
                money(weeks.last_7d),
                money(weeks.previous_7d),
                money(change.abs()),
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ServiceCost;

    fn days(today: NaiveDate, amounts: impl Fn(i64) -> f64) -> Vec<DailyCost> {
        (1..=15)
            .map(|back| DailyCost {
                date: today - Duration::days(back),
                amount: amounts(back),
            })
            .collect()
    }

    #[test]
    fn two_weeks_of_days_give_the_change_and_a_missing_day_gives_none() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 18).expect("date");
        // 10 a day the week before, 12 a day since: 84 against 70.
        let daily = days(today, |back| if back <= 7 { 12.0 } else { 10.0 });
        let weeks = Weeks::of(&daily, today).expect("14 days");
        assert_eq!((weeks.last_7d, weeks.previous_7d), (84.0, 70.0));
        assert_eq!(weeks.change(), 14.0);
        assert_eq!(Weeks::of(&daily[..13], today), None, "day 14 missing");
        let nan = days(today, |back| if back == 3 { f64::NAN } else { 1.0 });
        assert_eq!(Weeks::of(&nan, today), None);
    }

    #[test]
    fn movers_rank_by_the_size_of_the_change_and_leave_unknown_lines_out() {
        let line = |service: &str, weeks: Option<(f64, f64)>| ServiceCost {
            service: service.into(),
            month_to_date: 0.0,
            weeks: weeks.map(|(last_7d, previous_7d)| Weeks {
                last_7d,
                previous_7d,
            }),
        };
        let view = CostView {
            by_service: vec![
                line("EC2", Some((700.0, 650.0))),
                line("RDS", Some((400.0, 460.0))),
                line("S3", None),
                line("Cache", Some((30.0, 30.0))),
            ],
            ..CostView::default()
        };
        let named: Vec<&str> = movers(&view, 2).into_iter().map(|(n, _)| n).collect();
        assert_eq!(named, ["RDS", "EC2"]);
        let snapshot = FleetSnapshot {
            cost: Some(view),
            ..FleetSnapshot::empty(chrono::DateTime::UNIX_EPOCH)
        };
        assert_eq!(
            mover_lines(&snapshot, 1),
            Ok(vec![
                "RDS: $400 in the last 7 days vs $460 in the 7 before (-$60, -13.0%)".to_string()
            ])
        );
        let unknown = FleetSnapshot {
            cost: Some(CostView::default()),
            ..FleetSnapshot::empty(chrono::DateTime::UNIX_EPOCH)
        };
        let error = mover_lines(&unknown, 3).expect_err("nothing to rank");
        assert!(error.ends_with("movers unknown"), "{error}");
    }
}
