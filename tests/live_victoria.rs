//! The console against a second engine: Debian's single-node VictoriaMetrics (1.79), loaded
//! through its import API with 8 days of `simulate history` of a fixed fleet (seed 42, ending
//! at Monday 2026-11-02 00:00 UTC). The history goes in twice: at its own times, for the weekly
//! checkpoint of 2026-W44, and moved forward to end a minute ago, for the tabs (which read the
//! engine's "now"). So the fleet is the same whatever the hour or weekday the test runs at.
//! Every instant panel shows what VictoriaMetrics itself answers to the panel's query, and the
//! latency tab's figures are those panels'; the gauges are the simulator's; a week of range
//! data comes back; the weekly report's figures are VictoriaMetrics' answers to the criteria's
//! queries; `check` passes and fails as with Prometheus; and an engine that lists no scrape
//! targets and no rules is shown as unknown, not healthy.

mod stack;

use std::path::Path;

use chrono::{DateTime, Duration, DurationRound, TimeZone, Utc};
use opsconsole::domain::FleetSnapshot;
use opsconsole::sources::simulator::{SampleEvery, Simulator, SimulatorConfig};
use serde_json::Value;
use stack::figures::{a_week_of_range_data, gauges_agree, json, number};
use stack::victoria::Victoria;
use stack::weekly::{CRITERIA, MISSING, criteria, run, weekly};
use stack::{history, lab_config};

const SEED: u64 = 42;
const DAYS: u32 = 8;
/// `simulate history`'s default: the scripted surge comes after the history.
const SURGE_AFTER: Duration = Duration::minutes(3);
/// A series whose last sample tells that an import is searchable.
const PROBE: &str = r#"http_requests_total{service="api",code="200"}"#;

/// The fleet's start, a Monday: the history ends a minute before it, with the whole of 2026-W44,
/// and its replay starts at the month's start, which keeps it short.
fn history_end() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 0, 0, 0)
        .single()
        .expect("a valid time")
}

/// The simulator's own state at the history's last sample.
fn last_state() -> FleetSnapshot {
    let last = history_end() - Duration::minutes(1);
    let mut state = None;
    let config = SimulatorConfig {
        history: Duration::days(DAYS.into()),
        ..SimulatorConfig::new(SEED, history_end()).with_surge_after(SURGE_AFTER)
    };
    let every = SampleEvery::new(Duration::minutes(1)).expect("a minute");
    Simulator::replay(config, every, |simulator, at| {
        if at == last {
            state = Some(simulator.snapshot());
        }
    });
    state.expect("the replay reaches the last sample")
}

fn instant_panels(view: &Value) -> Vec<(String, String)> {
    view["panels"]
        .as_array()
        .expect("panels")
        .iter()
        .filter(|p| p["kind"] == "instant")
        .map(|p| {
            (
                p["id"].as_str().expect("id").into(),
                p["query"].as_str().expect("query").into(),
            )
        })
        .collect()
}

/// Every instant panel of the tabs shows VictoriaMetrics' own answer to its query. The console
/// asks at the server's "now", so the engine is asked just before and just after it: a window
/// edge may pass a sample in between, and the console's figure must be one of the two answers.
fn panels_are_victorias_answers(victoria: &Victoria, config: &Path) {
    let mut compared = 0;
    for tab in ["scaling", "latency", "cost", "security"] {
        let panels = instant_panels(&json(config, tab));
        assert!(!panels.is_empty(), "{tab} has instant panels");
        let before: Vec<_> = panels.iter().map(|(_, q)| victoria.vector(q)).collect();
        let view = json(config, tab);
        let after: Vec<_> = panels.iter().map(|(_, q)| victoria.vector(q)).collect();
        for (index, (id, query)) in panels.iter().enumerate() {
            let panel = view["panels"]
                .as_array()
                .and_then(|all| all.iter().find(|p| p["id"] == id.as_str()))
                .expect("the same panels");
            assert_eq!(panel["status"]["error"], Value::Null, "{id}: {panel}");
            let series = panel["series"]
                .as_u64()
                .and_then(|n| usize::try_from(n).ok());
            assert!(series > Some(0), "{id} has data: {query}");
            assert!(
                series == Some(before[index].len()) || series == Some(after[index].len()),
                "{id}: {series:?} series, VictoriaMetrics {} then {}",
                before[index].len(),
                after[index].len()
            );
            for shown in panel["values"].as_array().expect("values") {
                let (labels, value) = (
                    shown["labels"].as_str().expect("labels"),
                    number(&shown["value"], id),
                );
                let same = |answer: &Vec<(String, f64)>| {
                    answer.iter().any(|(name, v)| {
                        name == labels && (v - value).abs() <= 1e-12 * v.abs().max(1.0)
                    })
                };
                assert!(
                    same(&before[index]) || same(&after[index]),
                    "{id} {labels} = {value}, VictoriaMetrics answered {:?} then {:?}",
                    before[index],
                    after[index]
                );
                compared += 1;
            }
        }
    }
    println!("{compared} panel values are VictoriaMetrics' own answers");
}

/// Each service's p99, requests/s and error ratio on the latency tab are its panels' values.
fn latency_figures_are_the_panels(config: &Path) {
    let latency = json(config, "latency");
    let panel = |id: &str, name: &str| {
        let panel = latency["panels"]
            .as_array()
            .and_then(|all| all.iter().find(|p| p["id"] == id));
        let labels = format!("{{service=\"{name}\"}}");
        let values = panel
            .and_then(|p| p["values"].as_array())
            .expect("the panel");
        let value = values.iter().find(|v| v["labels"] == labels.as_str());
        number(&value.expect("the service's value")["value"], id)
    };
    let services = latency["data"]["services"].as_array().expect("services");
    assert_eq!(services.len(), 8, "every service");
    for service in services {
        let name = service["name"].as_str().expect("a name");
        for (figure, id, scale) in [
            ("p99_ms", "latency-p99", 1000.0),
            ("requests_per_second", "latency-rps", 1.0),
            ("error_ratio", "latency-errors", 1.0),
        ] {
            let shown = number(&service[figure], figure);
            let expected = panel(id, name) * scale;
            assert!(
                (shown - expected).abs() <= 1e-9 * expected.abs(),
                "{name} {figure}: {shown} vs {expected}"
            );
        }
    }
}

/// No scrape targets (the data was imported) and no rules (single-node VictoriaMetrics has no
/// rule engine; its `/api/v1/rules` and `/api/v1/alerts` answer empty lists): unknown, not pass.
fn monitoring_is_unknown_not_healthy(config: &Path) {
    let readiness = json(config, "readiness");
    let checks = readiness["data"]["checks"].as_array().expect("checks");
    for id in ["ops-targets", "ops-rules", "ops-critical-alerts"] {
        let check = checks.iter().find(|c| c["id"] == id).expect("the check");
        assert_eq!(check["state"], "unknown", "{check}");
    }
    // Wide enough for every tab title and the whole status: narrower, the header drops the
    // muted "none" parts before the clock.
    let output = stack::opsconsole()
        .arg("--config")
        .arg(config)
        .args([
            "--env", "lab", "snapshot", "--tab", "latency", "--width", "160",
        ])
        .output()
        .expect("run opsconsole snapshot");
    let screen = String::from_utf8_lossy(&output.stdout);
    let header = screen.lines().next().expect("a header");
    assert!(
        header.contains("targets none") && header.contains("rules none"),
        "{header}"
    );
}

/// 2026-W44 from the history at its own times (and the Sunday of W43 before it): the report's
/// figures are VictoriaMetrics' answers to the criteria's queries. `check` runs over the last 7
/// days of the moved copy.
fn weekly_checkpoint(victoria: &Victoria) {
    let config = lab_config(&victoria.dir, &victoria.url, None, CRITERIA);
    let report = weekly(&config, &["--week", "2026-W44"]);
    assert!(!report.partial);
    assert_eq!(report.summary.met, 3, "{:?}", report.criteria);
    for criterion in criteria(CRITERIA) {
        let shown = report
            .criteria
            .iter()
            .find(|c| c.name == criterion.name)
            .expect("the criterion");
        let week = Duration::days(7);
        for (label, from, figure) in [
            ("this week", report.from, shown.this_week),
            ("last week", report.from - week, shown.last_week),
        ] {
            let figure = figure.unwrap_or_else(|| panic!("{} {label}: no figure", criterion.name));
            let direct = victoria.figure(&criterion, from, from + week);
            println!(
                "{} {label}: report {figure:.5}, VictoriaMetrics {direct:.5}",
                criterion.name
            );
            assert!(
                (figure - direct).abs() <= 1e-9 * direct.abs(),
                "{} {label}: report {figure}, VictoriaMetrics {direct}",
                criterion.name
            );
        }
    }
    let passing = run(&config, &["check"]);
    let stdout = String::from_utf8_lossy(&passing.stdout);
    assert_eq!(passing.status.code(), Some(0), "{stdout}");
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("MET")).count(),
        3,
        "{stdout}"
    );

    let config = lab_config(
        &victoria.dir,
        &victoria.url,
        None,
        &format!("{CRITERIA}{MISSING}"),
    );
    let failing = run(&config, &["check"]);
    let stdout = String::from_utf8_lossy(&failing.stdout);
    assert_eq!(failing.status.code(), Some(1), "{stdout}");
    let line = stdout
        .lines()
        .find(|l| l.contains("Queue depth"))
        .expect("a line for it");
    assert!(
        line.starts_with("UNKNOWN"),
        "missing data is unknown, not 0: {line}"
    );
}

#[test]
fn console_reads_victoria_metrics() {
    let victoria = Victoria::start();
    let end = history_end();
    // The simulator's side takes seconds of CPU: replayed while the engine loads.
    let truth = std::thread::spawn(last_state);
    let file = history(&victoria.dir, SEED, end, DAYS);
    let now = Utc::now()
        .duration_trunc(Duration::minutes(1))
        .expect("minute");
    let shift = now - end;
    victoria.import(&file, &[Duration::zero(), shift]);
    std::fs::remove_file(&file).ok();
    let last = end - Duration::minutes(1);
    victoria.wait_searchable(PROBE, last);
    victoria.wait_searchable(PROBE, last + shift);

    let config = lab_config(&victoria.dir, &victoria.url, None, "interval = \"1s\"\n");
    panels_are_victorias_answers(&victoria, &config);
    latency_figures_are_the_panels(&config);
    let (scaling, cost, security) = (
        json(&config, "scaling"),
        json(&config, "cost"),
        json(&config, "security"),
    );
    gauges_agree(
        &truth.join().expect("the replay"),
        &scaling,
        &cost,
        &security,
    );
    a_week_of_range_data(&config);
    monitoring_is_unknown_not_healthy(&config);
    weekly_checkpoint(&victoria);
}
