use chrono::{TimeZone, Utc};
use serde_json::{Value, json};

use super::*;

fn period() -> CostPeriod {
    let now = Utc
        .with_ymd_and_hms(2026, 11, 17, 23, 50, 0)
        .single()
        .expect("now");
    CostPeriod::of(now).expect("period")
}

/// A page as the reference documents it: columns named, rows in their order.
fn page(rows: Value, next_link: Option<&str>) -> Value {
    json!({
        "id": "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.CostManagement/query/q1",
        "name": "q1",
        "type": "Microsoft.CostManagement/query",
        "properties": {
            "nextLink": next_link,
            "columns": [
                { "name": "Cost", "type": "Number" },
                { "name": "UsageDate", "type": "Number" },
                { "name": "ServiceName", "type": "String" },
                { "name": "Currency", "type": "String" },
            ],
            "rows": rows,
        },
    })
}

#[test]
fn the_bodies_are_the_documented_query_definitions() {
    assert_eq!(
        month_body(&period()),
        json!({
            "type": "ActualCost",
            "timeframe": "Custom",
            "timePeriod": {
                "from": "2026-11-01T00:00:00+00:00",
                "to": "2026-11-17T23:59:59+00:00",
            },
            "dataset": {
                "granularity": "Daily",
                "aggregation": { "totalCost": { "name": "Cost", "function": "Sum" } },
                "grouping": [{ "type": "Dimension", "name": "ServiceName" }],
            },
        })
    );
    assert_eq!(
        last_month_body(&period()),
        json!({
            "type": "ActualCost",
            "timeframe": "Custom",
            "timePeriod": {
                "from": "2026-10-01T00:00:00+00:00",
                "to": "2026-10-31T23:59:59+00:00",
            },
            "dataset": { "aggregation": { "totalCost": { "name": "Cost", "function": "Sum" } } },
        })
    );
}

#[test]
fn pages_sum_by_day_and_service() {
    let first = page(
        json!([
            [140.25, 20261101, "Virtual Machines", "USD"],
            [60, 20261101, "Storage", "USD"],
            [141.75, 20261102, "Virtual Machines", "USD"],
        ]),
        Some(
            "https://management.azure.com/subscriptions/s/providers/Microsoft.CostManagement/query?api-version=2025-03-01&$skiptoken=AQAAAA%3D%3D",
        ),
    );
    // The second day's other service arrives on the next page, with one unnamed charge.
    let second = page(
        json!([[62, 20261102, "Storage", "USD"], [1.5, 20261102, "", "USD"]]),
        None,
    );
    let mut totals = SpendTotals::default();
    for body in [&first, &second] {
        let table = Table::of(200, body).expect("page");
        add_page(&table, &mut totals).expect("rows");
    }
    let spend = totals.spend();
    assert_eq!(spend.currency, "USD");
    assert!((spend.month_to_date - 405.5).abs() < 1e-9);
    let services: Vec<(&str, f64)> = spend
        .by_service
        .iter()
        .map(|s| (s.service.as_str(), s.month_to_date))
        .collect();
    assert_eq!(
        services,
        [
            ("Virtual Machines", 282.0),
            ("Storage", 122.0),
            ("(no service)", 1.5)
        ]
    );
    let days: Vec<f64> = spend.daily.iter().map(|d| d.amount).collect();
    assert_eq!(days, [200.25, 205.25]);
}

#[test]
fn last_months_total_is_its_rows_sum_and_nothing_is_unknown() {
    let body = json!({ "properties": {
        "nextLink": null,
        "columns": [{ "name": "Cost", "type": "Number" }, { "name": "Currency", "type": "String" }],
        "rows": [[5812.34, "USD"]],
    }});
    let mut totals = SpendTotals::default();
    let table = Table::of(200, &body).expect("table");
    assert_eq!(total(&table, &mut totals), Ok(Some(5812.34)));
    let none = Table::of(204, &Value::Null).expect("no content");
    assert_eq!(
        total(&none, &mut totals),
        Ok(None),
        "no rows: unknown, not 0"
    );
    let euros = json!({ "properties": {
        "columns": [{ "name": "Cost", "type": "Number" }, { "name": "Currency", "type": "String" }],
        "rows": [[10.0, "EUR"]],
    }});
    let table = Table::of(200, &euros).expect("table");
    assert_eq!(
        total(&table, &mut totals),
        Err("amounts in both USD and EUR; not summing two currencies".into())
    );
}

#[test]
fn an_answer_without_the_asked_columns_fails_naming_them() {
    let body = json!({ "properties": {
        "columns": [{ "name": "PreTaxCost", "type": "Number" }, { "name": "Currency", "type": "String" }],
        "rows": [[1.0, "USD"]],
    }});
    let table = Table::of(200, &body).expect("table");
    let error = add_page(&table, &mut SpendTotals::default()).expect_err("no Cost");
    assert_eq!(
        error,
        "no Cost column in the answer (columns: PreTaxCost, Currency)"
    );
}
