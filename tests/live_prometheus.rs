//! The console against a real stack: Debian's Prometheus backfilled with 8 days of
//! `simulate history` and scraping `simulate serve` live, plus a real Alertmanager. The figures
//! the console gets through PromQL must agree with the simulator's own; a week of range data
//! comes back; an alert rule firing on the scripted surge shows on the latency tab and in the
//! alert list; a silence made in Alertmanager shows the alert as silenced.

mod stack;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
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
    let config = SimulatorConfig::new(stack.seed, stack.start).with_surge_after(stack.surge_after);
    let mut first = None;
    let every = SampleEvery::new(chrono::Duration::minutes(1)).expect("a minute");
    let mut simulator = Simulator::replay(config, every, |s, t| {
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

/// The simulator the stack serves, advanced to now: its own figures are the truth.
fn model(stack: &Stack) -> Simulator {
    let mut simulator = Simulator::new(
        SimulatorConfig::new(stack.seed, stack.start).with_surge_after(stack.surge_after),
    );
    simulator.advance(Utc::now() - stack.start);
    simulator
}

fn figures_agree(stack: &Stack, config: &Path) {
    let asked = Utc::now();
    let latency = json(config, "latency");
    let (p99, errors, rps) = model_window(stack, asked + (Utc::now() - asked) / 2);
    let scaling = json(config, "scaling");
    let cost = json(config, "cost");
    let truth = model(stack).snapshot();
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
    let security = json(config, "security");
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
    a_week_of_range_data(&config);
    alert_fires_then_is_silenced(&stack, &config);
}
