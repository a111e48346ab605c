//! Spend against budget.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceCost {
    pub service: String,
    pub month_to_date: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DailyCost {
    pub date: NaiveDate,
    pub amount: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostView {
    pub currency: String,
    pub monthly_budget: f64,
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
    /// When the figures were fetched, for sources that cache them (Cost Explorer bills per
    /// request); `None` for live sources.
    pub fetched_at: Option<DateTime<Utc>>,
    pub savings_estimate_monthly: Option<f64>,
    pub savings_note: String,
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
