//! Cost Explorer through the real SDK against moto, whose GetCostAndUsage answers from a queue
//! of injected results (one per new set of parameters) and whose GetCostForecast is a 500.
#![cfg(feature = "aws")]

mod common;
mod stack;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::{draw, lines, simulator, state_with, text, theme};
use opsconsole::app::Topic;
use opsconsole::domain::CostView;
use opsconsole::sources::aws::cost::CostPoller;
use opsconsole::ui::theme::Role;
use serde_json::{Value, json};
use stack::moto::Moto;

const EC2: &str = "Amazon Elastic Compute Cloud - Compute";
const RDS: &str = "Amazon Relational Database Service";
const S3: &str = "Amazon Simple Storage Service";

fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, minute, 0)
        .single()
        .expect("time")
}

fn money(amount: f64) -> Value {
    json!({ "UnblendedCost": { "Amount": format!("{amount:.2}"), "Unit": "USD" } })
}

/// One day by service, as Cost Explorer answers a DAILY query grouped by SERVICE.
fn day(day: u32, services: &[(&str, f64)]) -> Value {
    let groups: Vec<Value> = services
        .iter()
        .map(|(service, amount)| json!({ "Keys": [service], "Metrics": money(*amount) }))
        .collect();
    json!({
        "TimePeriod": { "Start": format!("2026-11-{day:02}"), "End": format!("2026-11-{:02}", day + 1) },
        "Total": {},
        "Groups": groups,
        "Estimated": true,
    })
}

/// 1–16 November at 140 + 60 + 3 a day; the 17th (today) 18 + 7 so far.
fn month_pages() -> (Value, Value) {
    let full = |d| day(d, &[(EC2, 140.0), (RDS, 60.0), (S3, 3.0)]);
    let first: Vec<Value> = (1..=10).map(full).collect();
    let mut second: Vec<Value> = (11..=16).map(full).collect();
    second.push(day(17, &[(EC2, 18.0), (RDS, 7.0)]));
    (
        json!({ "ResultsByTime": first, "NextPageToken": "page-2" }),
        json!({ "ResultsByTime": second }),
    )
}

fn render(view: &CostView, taken_at: DateTime<Utc>) -> ratatui::buffer::Buffer {
    let mut snapshot = simulator().snapshot();
    snapshot.taken_at = taken_at;
    snapshot.cost = Some(view.clone());
    let mut state = state_with(snapshot, Topic::Cost);
    draw(&mut state, 200, 50, false)
}

fn row<'a>(lines: &'a [String], needle: &str) -> &'a str {
    lines
        .iter()
        .find(|l| l.contains(needle))
        .map_or_else(|| panic!("no line contains {needle:?}"), String::as_str)
}

#[tokio::test]
async fn injected_spend_shows_on_the_cost_tab_and_is_cached_for_the_ttl() {
    let moto = Moto::start();
    let (clients, settings) = moto.console().await;
    let (first, second) = month_pages();
    let last_month = json!({ "ResultsByTime": [{
        "TimePeriod": { "Start": "2026-10-01", "End": "2026-11-01" },
        "Total": money(5812.34), "Groups": [], "Estimated": false,
    }]});
    // Queued in the poller's call order; the last is for the forced refetch of the next day.
    let refetched = json!({ "ResultsByTime": [day(1, &[(EC2, 999.0)])] });
    moto.inject_cost_and_usage(&json!([first, second, last_month, refetched]));

    let mut poller = CostPoller::new();
    let fetched = at(17, 23, 50);
    let view = poller
        .poll(&clients, &settings, fetched, false)
        .await
        .expect("cost view");
    assert_eq!(view.fetched_at, Some(fetched));
    assert_eq!(view.currency, "USD");
    assert_eq!(view.daily.len(), 17, "both pages read");
    assert!(
        (view.month_to_date - 3273.0).abs() < 1e-6,
        "{}",
        view.month_to_date
    );
    assert_eq!(view.last_month, Some(5812.34));
    // Moto has no coverage data: missing, not 0 %.
    assert_eq!(
        (view.reserved_coverage, view.savings_plans_coverage),
        (None, None)
    );
    // Moto's forecast is a 500: 3,273 + (203 − 25 left of today) + 13 days × 203.
    let forecast = view.forecast_month_end.expect("a projection");
    assert!((forecast - 6090.0).abs() < 1e-6, "{forecast}");
    assert!(
        view.forecast_method.starts_with(
            "projected by the console from 7 days of spend; Cost Explorer forecast unavailable: ce:GetCostForecast"
        ),
        "{}",
        view.forecast_method
    );

    // Rendered three hours later: the figures, and an age in the stale colour.
    let buffer = render(&view, at(18, 3, 0));
    let all = text(&buffer);
    let lines = lines(&buffer);
    assert!(
        all.contains("Month to date $3,273 of $6,600 budget (49.6%)"),
        "{all}"
    );
    assert!(all.contains("Forecast month end $6,090, under budget (forecast vs budget -7.7%, projected by the console from 7 days of spend; Cost Explorer forecast unavailable"), "{all}");
    assert!(all.contains("Last month $5,812"), "{all}");
    // The last 7 full days at $203: 203 / 24 × 730 = $6,174.58 a month, 6.446 % under the
    // $6,600 baseline.
    assert!(
        all.contains("Cost vs baseline -6.4% (")
            && all.contains("= $6,175/month vs the $6,600 baseline)"),
        "{all}"
    );
    assert!(
        all.contains("Reserved coverage —   Savings Plans coverage —"),
        "{all}"
    );
    let ec2 = row(&lines, "│Amazon Elastic Compute Cloud");
    assert!(ec2.contains("$2,258") && ec2.contains("69.0%"), "{ec2}");
    assert!(row(&lines, "│Amazon Relational Database").contains("$967"));
    assert!(row(&lines, "│Amazon Simple Storage Service").contains("$48"));
    let (y, age) = lines
        .iter()
        .enumerate()
        .find_map(|(y, l)| l.find("fetched 3h10m ago · r refreshes").map(|x| (y, x)))
        .unwrap_or_else(|| panic!("no fetched line: {all}"));
    let x = u16::try_from(lines[y][..age].chars().count()).expect("column");
    assert_eq!(
        buffer[(x, u16::try_from(y).expect("row"))].fg,
        theme().style(Role::Stale).fg.expect("stale has a colour"),
        "older than 2 h is marked stale"
    );

    // Half an hour later, the next day: new parameters, so a request would take the queued
    // refetch result. Within the TTL none is made.
    let next_day = at(18, 0, 20);
    let cached = poller
        .poll(&clients, &settings, next_day, false)
        .await
        .expect("cached view");
    assert_eq!(cached, view, "the same view, fetched_at included");

    let forced = poller
        .poll(&clients, &settings, next_day, true)
        .await
        .expect("refetched view");
    assert_eq!(forced.fetched_at, Some(next_day));
    assert!(
        (forced.month_to_date - 999.0).abs() < 1e-6,
        "{}",
        forced.month_to_date
    );
    assert_eq!(
        forced.last_month,
        Some(5812.34),
        "same parameters, same answer"
    );
    let all = text(&render(&forced, next_day + Duration::minutes(12)));
    assert!(all.contains("fetched 12m ago · r refreshes"), "{all}");
    assert!(all.contains("Month to date $999 "), "{all}");
}

#[tokio::test]
async fn a_failed_cost_and_usage_is_the_error() {
    let moto = Moto::start();
    let (clients, mut settings) = moto.console().await;
    // Nothing listens there: the one essential call fails, and says which it was.
    settings.endpoint_url = Some(format!("http://127.0.0.1:{}", stack::free_port()));
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(stack::moto::REGION))
        .endpoint_url(settings.endpoint_url.clone().expect("url"))
        .credentials_provider(aws_sdk_costexplorer::config::Credentials::new(
            "AKIATEST", "secret", None, None, "test",
        ))
        .load()
        .await;
    let clients = opsconsole::sources::aws::clients::AwsClients {
        costexplorer: aws_sdk_costexplorer::Client::new(&config),
        ..clients
    };
    let error = CostPoller::new()
        .poll(&clients, &settings, at(17, 12, 0), false)
        .await
        .expect_err("no Cost Explorer");
    assert!(
        error.starts_with("ce:GetCostAndUsage: cannot connect"),
        "{error}"
    );
    assert!(!error.contains("secret"), "no secret in the error: {error}");
}
