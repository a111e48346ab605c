//! Query - Usage (`POST {scope}/providers/Microsoft.CostManagement/query`, api-version
//! 2025-03-01): this month's actual cost by day and by service, every `properties.nextLink`
//! page (POSTed again with the same body), and last month's total.

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::table::{AggregatedCost, Table};
use super::{API_VERSION, call};
use crate::domain::cost_month::{CostPeriod, SpendTotals};
use crate::sources::azure::arm::ArmClient;

const OPERATION: &str = "Cost Management Query - Usage";

/// A month of daily rows by service is a page or two (5,000 rows a page); each page is a
/// throttled query, so a runaway link chain stops here (an error: a partial month would
/// understate the total).
pub const MAX_PAGES: usize = 10;

/// `from` 00:00:00 on the first day through `to` 23:59:59 on the last, as the reference's
/// examples give a custom time period.
pub fn time_period(from: NaiveDate, to: NaiveDate) -> Value {
    json!({
        "from": from.format("%Y-%m-%dT00:00:00+00:00").to_string(),
        "to": to.format("%Y-%m-%dT23:59:59+00:00").to_string(),
    })
}

/// Month start → today, actual cost summed per day and per `ServiceName`.
pub fn month_body(period: &CostPeriod) -> Value {
    json!({
        "type": "ActualCost",
        "timeframe": "Custom",
        "timePeriod": time_period(period.month_start, period.today),
        "dataset": {
            "granularity": "Daily",
            "aggregation": AggregatedCost::aggregation(),
            "grouping": [{ "type": "Dimension", "name": "ServiceName" }],
        },
    })
}

/// Last calendar month, one total (no granularity: the period's sum).
pub fn last_month_body(period: &CostPeriod) -> Value {
    json!({
        "type": "ActualCost",
        "timeframe": "Custom",
        "timePeriod": time_period(period.last_month, period.last_month_end()),
        "dataset": { "aggregation": AggregatedCost::aggregation() },
    })
}

/// Adds one page of the month's daily rows by service to `totals`.
pub fn add_page(table: &Table, totals: &mut SpendTotals) -> Result<(), String> {
    if table.is_empty() {
        return Ok(());
    }
    let cost = AggregatedCost::of(table)?;
    let date = table.column("UsageDate")?;
    let service = table.column("ServiceName")?;
    for row in table.rows() {
        let day = row.date(date)?;
        let name = row.text(service)?;
        let amount = cost.amount(&row, totals)?;
        // An empty ServiceName is a charge without one (a marketplace line, a credit).
        let name = if name.is_empty() {
            "(no service)"
        } else {
            name.as_str()
        };
        totals.add(day, name, amount);
    }
    Ok(())
}

/// The period's total across its rows (one per currency, of which there must be one);
/// `None` without a row.
pub fn total(table: &Table, totals: &mut SpendTotals) -> Result<Option<f64>, String> {
    if table.is_empty() {
        return Ok(None);
    }
    let cost = AggregatedCost::of(table)?;
    table
        .rows()
        .try_fold(0.0, |sum, row| Ok(sum + cost.amount(&row, totals)?))
        .map(Some)
}

/// Every page of the month at `scope` into `totals`.
pub async fn month_to_date(
    arm: &ArmClient,
    scope: &str,
    period: &CostPeriod,
    totals: &mut SpendTotals,
) -> Result<(), String> {
    let body = month_body(period);
    let path = format!("{scope}/providers/Microsoft.CostManagement/query");
    let mut answer = call(OPERATION, arm.post(&path, API_VERSION, &body).await)?;
    for _ in 0..MAX_PAGES {
        let table =
            Table::of(answer.status, &answer.body).map_err(|e| format!("{OPERATION}: {e}"))?;
        add_page(&table, totals).map_err(|e| format!("{OPERATION}: {e}"))?;
        let Some(link) = table.next_link().map(str::to_string) else {
            return Ok(());
        };
        answer = call(OPERATION, arm.post_link(&link, &body).await)?;
    }
    Err(format!(
        "{OPERATION}: more than {MAX_PAGES} pages for one month; not showing a partial total"
    ))
}

/// Last month's total at `scope`.
pub async fn last_month(
    arm: &ArmClient,
    scope: &str,
    period: &CostPeriod,
    totals: &mut SpendTotals,
) -> Result<Option<f64>, String> {
    let path = format!("{scope}/providers/Microsoft.CostManagement/query");
    let answer = call(
        OPERATION,
        arm.post(&path, API_VERSION, &last_month_body(period)).await,
    )?;
    let table = Table::of(answer.status, &answer.body).map_err(|e| format!("{OPERATION}: {e}"))?;
    total(&table, totals).map_err(|e| format!("{OPERATION}: last month's total: {e}"))
}

#[cfg(test)]
mod tests;
