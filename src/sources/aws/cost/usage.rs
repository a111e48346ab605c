//! GetCostAndUsage: this month's spend by day and by service, and last month's total.

use std::collections::BTreeMap;

use aws_sdk_costexplorer::Client;
use aws_sdk_costexplorer::types::{
    Granularity, GroupDefinition, GroupDefinitionType, MetricValue, ResultByTime,
};
use chrono::NaiveDate;

use super::{METRIC, Period, interval, parse_amount};
use crate::domain::{DailyCost, ServiceCost};
use crate::sources::aws::error::describe;
use crate::sources::aws::text;

const CALL: &str = "ce:GetCostAndUsage";

/// A month of daily results by service is one or two pages; each page is billed, so a runaway
/// token chain stops here (as an error: a partial month would understate the total).
pub const MAX_PAGES: usize = 10;

/// This month's spend, as the tab shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Spend {
    pub currency: String,
    pub month_to_date: f64,
    /// Largest first.
    pub by_service: Vec<ServiceCost>,
    /// Oldest first, one entry per day Cost Explorer answered for.
    pub daily: Vec<DailyCost>,
}

/// Sums pages of daily results by service; a day's groups may be split across pages.
#[derive(Debug, Default)]
struct Totals {
    currency: Option<String>,
    daily: BTreeMap<NaiveDate, f64>,
    services: BTreeMap<String, f64>,
}

impl Totals {
    fn add(&mut self, results: &[ResultByTime]) -> Result<(), String> {
        for result in results {
            let start = result.time_period().map(|p| p.start()).unwrap_or_default();
            let date = NaiveDate::parse_from_str(start, "%Y-%m-%d")
                .map_err(|_| format!("{CALL}: a result for the day {start:?}"))?;
            let day = self.daily.entry(date).or_insert(0.0);
            for group in result.groups() {
                let service = group.keys().first().map_or("(no service)", String::as_str);
                let value = group.metrics().and_then(|m| m.get(METRIC));
                let amount = amount(value, &mut self.currency)
                    .map_err(|e| format!("{CALL}: {service} on {date}: {e}"))?;
                *day += amount;
                *self.services.entry(text(service)).or_insert(0.0) += amount;
            }
        }
        Ok(())
    }

    fn spend(self) -> Spend {
        let mut by_service: Vec<ServiceCost> = self
            .services
            .into_iter()
            .map(|(service, month_to_date)| ServiceCost {
                service,
                month_to_date,
                // Cost Explorer bills per request: a line's days come with its detail only.
                weeks: None,
            })
            .collect();
        by_service.sort_by(|a, b| b.month_to_date.total_cmp(&a.month_to_date));
        let daily: Vec<DailyCost> = self
            .daily
            .into_iter()
            .map(|(date, amount)| DailyCost { date, amount })
            .collect();
        Spend {
            currency: self.currency.unwrap_or_else(|| "USD".into()),
            month_to_date: daily.iter().map(|d| d.amount).sum(),
            by_service,
            daily,
        }
    }
}

/// The amount of one metric value, noting its unit as the currency when none is known yet.
fn amount(value: Option<&MetricValue>, currency: &mut Option<String>) -> Result<f64, String> {
    let value = value.ok_or_else(|| format!("no {METRIC} in the answer"))?;
    if currency.is_none() {
        *currency = value.unit().map(text);
    }
    parse_amount(value.amount())
}

/// Month start → tomorrow (End is exclusive, so today's spend so far is in), every page.
pub async fn month_to_date(client: &Client, period: &Period) -> Result<Spend, String> {
    let time_period = interval(period.month_start, period.tomorrow())?;
    let by_service = GroupDefinition::builder()
        .r#type(GroupDefinitionType::Dimension)
        .key("SERVICE")
        .build();
    let mut totals = Totals::default();
    let mut token: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let page = client
            .get_cost_and_usage()
            .time_period(time_period.clone())
            .granularity(Granularity::Daily)
            .metrics(METRIC)
            .group_by(by_service.clone())
            .set_next_page_token(token.take())
            .send()
            .await
            .map_err(|e| describe(CALL, &e))?;
        totals.add(page.results_by_time())?;
        match page.next_page_token().filter(|t| !t.is_empty()) {
            Some(next) => token = Some(next.to_string()),
            None => return Ok(totals.spend()),
        }
    }
    Err(format!(
        "{CALL}: more than {MAX_PAGES} pages for one month; not showing a partial total"
    ))
}

/// Last calendar month's total; `None` when Cost Explorer has no result for it.
pub async fn last_month(client: &Client, period: &Period) -> Result<Option<f64>, String> {
    let answer = client
        .get_cost_and_usage()
        .time_period(interval(period.last_month, period.month_start)?)
        .granularity(Granularity::Monthly)
        .metrics(METRIC)
        .send()
        .await
        .map_err(|e| describe(CALL, &e))?;
    let mut currency = None;
    let mut total = None;
    for result in answer.results_by_time() {
        let value = result.total().and_then(|t| t.get(METRIC));
        let amount =
            amount(value, &mut currency).map_err(|e| format!("{CALL}: last month's total: {e}"))?;
        total = Some(total.unwrap_or(0.0) + amount);
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_costexplorer::types::{DateInterval, Group};

    fn day(date: &str, groups: &[(&str, &str)]) -> ResultByTime {
        let period = DateInterval::builder()
            .start(date)
            .end(date)
            .build()
            .expect("interval");
        groups
            .iter()
            .fold(
                ResultByTime::builder().time_period(period),
                |result, (service, amount)| {
                    let value = MetricValue::builder().amount(*amount).unit("USD").build();
                    result.groups(
                        Group::builder()
                            .keys(*service)
                            .metrics(METRIC, value)
                            .build(),
                    )
                },
            )
            .build()
    }

    #[test]
    fn pages_sum_by_day_and_by_service() {
        let mut totals = Totals::default();
        let first = [
            day("2026-03-01", &[("EC2", "100.5"), ("RDS", "40")]),
            day("2026-03-02", &[("EC2", "101.5")]),
        ];
        totals.add(&first).expect("first page");
        // The second day's other group arrives on the next page.
        totals
            .add(&[
                day("2026-03-02", &[("RDS", "42.25")]),
                day("2026-03-03", &[]),
            ])
            .expect("second page");
        let spend = totals.spend();
        assert_eq!(spend.currency, "USD");
        assert!((spend.month_to_date - 284.25).abs() < 1e-9);
        let services: Vec<(&str, f64)> = spend
            .by_service
            .iter()
            .map(|s| (s.service.as_str(), s.month_to_date))
            .collect();
        assert_eq!(services, [("EC2", 202.0), ("RDS", 82.25)], "largest first");
        let days: Vec<f64> = spend.daily.iter().map(|d| d.amount).collect();
        assert_eq!(
            days,
            [140.5, 143.75, 0.0],
            "a day without spend is a real zero"
        );
    }

    #[test]
    fn a_bad_amount_fails_naming_service_and_day() {
        let mut totals = Totals::default();
        let error = totals
            .add(&[day("2026-03-01", &[("EC2", "12,5")])])
            .expect_err("not a number");
        assert!(
            error.contains("EC2 on 2026-03-01") && error.contains("\"12,5\""),
            "{error}"
        );
    }
}
