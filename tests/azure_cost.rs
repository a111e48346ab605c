//! Cost Management and Consumption Budgets against the loopback ARM server
//! (`tests/azure_arm/cost.py`, answering as the REST reference documents Query - Usage and
//! Forecast - Usage 2025-03-01 and Budgets - List 2024-08-01): the Cost tab's figures, and the
//! real console's `snapshot --tab cost` and checkpoint reading them. The calls themselves, the
//! cache and throttling: tests/azure_cost_calls.rs.
#![cfg(feature = "azure")]

mod azure_cost_support;
mod azure_support;
mod common;
mod stack;

use azure_cost_support::{arm_client, at, poll, render, scenario};
use common::{lines, text};
use opsconsole::sources::azure::cost::CostPoller;
use serde_json::{Value, json};
use stack::azure::{Arm, CLIENT_SECRET};
use stack::{Options, Stack, opsconsole};

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
