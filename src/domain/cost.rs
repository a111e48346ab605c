//! Spend against the budget (what may be spent this month) and against the baseline (what a
//! month cost before the optimisation phase): two figures, each defined once here.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::Serialize;

use super::Health;
use super::cost_budget::CloudBudgets;
use super::cost_movers::Weeks;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceCost {
    pub service: String,
    pub month_to_date: f64,
    /// Its spend over the last two weeks ([`Weeks::of`]); `None` where the source gives no
    /// line's days with the view (Cost Explorer: in a line's detail only) or lacks a day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weeks: Option<Weeks>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DailyCost {
    pub date: NaiveDate,
    pub amount: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CostView {
    pub currency: String,
    pub monthly_budget: f64,
    /// A month's spend before optimisation (config `monthly-baseline`), what
    /// [`CostView::vs_baseline_percent`] compares with.
    pub monthly_baseline: f64,
    /// Mean spend per hour over the last 7 days (`RUN_RATE_WINDOW`); `None` without an hour.
    pub hourly_average_7d: Option<f64>,
    pub month_to_date: f64,
    pub forecast_month_end: Option<f64>,
    /// How the forecast was made, shown next to it (e.g. "projected from daily spend").
    pub forecast_method: String,
    pub hourly_rate: Option<f64>,
    pub by_service: Vec<ServiceCost>,
    /// Oldest first.
    pub daily: Vec<DailyCost>,
    /// Fraction of eligible usage covered by reservations.
    pub reserved_coverage: Option<f64>,
    /// Fraction of eligible spend covered by Savings Plans.
    pub savings_plans_coverage: Option<f64>,
    /// Last calendar month's total; `None` where the source has no history.
    pub last_month: Option<f64>,
    /// Set when `last_month` covers only the days from this date (the record starts then).
    pub last_month_since: Option<NaiveDate>,
    /// When the figures were fetched, for sources that cache them (Cost Explorer bills per
    /// request); `None` for live sources.
    pub fetched_at: Option<DateTime<Utc>>,
    pub savings_estimate_monthly: Option<f64>,
    pub savings_note: String,
    /// Budgets the cloud keeps itself, shown beside the configured one (never in its place);
    /// `None` for sources that do not read them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_budgets: Option<CloudBudgets>,
}

/// The plan's pre-optimisation month (DOMAIN: $6,600), the default baseline.
pub const DEFAULT_BASELINE: f64 = 6_600.0;
/// Hours in an average month: run rates become monthly figures at this many hours.
pub const HOURS_PER_MONTH: f64 = 730.0;
/// The window of the run rate compared with the baseline, named wherever it is shown.
pub const RUN_RATE_WINDOW: &str = "mean hourly spend of the last 7 days, 730 h a month";

impl CostView {
    /// Cost vs baseline: the 7-day run rate as a month against the baseline, in percent
    /// (−15 means 15 % below). A run rate, not the month-end forecast: the baseline is a run
    /// rate too (the fleet's hourly price × 730 h), the month's length and its days before an
    /// optimisation do not move it, 7 days span the weekly cycle so the hour a week ends on
    /// does not decide its verdict, and PromQL says the same
    /// (`avg_over_time(sum(node_total_hourly_cost)[7d:1h]) * 730`).
    pub fn vs_baseline_percent(&self) -> Option<f64> {
        let monthly = self.hourly_average_7d? * HOURS_PER_MONTH;
        percent_over(monthly, self.monthly_baseline)
    }

    /// Month to date as a share of the budget, in percent; unknown without a budget.
    pub fn budget_used_percent(&self) -> Option<f64> {
        (self.monthly_budget > 0.0).then(|| self.month_to_date / self.monthly_budget * 100.0)
    }

    /// A service's share of the month's spend so far, in percent; unknown before any spend.
    pub fn share_percent(&self, line: &ServiceCost) -> Option<f64> {
        (self.month_to_date > 0.0).then(|| line.month_to_date / self.month_to_date * 100.0)
    }

    /// The month-end forecast against the budget: over it is critical, within 5 % a warning.
    pub fn forecast_health(&self) -> Health {
        Health::rising(self.forecast_vs_budget_percent(), -5.0, 0.0)
    }

    /// Forecast vs budget: the month-end forecast against the budget, in percent (+0.7 means
    /// 0.7 % over).
    pub fn forecast_vs_budget_percent(&self) -> Option<f64> {
        percent_over(self.forecast_month_end?, self.monthly_budget)
    }

    /// The forecast's verdict in words, as [`CostView::forecast_health`] judges it.
    pub fn forecast_verdict(&self) -> &'static str {
        match self.forecast_health() {
            Health::Ok => "under budget",
            Health::Warning => "near the budget",
            Health::Critical => "over budget",
            Health::Unknown => "unknown",
        }
    }

    /// Cached figures older than [`CACHE_STALE_AFTER`] at `now`; live figures never are.
    pub fn cache_stale(&self, now: DateTime<Utc>) -> bool {
        self.fetched_at
            .is_some_and(|at| now - at > CACHE_STALE_AFTER)
    }
}

/// Cached figures older than this are marked: a day's spend moves them by several percent.
pub const CACHE_STALE_AFTER: Duration = Duration::hours(2);

/// `(value ÷ reference − 1) × 100`; `None` unless both are finite and the reference positive.
pub(super) fn percent_over(value: f64, reference: f64) -> Option<f64> {
    (value.is_finite() && reference.is_finite() && reference > 0.0)
        .then(|| (value / reference - 1.0) * 100.0)
}

/// The mean of hourly amounts (hours without data left out); `None` without one.
pub fn hourly_mean(hours: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, n) = hours
        .into_iter()
        .filter(|v| v.is_finite())
        .fold((0.0, 0_u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

/// Last calendar month's spend from the daily record: its total and, when the record starts
/// inside it, the first day it covers; `None` when no day of it is there.
pub fn last_month(daily: &[DailyCost], today: NaiveDate) -> Option<(f64, Option<NaiveDate>)> {
    let this_month = today.with_day(1)?;
    let first = this_month.pred_opt()?.with_day(1)?;
    let days: Vec<&DailyCost> = daily
        .iter()
        .filter(|d| d.date >= first && d.date < this_month)
        .collect();
    let since = days.first()?.date;
    let total = days.iter().map(|d| d.amount).sum();
    Some((total, (since > first).then_some(since)))
}

/// A month-end projection and what it rests on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    pub month_end: f64,
    /// The average of the last full days, and how many there were.
    pub per_day: f64,
    pub days: usize,
}

/// Month-end spend projected from the average of the last full days (up to `days`), plus what
/// today still has to spend at that pace; `None` without a single full day.
pub fn project_month_end(
    daily: &[DailyCost],
    month_to_date: f64,
    today: NaiveDate,
    days: usize,
) -> Option<Projection> {
    let full_days: Vec<f64> = daily
        .iter()
        .filter(|d| d.date < today && d.amount.is_finite())
        .rev()
        .take(days)
        .map(|d| d.amount)
        .collect();
    if full_days.is_empty() {
        return None;
    }
    #[allow(clippy::cast_precision_loss)]
    let per_day = full_days.iter().sum::<f64>() / full_days.len() as f64;
    let spent_today = daily
        .last()
        .filter(|d| d.date == today)
        .map_or(0.0, |d| d.amount);
    let remaining_days = f64::from(days_in_month(today) - today.day());
    Some(Projection {
        month_end: month_to_date + (per_day - spent_today).max(0.0) + per_day * remaining_days,
        per_day,
        days: full_days.len(),
    })
}

pub fn days_in_month(date: NaiveDate) -> u32 {
    let (y, m) = (date.year(), date.month());
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)
    };
    next.and_then(|n| n.pred_opt())
        .map_or(30, |last| last.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).expect("date")
    }

    fn view(hourly_average_7d: Option<f64>, forecast: Option<f64>) -> CostView {
        CostView {
            currency: "USD".into(),
            monthly_budget: 7_000.0,
            monthly_baseline: DEFAULT_BASELINE,
            hourly_average_7d,
            forecast_month_end: forecast,
            ..CostView::default()
        }
    }

    #[test]
    fn cost_vs_baseline_is_the_7_day_run_rate_against_the_baseline_not_the_budget() {
        // $7.50/h × 730 h = $5,475 a month: 5475 / 6600 − 1 = −17.045… %.
        let v = view(Some(7.5), Some(7_049.0));
        let vs = v.vs_baseline_percent().expect("a figure");
        assert!((vs - (-17.045_454_545)).abs() < 1e-6, "{vs}");
        // The forecast is judged against the budget: 7049 / 7000 − 1 = +0.7 %.
        let over = v.forecast_vs_budget_percent().expect("a figure");
        assert!((over - 0.7).abs() < 1e-9, "{over}");
        assert_eq!(v.forecast_verdict(), "over budget");
        // 6,700 / 7,000 − 1 = −4.3 %: within 5 % of the budget.
        assert_eq!(
            view(None, Some(6_700.0)).forecast_verdict(),
            "near the budget"
        );
        assert_eq!(view(None, Some(6_600.0)).forecast_verdict(), "under budget");
        assert_eq!(view(None, None).forecast_verdict(), "unknown");
    }

    #[test]
    fn no_run_rate_or_no_baseline_is_unknown_never_zero() {
        assert_eq!(view(None, None).vs_baseline_percent(), None);
        assert_eq!(view(None, None).forecast_vs_budget_percent(), None);
        let mut v = view(Some(7.5), Some(1.0));
        v.monthly_baseline = 0.0;
        v.monthly_budget = f64::NAN;
        assert_eq!(v.vs_baseline_percent(), None);
        assert_eq!(v.forecast_vs_budget_percent(), None);
    }

    #[test]
    fn cached_figures_go_stale_after_two_hours_and_live_ones_never() {
        use chrono::TimeZone;
        let at = Utc.with_ymd_and_hms(2026, 12, 6, 12, 0, 0).unwrap();
        let mut v = view(None, None);
        assert!(!v.cache_stale(at + Duration::days(9)), "live");
        v.fetched_at = Some(at);
        assert!(!v.cache_stale(at + Duration::hours(2)));
        assert!(v.cache_stale(at + Duration::hours(2) + Duration::seconds(1)));
        // 3,500 of a 7,000 budget.
        v.month_to_date = 3_500.0;
        assert_eq!(v.budget_used_percent(), Some(50.0));
        v.monthly_budget = 0.0;
        assert_eq!(v.budget_used_percent(), None, "no budget: unknown");
    }

    #[test]
    fn the_hourly_mean_leaves_out_hours_without_data() {
        assert_eq!(hourly_mean([6.0, f64::NAN, 9.0]), Some(7.5));
        assert_eq!(hourly_mean(std::iter::empty()), None);
    }

    #[test]
    fn last_month_is_shown_whole_or_with_the_day_the_record_starts() {
        let day = |date: NaiveDate, amount: f64| DailyCost { date, amount };
        let november = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).expect("date");
        let whole: Vec<DailyCost> = (1..=30)
            .map(|d| day(november(d), 200.0))
            .chain([day(date(1), 210.0)])
            .collect();
        assert_eq!(last_month(&whole, date(2)), Some((6_000.0, None)));
        let partial = [
            day(november(28), 190.0),
            day(november(29), 180.0),
            day(november(30), 230.0),
            day(date(1), 210.0),
        ];
        assert_eq!(
            last_month(&partial, date(6)),
            Some((600.0, Some(november(28))))
        );
        assert_eq!(
            last_month(&partial[3..], date(6)),
            None,
            "none of it: unknown"
        );
    }
}
