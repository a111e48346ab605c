//! The console against a real stack: Debian's Prometheus backfilled with 8 days of
//! `simulate history` and scraping `simulate serve` live, plus a real Alertmanager. The figures
//! the console gets through PromQL must agree with the simulator's own; a week of range data
//! comes back; an alert rule firing on the scripted surge shows on the latency tab and in the
//! alert list; a silence made in Alertmanager shows the alert as silenced.

mod common;
mod consistency_support;
mod stack;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use consistency_support::{Surfaces, Tolerance, assert_agree};
use opsconsole::domain::FleetSnapshot;
use opsconsole::sources::simulator::{Histogram, SampleEvery, Simulator, SimulatorConfig};
use stack::figures::{a_week_of_range_data, close, gauges_agree, json, number, service, snapshot};
use stack::{Options, Stack, http};

const RULES: &str = r#"groups:
  - name: opsconsole-test
    interval: 1s
    rules:
      - alert: ApiLatencyP99High
        expr: histogram_quantile(0.99, sum by (le, service) (rate(http_request_duration_seconds_bucket{service="api"}[30s]))) > 0.475
        labels:
          severity: critical
        annotations:
          summary: api p99 over 475 ms
"#;

/// The value of the sample named exactly `series` in an exposition.
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(series).filter(|rest| rest.starts_with(' ')))
        .and_then(|rest| rest.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {series} in the exposition"))
}

/// api's p99 (ms), error ratio and requests/s as Prometheus computes them over its 5-minute
/// window, from the model's own counters: the window's first sample is a history minute (or a
/// live scrape), its last is `end`.
fn model_window(stack: &Stack, end: DateTime<Utc>) -> (f64, f64, f64) {
    let window_start = end - chrono::Duration::minutes(5);
    let mut first = None;
    let every = SampleEvery::new(chrono::Duration::minutes(1)).expect("a minute");
    let mut simulator = Simulator::replay(fleet(stack), every, |s, t| {
        if first.is_none() && t >= window_start {
            first = Some((t, String::from_utf8(s.exposition()).expect("utf-8")));
        }
    });
    let (from, before) = first.unwrap_or_else(|| {
        simulator.advance(window_start - simulator.now());
        (
            window_start,
            String::from_utf8(simulator.exposition()).expect("utf-8"),
        )
    });
    simulator.advance(end - simulator.now());
    let after = String::from_utf8(simulator.exposition()).expect("utf-8");
    let delta = |series: &str| sample(&after, series) - sample(&before, series);
    let mut cumulative: Vec<f64> = Histogram::bounds()
        .iter()
        .map(|le| {
            delta(&format!(
                "http_request_duration_seconds_bucket{{service=\"api\",le=\"{le}\"}}"
            ))
        })
        .collect();
    cumulative.push(delta(
        "http_request_duration_seconds_bucket{service=\"api\",le=\"+Inf\"}",
    ));
    let errors = delta("http_requests_total{service=\"api\",code=\"500\"}");
    let all = errors + delta("http_requests_total{service=\"api\",code=\"200\"}");
    #[allow(clippy::cast_precision_loss)]
    let seconds = (end - from).num_milliseconds() as f64 / 1000.0;
    (
        Histogram { cumulative }.quantile(0.99) * 1000.0,
        errors / all,
        all / seconds,
    )
}

/// The fleet the stack serves, as the model sees it.
fn fleet(stack: &Stack) -> SimulatorConfig {
    SimulatorConfig::new(stack.seed, stack.start).with_surge_after(stack.surge_after)
}

/// How long the model's fleet must hold still before and after the moment the console's
/// scaling, cost and security figures are compared with it. The served fleet steps with the
/// scrapes and the model in 10 s steps, so a scale event or a finished launch lands up to a step
/// apart in the two, and the console reads scrapes up to a second old: before. The three
/// snapshots take a few seconds: after.
const QUIET_BEFORE: chrono::Duration = chrono::Duration::seconds(15);
const QUIET_AFTER: chrono::Duration = chrono::Duration::seconds(60);
/// Scale events come at least 3 minutes apart (the policy's cooldown), launches take 75 s: a
/// quiet stretch comes well within this.
const QUIET_SEARCH: chrono::Duration = chrono::Duration::minutes(10);

/// What the compared figures depend on: each group's size with no launch pending (the model
/// bills launching instances, the exporter only those in service), the hourly rate, and the day
/// (the vulnerability counts change at midnight).
fn settled(snapshot: &FleetSnapshot) -> Option<Settled> {
    let groups = &snapshot.scaling.as_ref()?.groups;
    groups
        .iter()
        .all(|g| g.in_service == g.desired)
        .then(|| Settled {
            sizes: groups.iter().map(|g| g.in_service).collect(),
            hourly_rate: snapshot.cost.as_ref().and_then(|c| c.hourly_rate),
            day: snapshot.taken_at.date_naive(),
        })
}

#[derive(PartialEq)]
struct Settled {
    sizes: Vec<u32>,
    hourly_rate: Option<f64>,
    day: NaiveDate,
}

/// The first moment from now at which the model's fleet holds still from `QUIET_BEFORE` to
/// `QUIET_AFTER` around it, and the model's snapshot then; waits until that moment. Whatever the
/// hour (the surge's scale-outs and launches, scale-ins as traffic falls, midnight), no
/// change can fall between the console's reading and the model's.
fn quiet_moment(stack: &Stack) -> (DateTime<Utc>, FleetSnapshot) {
    const EVERY: chrono::Duration = chrono::Duration::seconds(5);
    let now = Utc::now();
    let mut simulator = Simulator::new(fleet(stack));
    simulator.advance((now - QUIET_BEFORE - stack.start).max(chrono::Duration::zero()));
    let mut samples = Vec::new();
    while simulator.now() < now + QUIET_SEARCH + QUIET_AFTER {
        samples.push(simulator.snapshot());
        simulator.advance(EVERY);
    }
    let found = samples.iter().enumerate().find_map(|(i, candidate)| {
        let at = candidate.taken_at;
        let around = samples
            .iter()
            .filter(|s| at - QUIET_BEFORE <= s.taken_at && s.taken_at <= at + QUIET_AFTER);
        let still = settled(candidate)
            .is_some_and(|state| around.clone().all(|s| settled(s).as_ref() == Some(&state)));
        let whole = samples[..i].iter().any(|s| s.taken_at <= at - QUIET_BEFORE)
            && samples
                .last()
                .is_some_and(|s| s.taken_at >= at + QUIET_AFTER);
        (at >= now && still && whole).then(|| (at, candidate.clone()))
    });
    let (at, truth) = found.unwrap_or_else(|| {
        panic!("the model's fleet never holds still for {QUIET_BEFORE} + {QUIET_AFTER} within {QUIET_SEARCH} of {now}")
    });
    if let Ok(wait) = (at - Utc::now()).to_std() {
        println!("waiting {wait:?} for the fleet to hold still (a scale event or launch is near)");
        std::thread::sleep(wait);
    }
    (at, truth)
}

fn figures_agree(stack: &Stack, config: &Path) {
    let asked = Utc::now();
    let latency = json(config, "latency");
    let (p99, errors, rps) = model_window(stack, asked + (Utc::now() - asked) / 2);
    let (at, truth) = quiet_moment(stack);
    let scaling = json(config, "scaling");
    let cost = json(config, "cost");
    let security = json(config, "security");
    assert!(
        Utc::now() <= at + QUIET_AFTER,
        "the snapshots took longer than the quiet stretch they were timed for"
    );
    let api = service(&latency, "api");
    close(
        number(&api["p99_ms"], "p99"),
        p99,
        0.03,
        "api p99 (ms) over 5 min",
    );
    close(
        number(&api["error_ratio"], "errors"),
        errors,
        0.03,
        "api error ratio over 5 min",
    );
    close(
        number(&api["requests_per_second"], "rps"),
        rps,
        0.05,
        "api requests/s over 5 min",
    );
    // The objective's figures come from the real engine too: 8 backfilled days in a 30 d
    // window, the budget, and a burn rate in every window.
    let history = number(&api["history_days"], "history");
    assert!((7.5..=8.5).contains(&history), "8 d of history: {history}");
    assert!(number(&api["error_budget_remaining"], "budget") <= 1.0);
    for burn in api["burn_rates"].as_array().expect("burn rates") {
        assert!(burn["value"].is_number(), "every window has a burn: {burn}");
    }
    gauges_agree(&truth, &scaling, &cost, &security);
    assert_eq!(
        latency["monitoring"]["targets_up"], 1,
        "the live target is up"
    );
    assert!(number(&latency["monitoring"]["rules_total"], "rules") >= 1.0);
}

fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if done() {
            return;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    panic!("timed out after {limit:?} waiting for {what}");
}

fn alert_state(config: &Path, tab: &str) -> Option<String> {
    let view = json(config, tab);
    view["alerts"]
        .as_array()?
        .iter()
        .find(|a| a["name"] == "ApiLatencyP99High")
        .map(|a| {
            assert_eq!(
                a["topic"], "latency",
                "routed to the latency tab by its name: {a}"
            );
            a["state"].as_str().unwrap_or_default().to_string()
        })
}

fn alert_fires_then_is_silenced(stack: &Stack, config: &Path) {
    let am = stack.alertmanager_url.clone().expect("alertmanager");
    wait_for(
        "the surge to fire ApiLatencyP99High in Alertmanager",
        Duration::from_secs(240),
        || {
            http::get(&am, "/api/v2/alerts")
                .1
                .contains("ApiLatencyP99High")
        },
    );
    assert_eq!(
        alert_state(config, "latency").as_deref(),
        Some("firing"),
        "firing on the latency tab"
    );
    let screen = snapshot(config, "latency", "text");
    assert!(
        screen.contains("ApiLatencyP99High"),
        "the latency tab shows the alert:\n{screen}"
    );
    let list = snapshot(config, "alerts", "text");
    assert!(
        list.contains("FIRING") && list.contains("ApiLatencyP99High"),
        "alert list:\n{list}"
    );

    let now = Utc::now();
    let silence = format!(
        r#"{{"matchers":[{{"name":"alertname","value":"ApiLatencyP99High","isRegex":false,"isEqual":true}}],"startsAt":"{}","endsAt":"{}","createdBy":"opsconsole-test","comment":"maintenance"}}"#,
        now.to_rfc3339(),
        (now + chrono::Duration::hours(1)).to_rfc3339()
    );
    let (status, body) = http::post(&am, "/api/v2/silences", &silence);
    assert_eq!(status, 200, "silence created: {body}");
    wait_for(
        "Alertmanager to suppress the alert",
        Duration::from_secs(30),
        || {
            http::get(&am, "/api/v2/alerts")
                .1
                .contains("\"suppressed\"")
        },
    );
    assert_eq!(alert_state(config, "latency").as_deref(), Some("silenced"));
    let list = snapshot(config, "alerts", "text");
    assert!(
        list.contains("SILENCED"),
        "alert list shows the silence:\n{list}"
    );
}

/// The consistency test of `tests/consistency.rs` on the live engine: one poll drawn on every
/// tab, and every criterion the same in `report` (JSON and Markdown), `check` and the
/// Checkpoint tab, and equal to the live figure where it takes the latest value.
fn every_surface_agrees(config: &Path) {
    let args = opsconsole::cli::ConsoleArgs {
        config: Some(config.to_path_buf()),
        env: Some("lab".into()),
        ..Default::default()
    };
    let loaded = opsconsole::config::load_with(&args, &opsconsole::config::LoadEnv::default())
        .expect("the lab config loads");
    let environment = loaded.settings.selected_environment().expect("lab");
    let opsconsole::config::SourceConfig::Prometheus(settings) = &environment.source else {
        panic!("lab is a Prometheus environment");
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let poll = runtime
        .block_on(opsconsole::sources::poll_prometheus_once(settings))
        .expect("one poll of the lab");
    let surfaces = Surfaces::gather(config, &["--env", "lab"], &poll, Utc::now());
    // Week-to-date figures move a little between the commands as the engine scrapes.
    let tolerance = Tolerance {
        polls: None,
        criteria: 0.02,
    };
    assert_agree(&surfaces, tolerance);
}

#[test]
fn console_reads_a_real_stack() {
    let stack = Stack::start(Options {
        history_days: 8,
        rules: Some(RULES.into()),
        alertmanager: true,
        surge_in: Duration::from_secs(50),
        ..Options::default()
    });
    let config = stack.config("1s", "");
    figures_agree(&stack, &config);
    every_surface_agrees(&config);
    a_week_of_range_data(&config);
    alert_fires_then_is_silenced(&stack, &config);
}
