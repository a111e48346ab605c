//! The month-end figure: Cost Explorer's forecast when it answers, else the console's own
//! projection from recent days, labelled as such.

use aws_sdk_costexplorer::Client;
use aws_sdk_costexplorer::types::{Granularity, Metric};
use chrono::NaiveDate;

use super::usage::Spend;
use super::{Period, interval, parse_amount};
use crate::domain::cost::project_month_end;
use crate::sources::aws::error::describe;

const CALL: &str = "ce:GetCostForecast";

/// Full days the fallback projection averages.
const PROJECTION_DAYS: usize = 7;

#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    pub month_end: Option<f64>,
    /// Shown next to the figure.
    pub method: String,
}

pub async fn month_end(client: &Client, period: &Period, spend: &Spend) -> Forecast {
    match cost_explorer(client, period, spend).await {
        Ok(month_end) => Forecast {
            month_end: Some(month_end),
            method: "Cost Explorer forecast".into(),
        },
        Err(why) => projected(spend, period.today, &why),
    }
}

/// Cost Explorer forecasts from today (the earliest start it takes) to the month's end, so
/// today's spend so far is taken out of the month to date to not count it twice.
async fn cost_explorer(client: &Client, period: &Period, spend: &Spend) -> Result<f64, String> {
    let answer = client
        .get_cost_forecast()
        .time_period(interval(period.today, period.next_month)?)
        .metric(Metric::UnblendedCost)
        .granularity(Granularity::Monthly)
        .send()
        .await
        .map_err(|e| describe(CALL, &e))?;
    let rest = parse_amount(answer.total().and_then(|t| t.amount()))
        .map_err(|e| format!("{CALL}: {e}"))?;
    let today = spend
        .daily
        .last()
        .filter(|d| d.date == period.today)
        .map_or(0.0, |d| d.amount);
    Ok(spend.month_to_date - today + rest)
}

/// The console's projection, saying what it rests on and why Cost Explorer's was not used.
fn projected(spend: &Spend, today: NaiveDate, why: &str) -> Forecast {
    match project_month_end(&spend.daily, spend.month_to_date, today, PROJECTION_DAYS) {
        Some(projection) => Forecast {
            month_end: Some(projection.month_end),
            method: format!(
                "projected by the console from {} of spend; Cost Explorer forecast unavailable: {why}",
                if projection.days == 1 {
                    "1 day".to_string()
                } else {
                    format!("{} days", projection.days)
                }
            ),
        },
        None => Forecast {
            month_end: None,
            method: format!(
                "no full day of spend to project from yet; Cost Explorer forecast unavailable: {why}"
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DailyCost;

    fn date(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 4, d).expect("date")
    }

    fn spend(days: &[(u32, f64)]) -> Spend {
        let daily: Vec<DailyCost> = days
            .iter()
            .map(|&(d, amount)| DailyCost {
                date: date(d),
                amount,
            })
            .collect();
        Spend {
            currency: "USD".into(),
            month_to_date: daily.iter().map(|d| d.amount).sum(),
            by_service: Vec::new(),
            daily,
        }
    }

    #[test]
    fn the_fallback_projects_and_says_so() {
        // Two full days at 100, 20 spent so far today (the 3rd of 30): 220 + 80 + 27 × 100.
        let forecast = projected(&spend(&[(1, 100.0), (2, 100.0), (3, 20.0)]), date(3), "500");
        assert_eq!(forecast.month_end, Some(3000.0));
        assert_eq!(
            forecast.method,
            "projected by the console from 2 days of spend; Cost Explorer forecast unavailable: 500"
        );
    }

    #[test]
    fn without_a_full_day_there_is_no_figure() {
        let forecast = projected(&spend(&[(1, 20.0)]), date(1), "timed out");
        assert_eq!(forecast.month_end, None);
        assert!(
            forecast.method.contains("unavailable: timed out"),
            "{}",
            forecast.method
        );
    }
}
