//! Budgets - List (`GET {scope}/providers/Microsoft.Consumption/budgets`, api-version
//! 2024-08-01): each budget's amount, period and Azure's own current spend, with why one
//! cannot stand for this calendar month's budget when it cannot.

use chrono::{DateTime, NaiveDate};
use serde_json::Value;

use crate::domain::cost_budget::CloudBudget;
use crate::domain::remote_text::clean;
use crate::sources::azure::arm::ArmClient;

pub const API_VERSION: &str = "2024-08-01";
const OPERATION: &str = "Consumption Budgets - List";

/// Every budget at every scope.
pub async fn list(
    arm: &ArmClient,
    scopes: &[String],
    today: NaiveDate,
    currency: &str,
) -> Result<Vec<CloudBudget>, String> {
    let mut budgets = Vec::new();
    for scope in scopes {
        let path = format!("{scope}/providers/Microsoft.Consumption/budgets");
        let items = arm
            .list(&path, API_VERSION)
            .await
            .map_err(|e| format!("{OPERATION}: {e}"))?;
        for item in &items {
            budgets.push(
                decode(item, today, currency, scopes.len())
                    .map_err(|e| format!("{OPERATION}: {e}"))?,
            );
        }
    }
    Ok(budgets)
}

/// One budget resource; `scopes` is how many scopes the view sums (a budget covers one).
pub fn decode(
    item: &Value,
    today: NaiveDate,
    currency: &str,
    scopes: usize,
) -> Result<CloudBudget, String> {
    let name = clean(
        item.get("name")
            .and_then(Value::as_str)
            .unwrap_or("(unnamed)"),
    )
    .into_owned();
    let properties = item
        .get("properties")
        .ok_or_else(|| format!("budget {name}: no properties"))?;
    let text = |key: &str| {
        properties
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
    };
    let amount = properties
        .get("amount")
        .and_then(Value::as_f64)
        .filter(|a| a.is_finite())
        .ok_or_else(|| format!("budget {name}: no amount"))?;
    let spend = properties.get("currentSpend");
    let spent = spend.and_then(|s| s.get("amount")).and_then(Value::as_f64);
    let unit = spend.and_then(|s| s.get("unit")).and_then(Value::as_str);
    let grain = clean(text("timeGrain")).into_owned();
    let period = properties.get("timePeriod");
    let date = |key: &str| {
        period
            .and_then(|p| p.get(key))
            .and_then(Value::as_str)
            .and_then(|d| DateTime::parse_from_rfc3339(d).ok())
            .map(|d| d.date_naive())
    };
    let (start, end) = (date("startDate"), date("endDate"));
    let filtered = properties
        .get("filter")
        .and_then(Value::as_object)
        .is_some_and(|f| f.values().any(|v| !v.is_null()));
    let not_comparable = if !text("category").eq_ignore_ascii_case("Cost") {
        Some(format!("a {} budget, not cost", clean(text("category"))))
    } else if !grain.eq_ignore_ascii_case("Monthly") {
        Some(format!("a {grain} budget, not the calendar month's"))
    } else if filtered {
        Some("its filter covers part of the scope".into())
    } else if scopes > 1 {
        Some(format!("covers one of the {scopes} resource groups shown"))
    } else if start.is_some_and(|s| s > today) || end.is_some_and(|e| e < today) {
        Some("not active today".into())
    } else {
        unit.filter(|u| !u.eq_ignore_ascii_case(currency))
            .map(|unit| format!("in {}, the costs in {currency}", clean(unit)))
    };
    Ok(CloudBudget {
        name,
        amount,
        time_grain: grain,
        spent: spent.filter(|s| s.is_finite()),
        not_comparable,
    })
}

#[cfg(test)]
mod tests;
