//! Spend, accumulated from what actually ran: instance counts × prices each step, plus the
//! fixed monthly lines spread by the hour and, now and then, a one-off charge ([`spike`]).

mod detail;
mod spike;

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, DurationRound, NaiveDate, Utc};

use crate::domain::cost::{DEFAULT_BASELINE, hourly_mean, last_month, project_month_end};
use crate::domain::cost_movers::Weeks;
use crate::domain::{CostView, DailyCost, ServiceCost};

pub const MONTHLY_BUDGET: f64 = 6_600.0;
pub use crate::domain::cost::HOURS_PER_MONTH;
/// Fixed lines ($ per month): RDS primary + 2 replicas, then the cache and networking/storage,
/// which share the plan's $600 so an ordinary month lands just under the $6,600 budget.
pub const RDS_MONTHLY: (&str, f64) = ("RDS (primary + 2 replicas)", 1_800.0);
pub const CACHE_MONTHLY: (&str, f64) = ("ElastiCache", 120.0);
pub const NETWORK_MONTHLY: (&str, f64) = ("Networking & storage", 480.0);
const FIXED_MONTHLY: [(&str, f64); 3] = [RDS_MONTHLY, CACHE_MONTHLY, NETWORK_MONTHLY];
/// Spend per hour that no priced node carries (networking and storage): the exported node
/// costs add up to the fleet's hourly rate minus this.
pub const UNPRICED_HOURLY: f64 = NETWORK_MONTHLY.1 / HOURS_PER_MONTH;
const FORECAST_DAYS: usize = 7;
/// 3-year reserved instances save about 32 % on the baseline web fleet and the RDS nodes.
const RI_SAVING: f64 = 0.32;
const DAYS_SHOWN: i64 = 40;

#[derive(Debug, Clone, Default)]
pub struct Ledger {
    /// Per calendar day (UTC), per service line.
    days: BTreeMap<NaiveDate, BTreeMap<String, f64>>,
    /// Spend per clock hour (by its start), the last `RUN_RATE_HOURS` and the running one.
    hours: BTreeMap<DateTime<Utc>, f64>,
    pub hourly_rate: f64,
    /// Books the demo's one-off charges for this seed; `None`: rates only.
    spikes: Option<u64>,
    /// The record's start and the end of its last booking.
    since: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
}

/// The run rate's window (`RUN_RATE_WINDOW`): 7 days of whole hours.
const RUN_RATE_HOURS: i64 = 7 * 24;

impl Ledger {
    /// A ledger that also books the demo's one-off charges for `seed`.
    pub fn with_spikes(seed: u64) -> Self {
        Self {
            spikes: Some(seed),
            ..Self::default()
        }
    }

    /// Books `seconds` of spend at the given per-line hourly rates (and any one-off charge due
    /// in them).
    /// Runs every simulated step, so it only allocates when a day or a line first appears.
    pub fn book<'a>(
        &mut self,
        at: DateTime<Utc>,
        seconds: f64,
        lines: impl IntoIterator<Item = (&'a str, f64)>,
    ) {
        let booked = std::time::Duration::try_from_secs_f64(seconds)
            .ok()
            .and_then(|d| Duration::from_std(d).ok())
            .unwrap_or_default();
        let from = at - booked;
        self.since.get_or_insert(from);
        if let Some(seed) = self.spikes {
            for charge in spike::between(seed, self.last.unwrap_or(from), at) {
                self.charge(charge.at, charge.line, charge.amount);
            }
        }
        self.last = Some(at);
        let day = self.days.entry(at.date_naive()).or_default();
        let mut rate = 0.0;
        for (line, hourly) in lines {
            let amount = hourly * seconds / 3600.0;
            match day.get_mut(line) {
                Some(total) => *total += amount,
                None => {
                    day.insert(line.to_owned(), amount);
                }
            }
            rate += hourly;
        }
        self.hourly_rate = rate;
        let hour = at.duration_trunc(Duration::hours(1)).unwrap_or(at);
        *self.hours.entry(hour).or_default() += rate * seconds / 3600.0;
        while self.hours.len() > usize::try_from(RUN_RATE_HOURS).unwrap_or(168) + 1 {
            self.hours.pop_first();
        }
        // Keep a little over a month so memory stays flat.
        while self.days.len() > usize::try_from(DAYS_SHOWN).unwrap_or(40) + 5 {
            self.days.pop_first();
        }
    }

    /// A one-off amount: spent, so in the day and the hour, but no part of the hourly rate.
    fn charge(&mut self, at: DateTime<Utc>, line: &str, amount: f64) {
        *self
            .days
            .entry(at.date_naive())
            .or_default()
            .entry(line.to_owned())
            .or_default() += amount;
        let hour = at.duration_trunc(Duration::hours(1)).unwrap_or(at);
        *self.hours.entry(hour).or_default() += amount;
    }

    pub fn view(&self, now: DateTime<Utc>, baseline_web_hourly: f64) -> CostView {
        let today = now.date_naive();
        let month_start = today.with_day(1).unwrap_or(today);
        let mut by_service: BTreeMap<String, f64> = BTreeMap::new();
        for (_, lines) in self.days.range(month_start..) {
            for (line, amount) in lines {
                *by_service.entry(line.clone()).or_default() += amount;
            }
        }
        let month_to_date: f64 = by_service.values().sum();
        let daily: Vec<DailyCost> = self
            .days
            .range(today - Duration::days(DAYS_SHOWN)..)
            .map(|(date, lines)| DailyCost {
                date: *date,
                amount: lines.values().sum(),
            })
            .collect();
        let forecast = project_month_end(&daily, month_to_date, today, FORECAST_DAYS);
        let rds_monthly = RDS_MONTHLY.1;
        // Whole hours only: the running one has not spent its hour yet.
        let hour = now.duration_trunc(Duration::hours(1)).unwrap_or(now);
        let hourly_average_7d = hourly_mean(
            self.hours
                .range(hour - Duration::hours(RUN_RATE_HOURS)..hour)
                .map(|(_, amount)| *amount),
        );
        let last = last_month(&daily, today);
        CostView {
            currency: "USD".into(),
            monthly_budget: MONTHLY_BUDGET,
            monthly_baseline: DEFAULT_BASELINE,
            hourly_average_7d,
            month_to_date,
            forecast_month_end: forecast.map(|p| p.month_end),
            forecast_method: format!(
                "projected from the last {} days' spend",
                forecast.map_or(0, |p| p.days)
            ),
            hourly_rate: Some(self.hourly_rate),
            savings_plans_coverage: Some(0.0),
            last_month: last.map(|(total, _)| total),
            last_month_since: last.and_then(|(_, since)| since),
            fetched_at: None,
            by_service: by_service
                .into_iter()
                .map(|(service, month_to_date)| ServiceCost {
                    weeks: self
                        .line_days(&service, now)
                        .and_then(|d| Weeks::of(&d, today)),
                    service,
                    month_to_date,
                })
                .collect(),
            daily,
            reserved_coverage: Some(0.0),
            savings_estimate_monthly: Some(
                RI_SAVING * (baseline_web_hourly * HOURS_PER_MONTH + rds_monthly),
            ),
            savings_note: "3-year RIs for 5 web EC2 + 3 RDS (about 32%)".into(),
            cloud_budgets: None,
        }
    }
}

pub fn fixed_hourly<'a>() -> impl Iterator<Item = (&'a str, f64)> {
    FIXED_MONTHLY
        .iter()
        .map(|(line, monthly)| (*line, monthly / HOURS_PER_MONTH))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn spend_follows_rates_and_month_boundaries() {
        let mut ledger = Ledger::default();
        let start = Utc
            .with_ymd_and_hms(2026, 10, 31, 23, 0, 0)
            .single()
            .expect("time");
        for hour in 0..2 {
            ledger.book(start + Duration::hours(hour), 3600.0, [("EC2", 10.0)]);
        }
        let view = ledger.view(start + Duration::hours(1), 1.0);
        assert!(
            (view.month_to_date - 10.0).abs() < 1e-9,
            "only November counts: {}",
            view.month_to_date
        );
        assert_eq!(view.daily.len(), 2);
        assert_eq!(
            crate::domain::cost::days_in_month(NaiveDate::from_ymd_opt(2026, 2, 10).expect("date")),
            28
        );
    }

    #[test]
    fn the_run_rate_is_the_mean_of_the_last_7_days_whole_hours() {
        let mut ledger = Ledger::default();
        let start = Utc
            .with_ymd_and_hms(2026, 11, 28, 0, 0, 0)
            .single()
            .expect("time");
        // 8 days: the first at $20/h falls out of the window, then 7 at $6/h, then a
        // running hour at $100/h that has not spent its hour yet.
        for hour in 0..8 * 24 {
            let rate = if hour < 24 { 20.0 } else { 6.0 };
            ledger.book(start + Duration::hours(hour), 3600.0, [("EC2", rate)]);
        }
        let now = start + Duration::hours(8 * 24);
        ledger.book(now, 60.0, [("EC2", 100.0)]);
        let view = ledger.view(now + Duration::minutes(1), 1.0);
        assert_eq!(view.hourly_average_7d, Some(6.0));
        // $6 × 730 h = $4,380 against $6,600: 4380 / 6600 − 1 = −33.64 %.
        let vs = view.vs_baseline_percent().expect("a run rate");
        assert!((vs - (4380.0 / 6600.0 - 1.0) * 100.0).abs() < 1e-9, "{vs}");
        // The record starts on Nov 28: last month is those 3 days only, and says so.
        assert_eq!(view.last_month, Some(20.0 * 24.0 + 6.0 * 48.0));
        assert_eq!(view.last_month_since, start.date_naive().into());
    }
}
