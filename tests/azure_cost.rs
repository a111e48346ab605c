//! Cost Management and Consumption Budgets through the ARM client against the loopback ARM
//! server (`tests/azure_arm/cost.py`), which answers as the REST reference documents Query -
//! Usage and Forecast - Usage (2025-03-01) and Budgets - List (2024-08-01): the Cost tab's
//! figures, the documented request bodies, the cache, a 429, and the real console's
//! `snapshot --tab cost` and checkpoint reading them.
#![cfg(feature = "azure")]

mod common;
mod stack;

use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use common::{draw, lines, simulator, state_with, text};
use opsconsole::app::Topic;
use opsconsole::domain::CostView;
use opsconsole::sources::azure::arm::ArmClient;
use opsconsole::sources::azure::cost::CostPoller;
use serde_json::{Value, json};
use stack::azure::{Arm, CLIENT_SECRET, SUBSCRIPTION};
use stack::{Options, Stack, opsconsole};

const QUERY: &str = "/providers/Microsoft.CostManagement/query";
const FORECAST: &str = "/providers/Microsoft.CostManagement/forecast";
const BUDGETS: &str = "/providers/Microsoft.Consumption/budgets";

fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, minute, 0)
        .single()
        .expect("time")
}

/// 1–16 November at 140 + 60 + 3 a day by service, the 17th 18 + 7 so far: 50 rows, three
/// pages of 20. Azure forecasts 203 a day for the 17th to the 30th; two budgets.
fn scenario() -> Value {
    let mut usage: Vec<Value> = (1..=16)
        .flat_map(|d| {
            let date = 20_261_100 + d;
            [
                json!([date, "Virtual Machines", 140.0]),
                json!([date, "Storage", 60.0]),
                json!([date, "Bandwidth", 3.0]),
            ]
        })
        .collect();
    usage.extend([
        json!([20_261_117, "Virtual Machines", 18.0]),
        json!([20_261_117, "Storage", 7.0]),
    ]);
    let forecast: Vec<Value> = (17..=30).map(|d| json!([20_261_100 + d, 203.0])).collect();
    json!({
        "subscription": SUBSCRIPTION,
        "cost": {
            "currency": "USD",
            "page_size": 20,
            "usage": usage,
            "last_month": 5812.34,
            "forecast": forecast,
            "budgets": [
                { "name": "team-monthly", "amount": 7000.0, "current_spend": 3150.0 },
                { "name": "platform-quarterly", "amount": 20000.0, "current_spend": 9000.0,
                  "time_grain": "Quarterly" },
            ],
        },
    })
}

fn arm_client(arm: &Arm) -> ArmClient {
    arm.client(Duration::from_secs(10), CLIENT_SECRET)
}

fn poll(
    poller: &mut CostPoller,
    arm: &ArmClient,
    now: DateTime<Utc>,
    force: bool,
) -> Result<CostView, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(poller.view(arm, now, force))
}

/// The requests to one operation, in order.
fn calls(arm: &Arm, operation: &str) -> Vec<Value> {
    arm.requests()
        .into_iter()
        .filter(|r| r["path"].as_str().is_some_and(|p| p.ends_with(operation)))
        .collect()
}

fn render(view: &CostView, taken_at: DateTime<Utc>) -> ratatui::buffer::Buffer {
    let mut snapshot = simulator().snapshot();
    snapshot.taken_at = taken_at;
    snapshot.cost = Some(view.clone());
    let mut state = state_with(snapshot, Topic::Cost);
    draw(&mut state, 200, 50, false)
}

#[test]
fn cost_management_figures_show_on_the_cost_tab() {
    let arm = Arm::start(scenario());
    let client = arm_client(&arm);
    let fetched = at(17, 23, 50);
    let view = poll(&mut CostPoller::new(), &client, fetched, false).expect("cost view");
    assert_eq!(view.currency, "USD");
    assert_eq!(view.daily.len(), 17, "all three pages read");
    assert!(
        (view.month_to_date - 3273.0).abs() < 1e-6,
        "{}",
        view.month_to_date
    );
    assert_eq!(view.last_month, Some(5812.34));
    // Azure's 14 × 203 from today, with today's 25 so far taken out: 3,273 − 25 + 2,842.
    let forecast = view.forecast_month_end.expect("a forecast");
    assert!((forecast - 6090.0).abs() < 1e-6, "{forecast}");
    assert_eq!(view.forecast_method, "Cost Management forecast");
    let services: Vec<(&str, f64)> = view
        .by_service
        .iter()
        .map(|s| (s.service.as_str(), s.month_to_date))
        .collect();
    assert_eq!(
        services,
        [
            ("Virtual Machines", 2258.0),
            ("Storage", 967.0),
            ("Bandwidth", 48.0)
        ]
    );

    let buffer = render(&view, at(18, 0, 5));
    let all = text(&buffer);
    assert!(
        all.contains("Month to date $3,273 of $6,600 budget (49.6%)"),
        "{all}"
    );
    assert!(
        all.contains("Forecast month end $6,090, under budget (forecast vs budget -7.7%, Cost Management forecast)"),
        "{all}"
    );
    // The last 7 full days at $203: 203 / 24 × 730 = $6,174.58 a month, 6.4 % under $6,600.
    assert!(all.contains("Cost vs baseline -6.4% ("), "{all}");
    assert!(all.contains("Last month $5,812"), "{all}");
    assert!(
        all.contains("Azure budget team-monthly $7,000 monthly, $3,150 spent by its count (45.0%); differs from the configured $6,600 budget, which the figures here use"),
        "{all}"
    );
    assert!(
        all.contains("Azure budget platform-quarterly $20,000 quarterly, $9,000 spent by its count (45.0%); not compared: a Quarterly budget, not the calendar month's"),
        "{all}"
    );
    assert!(all.contains("fetched 15m ago"), "{all}");
    let rows = lines(&buffer);
    let vm = rows
        .iter()
        .find(|l| l.contains("│Virtual Machines"))
        .expect("a Virtual Machines row");
    assert!(vm.contains("$2,258") && vm.contains("69.0%"), "{vm}");
}

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

#[test]
fn without_budgets_or_a_forecast_the_tab_says_so() {
    let mut bare = scenario();
    bare["cost"]["budgets"] = json!([]);
    if let Some(cost) = bare["cost"].as_object_mut() {
        cost.remove("forecast");
    }
    let arm = Arm::start(bare);
    let view = poll(
        &mut CostPoller::new(),
        &arm_client(&arm),
        at(17, 23, 50),
        false,
    )
    .expect("cost view");
    // No forecast (a 204): the console's projection from the last 7 full days at 203, and
    // 203 − 25 more today: 3,273 + 178 + 13 × 203 = 6,090.
    assert_eq!(view.forecast_month_end, Some(6090.0));
    assert!(
        view.forecast_method.starts_with("projected by the console from 7 days of spend; Cost Management forecast unavailable: Cost Management Forecast - Usage: no forecast rows"),
        "{}",
        view.forecast_method
    );
    let all = text(&render(&view, at(18, 0, 5)));
    assert!(
        all.contains("No Azure budget at this scope; the figures use the configured $6,600 budget"),
        "{all}"
    );
}

/// The real console on `lab`: the test stack's Prometheus and the loopback subscription, with
/// the service principal in the environment. Its clock is the wall clock, so the scenario's
/// November is a past month: no day of it is today, and every day of it is a full one.
#[test]
fn snapshot_and_the_checkpoint_read_cost_management() {
    let stack = Stack::start(Options::default());
    let arm = Arm::start(scenario());
    let config = stack.config("1s", &arm.environment_block("lab", ""));
    let run = |args: &[&str]| {
        let output = opsconsole()
            .arg("--config")
            .arg(&config)
            .args(["--env", "lab"])
            .args(args)
            .envs(arm.env())
            .output()
            .expect("run opsconsole");
        let stdout = String::from_utf8_lossy(&output.stdout).to_string();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stdout.contains(CLIENT_SECRET) && !stderr.contains(CLIENT_SECRET));
        (output.status.code(), stdout, stderr.to_string())
    };

    let snapshot = [
        "snapshot", "--tab", "cost", "--width", "200", "--height", "50",
    ];
    let (code, screen, stderr) = run(&snapshot);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        screen.contains("Month to date $3,273 of $6,600 budget (49.6%)"),
        "{screen}"
    );
    // No day of November is today: 3,273 + Azure's 2,842, 7.3 % under the budget.
    assert!(
        screen.contains("Forecast month end $6,115, under budget (forecast vs budget -7.3%, Cost Management forecast)"),
        "{screen}"
    );
    assert!(
        screen.contains("Azure budget team-monthly $7,000 monthly"),
        "{screen}"
    );

    let (code, json, stderr) = run(&["snapshot", "--tab", "cost", "--format", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    let json: Value = serde_json::from_str(&json).expect("snapshot JSON");
    let data = &json["data"];
    assert_eq!(data["month_to_date"], 3273.0);
    assert_eq!(data["last_month"], 5812.34);
    assert_eq!(data["currency"], "USD");
    assert_eq!(data["forecast_method"], "Cost Management forecast");
    assert_eq!(data["cloud_budgets"]["cloud"], "Azure");
    assert_eq!(data["cloud_budgets"]["budgets"][0]["name"], "team-monthly");
    assert_eq!(data["cloud_budgets"]["budgets"][0]["spent"], 3150.0);

    // The checkpoint's cost criterion reads Azure's figure for this week: the last 7 full
    // days (the 11th to the 17th, 6 × 203 + 25) a day, × 730 h against the $6,600 baseline.
    let (_, check, stderr) = run(&["check", "--format", "json"]);
    let check: Value = serde_json::from_str(&check).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let cost = check["criteria"]
        .as_array()
        .and_then(|all| all.iter().find(|c| c["name"] == "Cost vs baseline"))
        .unwrap_or_else(|| panic!("no cost criterion: {check}"));
    let expected = (1243.0 / 7.0 / 24.0 * 730.0 / 6600.0 - 1.0) * 100.0;
    let this_week = cost["this_week"].as_f64().expect("a value this week");
    assert!(
        (this_week - expected).abs() < 1e-9,
        "{this_week} vs {expected}"
    );
    assert_eq!(cost["verdict"], "met", "{cost}");
    assert!(
        cost["measured_by"]
            .as_str()
            .is_some_and(|m| m.starts_with("cost.vs_baseline_percent from the cloud's cost API this week; earlier weeks 100 * (avg_over_time")),
        "{cost}"
    );
}
