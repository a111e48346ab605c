//! Cost view from OpenCost node prices: the hourly rate now, and spend this month integrated
//! from the hourly range (one point per hour × 1 h). Hours without data add nothing and the
//! daily bars show them as missing days; the forecast says what it was projected from. The run
//! rate vs the baseline is the mean of the summed hourly points of the last 7 days, as the
//! criterion's `avg_over_time(sum(node_total_hourly_cost)[7d:1h])`.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, Utc};

use super::Results;
use crate::domain::cost::{days_in_month, hourly_mean, last_month, project_month_end};
use crate::domain::{CostView, DailyCost, ServiceCost};

const FORECAST_DAYS: usize = 7;

pub fn view(
    results: &Results,
    (monthly_budget, monthly_baseline): (f64, f64),
    now: DateTime<Utc>,
) -> Option<CostView> {
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
    let mut by_hour: BTreeMap<i64, f64> = BTreeMap::new();
    let week_ago = (now - Duration::days(7)).timestamp();
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
            if !rate.is_finite() {
                continue;
            }
            #[allow(clippy::cast_possible_truncation)]
            if at as i64 > week_ago {
                *by_hour.entry(at as i64).or_default() += rate;
            }
            // Each point stands for the hour that ends at it; the bars show last month's too.
            *by_day.entry(day).or_default() += rate;
            if day >= month_start {
                *by_line.entry(line.clone()).or_default() += rate;
            }
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
    let first_day = daily.iter().map(|d| d.date).find(|d| *d >= month_start);
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
    let last = last_month(&daily, today);
    let by_service = by_line
        .into_iter()
        .map(|(line, month_to_date)| ServiceCost {
            service: match line.as_str() {
                "all nodes" => line,
                _ => format!("nodes {line}"),
            },
            month_to_date,
            weeks: None,
        })
        .collect();
    Some(CostView {
        currency: "USD".into(),
        monthly_budget,
        monthly_baseline,
        hourly_average_7d: hourly_mean(by_hour.into_values()),
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
        last_month: last.map(|(total, _)| total),
        last_month_since: last.and_then(|(_, since)| since),
        fetched_at: None,
        by_service,
        daily,
        reserved_coverage: None,
        savings_estimate_monthly: None,
        savings_note: "reservations and savings plans: not in Prometheus (see the AWS source)"
            .into(),
        cloud_budgets: None,
    })
}
