//! Cost view from OpenCost node prices: the hourly rate now, and spend this month integrated
//! from the hourly range (one point per hour × 1 h). Hours without data add nothing and the
//! daily bars show them as missing days; the forecast says what it was projected from.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};

use super::Results;
use crate::domain::cost::{days_in_month, project_month_end};
use crate::domain::{CostView, DailyCost, ServiceCost};

const FORECAST_DAYS: usize = 7;

pub fn view(results: &Results, monthly_budget: f64, now: DateTime<Utc>) -> Option<CostView> {
    let hourly = results.instant("cost-hourly");
    let month = results.range("cost-month");
    if hourly.is_none() && month.is_none() {
        return None;
    }
    let hourly_rate = hourly.and_then(|(_, samples)| {
        let values: Vec<f64> = samples
            .iter()
            .map(|s| s.value)
            .filter(|v| v.is_finite())
            .collect();
        (!values.is_empty()).then(|| values.iter().sum())
    });
    let today = now.date_naive();
    let month_start = today.with_day(1).unwrap_or(today);
    let mut by_line: BTreeMap<String, f64> = BTreeMap::new();
    let mut by_day: BTreeMap<chrono::NaiveDate, f64> = BTreeMap::new();
    for series in month.map(|(_, b)| b.series()).unwrap_or_default() {
        let line = series
            .labels
            .iter()
            .find(|(k, _)| k != "__name__")
            .map_or_else(|| "all nodes".to_string(), |(_, v)| v.clone());
        for &(at, rate) in &series.points {
            #[allow(clippy::cast_possible_truncation)]
            let Some(day) =
                DateTime::<Utc>::from_timestamp(at as i64 - 1800, 0).map(|t| t.date_naive())
            else {
                continue;
            };
            if day < month_start || !rate.is_finite() {
                continue;
            }
            // Each point stands for the hour that ends at it.
            *by_line.entry(line.clone()).or_default() += rate;
            *by_day.entry(day).or_default() += rate;
        }
    }
    if hourly_rate.is_none() && by_line.is_empty() {
        return None;
    }
    let month_to_date = by_line.values().sum();
    let daily: Vec<DailyCost> = by_day
        .into_iter()
        .map(|(date, amount)| DailyCost { date, amount })
        .collect();
    let first_day = daily.first().map(|d| d.date);
    // Data that starts after the 1st cannot say what the month spent before it: project the
    // whole month from the daily average instead, and say so.
    let incomplete = first_day.filter(|d| *d > month_start);
    let forecast = project_month_end(&daily, month_to_date, today, FORECAST_DAYS).map(|p| {
        let month_end = match incomplete {
            Some(_) => p.per_day * f64::from(days_in_month(today)),
            None => p.month_end,
        };
        (month_end, p.days)
    });
    let by_service = by_line
        .into_iter()
        .map(|(line, month_to_date)| ServiceCost {
            service: match line.as_str() {
                "all nodes" => line,
                _ => format!("nodes {line}"),
            },
            month_to_date,
        })
        .collect();
    Some(CostView {
        currency: "USD".into(),
        monthly_budget,
        month_to_date,
        forecast_month_end: forecast.map(|(value, _)| value),
        forecast_method: match (forecast, incomplete) {
            (None, _) => "no full day of cost data yet".into(),
            (Some((_, days)), None) => {
                format!("projected from the last {days} days of OpenCost data")
            }
            (Some((_, days)), Some(first)) => format!(
                "daily average of the last {days} days × the month: data only since {}, so month to date is partial",
                first.format("%b %-d")
            ),
        },
        hourly_rate,
        savings_plans_coverage: None,
        last_month: None,
        fetched_at: None,
        by_service,
        daily,
        reserved_coverage: None,
        savings_estimate_monthly: None,
        savings_note: "reservations and savings plans: not in Prometheus (see the AWS source)"
            .into(),
    })
}
