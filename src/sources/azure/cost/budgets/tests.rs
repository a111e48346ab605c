use serde_json::json;

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 17).expect("date")
}

/// A budget resource as Budgets - List (2024-08-01) documents one.
fn budget(name: &str, changes: Value) -> Value {
    let mut item = json!({
        "id": format!("/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Consumption/budgets/{name}"),
        "name": name,
        "type": "Microsoft.Consumption/budgets",
        "eTag": "\"1d34d012214157f\"",
        "properties": {
            "category": "Cost",
            "amount": 7000.0,
            "timeGrain": "Monthly",
            "timePeriod": {
                "startDate": "2026-01-01T00:00:00Z",
                "endDate": "2027-12-31T00:00:00Z",
            },
            "currentSpend": { "amount": 3150.0, "unit": "USD" },
            "notifications": {
                "Actual_GreaterThan_80_Percent": {
                    "enabled": true,
                    "operator": "GreaterThan",
                    "threshold": 80,
                    "contactEmails": ["ops@example.com"],
                },
            },
        },
    });
    if let (Some(properties), Some(changes)) =
        (item["properties"].as_object_mut(), changes.as_object())
    {
        for (key, value) in changes {
            properties.insert(key.clone(), value.clone());
        }
    }
    item
}

fn why(item: &Value, scopes: usize) -> Option<String> {
    decode(item, today(), "USD", scopes)
        .expect("a budget")
        .not_comparable
}

#[test]
fn a_monthly_cost_budget_of_the_scope_is_comparable() {
    let decoded = decode(&budget("team-monthly", json!({})), today(), "USD", 1).expect("budget");
    assert_eq!(
        decoded,
        CloudBudget {
            name: "team-monthly".into(),
            amount: 7000.0,
            time_grain: "Monthly".into(),
            spent: Some(3150.0),
            not_comparable: None,
        }
    );
}

#[test]
fn each_reason_a_budget_cannot_stand_for_the_month_is_said() {
    let reasons = [
        (json!({ "category": "Usage" }), "a Usage budget, not cost"),
        (
            json!({ "timeGrain": "Quarterly" }),
            "a Quarterly budget, not the calendar month's",
        ),
        (
            json!({ "filter": { "dimensions": { "name": "ResourceGroupName", "operator": "In", "values": ["web"] } } }),
            "its filter covers part of the scope",
        ),
        (
            json!({ "timePeriod": { "startDate": "2025-01-01T00:00:00Z", "endDate": "2025-12-31T00:00:00Z" } }),
            "not active today",
        ),
        (
            json!({ "currentSpend": { "amount": 1.0, "unit": "EUR" } }),
            "in EUR, the costs in USD",
        ),
    ];
    for (change, expected) in reasons {
        assert_eq!(
            why(&budget("b", change.clone()), 1).as_deref(),
            Some(expected),
            "{change}"
        );
    }
    assert_eq!(
        why(&budget("b", json!({})), 2).as_deref(),
        Some("covers one of the 2 resource groups shown")
    );
    let empty_filter = budget("b", json!({ "filter": { "and": null } }));
    assert_eq!(
        why(&empty_filter, 1),
        None,
        "a filter of nothing filters nothing"
    );
}

#[test]
fn a_budget_without_an_amount_is_an_error_and_names_are_cleaned() {
    let mut item = budget("bad\u{1b}[2Jname", json!({}));
    item["properties"]["amount"] = Value::Null;
    let error = decode(&item, today(), "USD", 1).expect_err("no amount");
    assert!(
        error.ends_with(": no amount") && !error.contains('\u{1b}'),
        "{error:?}"
    );
}
