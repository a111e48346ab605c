//! What the Azure cost source asks Cost Management and Consumption Budgets (the documented
//! request bodies and api-versions, every `nextLink` page), how long it keeps the answers
//! (`cost-ttl`, a refresh asking at once), and a 429 with `Retry-After`: waited out, or, when
//! longer than the call's deadline, the refresh failing while the last view stays.
#![cfg(feature = "azure")]

mod azure_cost_support;
mod azure_support;
mod common;
mod stack;

use std::time::{Duration, Instant};

use azure_cost_support::{BUDGETS, FORECAST, QUERY, arm_client, at, calls, poll, scenario};
use opsconsole::sources::azure::cost::CostPoller;
use serde_json::{Value, json};
use stack::azure::{Arm, SUBSCRIPTION};

#[test]
fn the_requests_are_the_documented_ones_and_the_answers_are_kept_for_the_ttl() {
    let arm = Arm::start(scenario());
    let client = arm_client(&arm);
    let mut poller = CostPoller::new();
    let fetched = at(17, 23, 50);
    let view = poll(&mut poller, &client, fetched, false).expect("cost view");

    let scope = format!("/subscriptions/{SUBSCRIPTION}");
    let month = json!({
        "type": "ActualCost",
        "timeframe": "Custom",
        "timePeriod": { "from": "2026-11-01T00:00:00+00:00", "to": "2026-11-17T23:59:59+00:00" },
        "dataset": {
            "granularity": "Daily",
            "aggregation": { "totalCost": { "name": "Cost", "function": "Sum" } },
            "grouping": [{ "type": "Dimension", "name": "ServiceName" }],
        },
    });
    let queries = calls(&arm, QUERY);
    assert_eq!(queries.len(), 4, "three pages and last month: {queries:#?}");
    for (page, skip) in queries[..3].iter().zip([None, Some("20"), Some("40")]) {
        assert_eq!(page["method"], "POST");
        assert_eq!(page["path"], format!("{scope}{QUERY}"));
        assert_eq!(page["query"]["api-version"], json!(["2025-03-01"]));
        assert_eq!(
            page["query"]["$skiptoken"].get(0).and_then(Value::as_str),
            skip
        );
        assert_eq!(page["body"], month, "every page POSTs the same body");
    }
    assert_eq!(
        queries[3]["body"],
        json!({
            "type": "ActualCost",
            "timeframe": "Custom",
            "timePeriod": { "from": "2026-10-01T00:00:00+00:00", "to": "2026-10-31T23:59:59+00:00" },
            "dataset": { "aggregation": { "totalCost": { "name": "Cost", "function": "Sum" } } },
        })
    );
    let forecasts = calls(&arm, FORECAST);
    assert_eq!(forecasts.len(), 1);
    assert_eq!(forecasts[0]["query"]["api-version"], json!(["2025-03-01"]));
    assert_eq!(
        forecasts[0]["body"],
        json!({
            "type": "ActualCost",
            "timeframe": "Custom",
            "timePeriod": { "from": "2026-11-17T00:00:00+00:00", "to": "2026-11-30T23:59:59+00:00" },
            "dataset": {
                "granularity": "Daily",
                "aggregation": { "totalCost": { "name": "Cost", "function": "Sum" } },
            },
            "includeActualCost": false,
            "includeFreshPartialCost": false,
        })
    );
    let budgets = calls(&arm, BUDGETS);
    assert_eq!(budgets.len(), 1);
    assert_eq!(budgets[0]["method"], "GET");
    assert_eq!(budgets[0]["query"]["api-version"], json!(["2024-08-01"]));

    // Within the hour the kept view is the answer, and no request goes out.
    let asked = arm.requests().len();
    let later = fetched + chrono::Duration::minutes(59);
    assert_eq!(poll(&mut poller, &client, later, false), Ok(view.clone()));
    assert_eq!(arm.requests().len(), asked, "cached: nothing asked");
    // A refresh asks again at once; so does the first poll after the TTL.
    let forced = poll(&mut poller, &client, later, true).expect("refreshed");
    assert_eq!(forced.fetched_at, Some(later));
    assert_eq!(
        arm.requests().len(),
        asked + 6,
        "4 queries, a forecast, a budget list"
    );
    let expired = fetched + chrono::Duration::minutes(121);
    let refetched = poll(&mut poller, &client, expired, false).expect("expired");
    assert_eq!(refetched.fetched_at, Some(expired));
    assert_eq!(arm.requests().len(), asked + 12);
}

#[test]
fn a_429_is_waited_out_and_a_long_one_keeps_the_last_view() {
    let arm = Arm::start(scenario());
    let client = arm_client(&arm);
    let mut poller = CostPoller::new();
    arm.fault(json!({ "path": "Microsoft.CostManagement/query$", "status": 429, "retry_after": 1, "count": 1 }));
    let started = Instant::now();
    let fetched = at(17, 23, 50);
    let view = poll(&mut poller, &client, fetched, false).expect("the 429 waited out");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    assert!((view.month_to_date - 3273.0).abs() < 1e-6);
    assert_eq!(
        calls(&arm, QUERY).len(),
        5,
        "the throttled POST asked again, then 3 pages and last month"
    );

    // Asked to wait longer than the call's 10 s: the refresh fails saying so, and the view
    // fetched before stays the answer until it expires.
    arm.fault(json!({ "path": "Microsoft.CostManagement/query$", "status": 429, "retry_after": 600, "count": 1 }));
    let later = fetched + chrono::Duration::minutes(5);
    let error = poll(&mut poller, &client, later, true).expect_err("throttled");
    assert!(
        error.starts_with("Cost Management Query - Usage: ARM ")
            && error.contains("throttled (429)"),
        "{error}"
    );
    assert_eq!(poll(&mut poller, &client, later, false), Ok(view));
}
