//! GetCostAndUsage: this month's spend by day and by service, and last month's total.

use aws_sdk_costexplorer::Client;
use aws_sdk_costexplorer::types::{
    Granularity, GroupDefinition, GroupDefinitionType, MetricValue, ResultByTime,
};
use chrono::NaiveDate;

use super::{METRIC, interval, parse_amount};
use crate::domain::cost_month::{CostPeriod, Spend, SpendTotals};
use crate::sources::aws::error::describe;
use crate::sources::aws::text;

const CALL: &str = "ce:GetCostAndUsage";

/// A month of daily results by service is one or two pages; each page is billed, so a runaway
/// token chain stops here (as an error: a partial month would understate the total).
pub const MAX_PAGES: usize = 10;

/// Adds a page of daily results by service to `totals`.
fn add(totals: &mut SpendTotals, results: &[ResultByTime]) -> Result<(), String> {
    for result in results {
        let start = result.time_period().map(|p| p.start()).unwrap_or_default();
        let date = NaiveDate::parse_from_str(start, "%Y-%m-%d")
            .map_err(|_| format!("{CALL}: a result for the day {start:?}"))?;
        totals.day(date);
        for group in result.groups() {
            let service = group.keys().first().map_or("(no service)", String::as_str);
            let value = group.metrics().and_then(|m| m.get(METRIC));
            let amount =
                amount(value, totals).map_err(|e| format!("{CALL}: {service} on {date}: {e}"))?;
            totals.add(date, &text(service), amount);
        }
    }
    Ok(())
}

/// The amount of one metric value, its unit noted as the currency.
fn amount(value: Option<&MetricValue>, totals: &mut SpendTotals) -> Result<f64, String> {
    let value = value.ok_or_else(|| format!("no {METRIC} in the answer"))?;
    if let Some(unit) = value.unit() {
        totals.currency(&text(unit))?;
    }
    parse_amount(value.amount())
}

/// Month start → tomorrow (End is exclusive, so today's spend so far is in), every page.
pub async fn month_to_date(client: &Client, period: &CostPeriod) -> Result<Spend, String> {
    let time_period = interval(period.month_start, period.tomorrow())?;
    let by_service = GroupDefinition::builder()
        .r#type(GroupDefinitionType::Dimension)
        .key("SERVICE")
        .build();
    let mut totals = SpendTotals::default();
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
        add(&mut totals, page.results_by_time())?;
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
pub async fn last_month(client: &Client, period: &CostPeriod) -> Result<Option<f64>, String> {
    let answer = client
        .get_cost_and_usage()
        .time_period(interval(period.last_month, period.month_start)?)
        .granularity(Granularity::Monthly)
        .metrics(METRIC)
        .send()
        .await
        .map_err(|e| describe(CALL, &e))?;
    // Only its currency check is used: last month is one total, not days by service.
    let mut units = SpendTotals::default();
    let mut total = None;
    for result in answer.results_by_time() {
        let value = result.total().and_then(|t| t.get(METRIC));
        let amount =
            amount(value, &mut units).map_err(|e| format!("{CALL}: last month's total: {e}"))?;
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
        let mut totals = SpendTotals::default();
        let first = [
            day("2026-03-01", &[("EC2", "100.5"), ("RDS", "40")]),
            day("2026-03-02", &[("EC2", "101.5")]),
        ];
        add(&mut totals, &first).expect("first page");
        // The second day's other group arrives on the next page.
        add(
            &mut totals,
            &[
                day("2026-03-02", &[("RDS", "42.25")]),
                day("2026-03-03", &[]),
            ],
        )
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
        let mut totals = SpendTotals::default();
        let error =
            add(&mut totals, &[day("2026-03-01", &[("EC2", "12,5")])]).expect_err("not a number");
        assert!(
            error.contains("EC2 on 2026-03-01") && error.contains("\"12,5\""),
            "{error}"
        );
    }
}
