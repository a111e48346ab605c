//! The loopback subscription the Azure cost tests read (tests/azure_cost.rs,
//! tests/azure_cost_calls.rs): a month of Cost Management answers with explicit dates, and the
//! helpers that poll it on a fixed clock and render the Cost tab.
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use opsconsole::app::Topic;
use opsconsole::domain::CostView;
use opsconsole::sources::azure::arm::ArmClient;
use opsconsole::sources::azure::cost::CostPoller;
use serde_json::{Value, json};

use crate::common::{draw, simulator, state_with};
use crate::stack::azure::{Arm, SUBSCRIPTION};

pub const QUERY: &str = "/providers/Microsoft.CostManagement/query";
pub const FORECAST: &str = "/providers/Microsoft.CostManagement/forecast";
pub const BUDGETS: &str = "/providers/Microsoft.Consumption/budgets";

pub fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, minute, 0)
        .single()
        .expect("time")
}

/// 1–16 November at 140 + 60 + 3 a day by service, the 17th 18 + 7 so far: 50 rows, three
/// pages of 20. Azure forecasts 203 a day for the 17th to the 30th; two budgets.
pub fn scenario() -> Value {
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

pub fn arm_client(arm: &Arm) -> ArmClient {
    crate::azure_support::client(arm, &crate::azure_support::settings(arm, &arm.dir))
}

pub fn poll(
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
pub fn calls(arm: &Arm, operation: &str) -> Vec<Value> {
    arm.requests()
        .into_iter()
        .filter(|r| r["path"].as_str().is_some_and(|p| p.ends_with(operation)))
        .collect()
}

pub fn render(view: &CostView, taken_at: DateTime<Utc>) -> ratatui::buffer::Buffer {
    let mut snapshot = simulator().snapshot();
    snapshot.taken_at = taken_at;
    snapshot.cost = Some(view.clone());
    let mut state = state_with(snapshot, Topic::Cost);
    draw(&mut state, 200, 50, false)
}
