//! Forecast - Usage (`POST {scope}/providers/Microsoft.CostManagement/forecast`, api-version
//! 2025-03-01): what Azure expects from today to the month's end, which `Spend::forecast`
//! turns into the month-end figure (or the console's own projection without it).

use serde_json::{Value, json};

use super::query::time_period;
use super::table::{AggregatedCost, Table};
use super::{API_VERSION, call};
use crate::domain::cost_month::{CostPeriod, SpendTotals};
use crate::sources::azure::arm::ArmClient;

const OPERATION: &str = "Cost Management Forecast - Usage";

/// Today → month end, daily (the one granularity a forecast has), forecast rows only: the
/// month to date comes from the query, so actual rows would count it twice.
pub fn body(period: &CostPeriod) -> Value {
    json!({
        "type": "ActualCost",
        "timeframe": "Custom",
        "timePeriod": time_period(period.today, period.month_end()),
        "dataset": {
            "granularity": "Daily",
            "aggregation": AggregatedCost::aggregation(),
        },
        "includeActualCost": false,
        "includeFreshPartialCost": false,
    })
}

/// The sum of the rows whose `CostStatus` is `Forecast`; an error without one (Azure gives
/// none for a scope with too little history or several currencies).
pub fn forecast_total(table: &Table, totals: &mut SpendTotals) -> Result<f64, String> {
    if table.is_empty() {
        return Err("no forecast rows in the answer".into());
    }
    let cost = AggregatedCost::of(table)?;
    let status = table.column("CostStatus")?;
    let mut sum = None;
    for row in table.rows() {
        if row.text(status)?.eq_ignore_ascii_case("Forecast") {
            sum = Some(sum.unwrap_or(0.0) + cost.amount(&row, totals)?);
        }
    }
    sum.ok_or_else(|| "no forecast rows in the answer (actual cost only)".into())
}

/// The rest of the month at every scope, summed; the first scope without a forecast is why
/// there is none.
pub async fn rest_of_month(
    arm: &ArmClient,
    scopes: &[String],
    period: &CostPeriod,
    totals: &mut SpendTotals,
) -> Result<f64, String> {
    let body = body(period);
    let mut rest = 0.0;
    for scope in scopes {
        let path = format!("{scope}/providers/Microsoft.CostManagement/forecast");
        let answer = call(OPERATION, arm.post(&path, API_VERSION, &body).await)?;
        let table =
            Table::of(answer.status, &answer.body).map_err(|e| format!("{OPERATION}: {e}"))?;
        rest += forecast_total(&table, totals).map_err(|e| format!("{OPERATION}: {e}"))?;
    }
    Ok(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn the_body_is_the_documented_forecast_definition() {
        let now = Utc
            .with_ymd_and_hms(2026, 11, 17, 8, 0, 0)
            .single()
            .expect("now");
        let period = CostPeriod::of(now).expect("period");
        assert_eq!(
            body(&period),
            json!({
                "type": "ActualCost",
                "timeframe": "Custom",
                "timePeriod": {
                    "from": "2026-11-17T00:00:00+00:00",
                    "to": "2026-11-30T23:59:59+00:00",
                },
                "dataset": {
                    "granularity": "Daily",
                    "aggregation": { "totalCost": { "name": "Cost", "function": "Sum" } },
                },
                "includeActualCost": false,
                "includeFreshPartialCost": false,
            })
        );
    }

    fn answer(rows: Value) -> Value {
        json!({ "properties": {
            "nextLink": null,
            "columns": [
                { "name": "Cost", "type": "Number" },
                { "name": "UsageDate", "type": "Number" },
                { "name": "CostStatus", "type": "String" },
                { "name": "Currency", "type": "String" },
            ],
            "rows": rows,
        }})
    }

    #[test]
    fn forecast_rows_are_summed_and_actual_ones_left_out() {
        let body = answer(json!([
            [25.0, 20261117, "Actual", "USD"],
            [203.0, 20261117, "Forecast", "USD"],
            [203.5, 20261118, "Forecast", "USD"],
        ]));
        let table = Table::of(200, &body).expect("table");
        let mut totals = SpendTotals::default();
        assert_eq!(forecast_total(&table, &mut totals), Ok(406.5));
        let actual_only = answer(json!([[25.0, 20261117, "Actual", "USD"]]));
        let table = Table::of(200, &actual_only).expect("table");
        assert_eq!(
            forecast_total(&table, &mut totals),
            Err("no forecast rows in the answer (actual cost only)".into())
        );
        let table = Table::of(204, &Value::Null).expect("no content");
        assert!(
            forecast_total(&table, &mut totals).is_err(),
            "not a zero forecast"
        );
    }
}
