//! Faults against the real stack: a proxy in front of Debian's Prometheus breaks on demand
//! (HTTP 500, garbage, a truncated body, an oversized body, a stall past the timeout), and
//! Prometheus itself is killed and restarted. Panels must fail or go stale with the reason,
//! keep the last good value, recover within an interval, and never hold up a key press.

mod stack;

use std::process::Command;
use std::time::{Duration, Instant};

use opsconsole::app::{DataStore, Freshness};
use opsconsole::config::{self, SourceConfig};
use opsconsole::domain::{FleetSnapshot, SourceId, SourceUpdate};
use opsconsole::sources;
use stack::fault_proxy::{Fault, FaultProxy};
use stack::{Options, Stack};
use tokio::sync::mpsc;

const INTERVAL: Duration = Duration::from_secs(1);

/// The `lab` environment of a config pointing at `url`, parsed by the real config loader.
fn settings(
    stack: &Stack,
    url: &str,
) -> opsconsole::sources::prometheus::settings::PrometheusSettings {
    let path = stack.config("1s", "");
    let text = std::fs::read_to_string(&path)
        .expect("config")
        .replace(&stack.prometheus_url, url)
        + "max-response = \"256KiB\"\ntimeout = \"1s\"\n";
    let text = text.replace("timeout = \"3s\"\n", "");
    std::fs::write(&path, text).expect("config");
    let args = opsconsole::cli::ConsoleArgs {
        config: Some(path),
        env: Some("lab".into()),
        ..Default::default()
    };
    let loaded = config::load(&args).expect("config loads");
    let environment = loaded
        .settings
        .environments
        .iter()
        .find(|e| e.name == "lab")
        .expect("lab");
    match &environment.source {
        SourceConfig::Prometheus(settings) => (**settings).clone(),
        SourceConfig::Demo => panic!("lab is a Prometheus environment"),
    }
}

/// A running poller and what the console's store makes of its updates.
struct Watch {
    updates: mpsc::Receiver<SourceUpdate>,
    store: DataStore,
}

impl Watch {
    fn panels(&self) -> Vec<String> {
        let Some(snapshot) = self.store.snapshot() else {
            return vec!["no snapshot".into()];
        };
        let mut lines: Vec<String> = snapshot
            .panels
            .iter()
            .filter(|p| p.id.starts_with("latency-"))
            .map(|p| format!("{}: {:?}", p.id, p.status))
            .collect();
        lines.push(format!(
            "source: {:?}",
            self.store
                .freshness(SourceId::Prometheus, std::time::Instant::now())
        ));
        lines
    }

    /// Feeds updates into the store until `done` holds, or fails after `limit`.
    async fn until(
        &mut self,
        what: &str,
        limit: Duration,
        done: impl Fn(&DataStore) -> bool,
    ) -> Duration {
        let started = Instant::now();
        loop {
            if done(&self.store) {
                return started.elapsed();
            }
            let left = limit.checked_sub(started.elapsed()).unwrap_or_else(|| {
                panic!(
                    "timed out after {limit:?} waiting for {what}; panels: {:#?}",
                    self.panels()
                )
            });
            if let Ok(Some(update)) =
                tokio::time::timeout(left.min(Duration::from_millis(200)), self.updates.recv())
                    .await
            {
                self.store.apply(update, std::time::Instant::now());
            }
        }
    }
}

fn latency_panels_failing_with(store: &DataStore, text: &str) -> bool {
    store.snapshot().is_some_and(|s| {
        s.panels
            .iter()
            .filter(|p| ["latency-p90", "latency-p95", "latency-p99"].contains(&p.id.as_str()))
            .all(|p| p.status.error.as_deref().is_some_and(|e| e.contains(text)))
    })
}

fn has_api_p99(snapshot: Option<&FleetSnapshot>) -> bool {
    snapshot.and_then(|s| s.latency.as_ref()).is_some_and(|l| {
        l.services
            .iter()
            .any(|s| s.name == "api" && s.p99_ms.is_some())
    })
}

fn all_fresh(store: &DataStore) -> bool {
    matches!(
        store.panel_freshness(chrono::Utc::now(), |p| p.id.starts_with("latency-")),
        Some(Freshness::Fresh { .. })
    ) && matches!(
        store.freshness(SourceId::Prometheus, std::time::Instant::now()),
        Freshness::Fresh { .. }
    )
}

async fn faults_then_recovery(stack: &Stack, proxy: &FaultProxy) {
    let (tx, updates) = mpsc::channel(16);
    let source = sources::start_prometheus(&settings(stack, &proxy.url), tx, unfocused())
        .expect("poller starts");
    let mut store = DataStore::default();
    store.register(SourceId::Prometheus, INTERVAL);
    let mut watch = Watch { updates, store };
    watch
        .until(
            "real data through the proxy",
            Duration::from_secs(20),
            |s| has_api_p99(s.snapshot()) && all_fresh(s),
        )
        .await;
    for (fault, expected) in [
        (Fault::Status500, "HTTP 500"),
        (Fault::Garbage, "malformed"),
        (Fault::Truncated, "cut short"),
        (Fault::Oversized, "limit"),
        (Fault::Stall, "timed out"),
    ] {
        proxy.set(fault);
        watch
            .until(
                &format!("{fault:?} to fail the latency panels"),
                Duration::from_secs(15),
                |s| latency_panels_failing_with(s, expected),
            )
            .await;
        assert!(
            has_api_p99(watch.store.snapshot()),
            "{fault:?}: the last good values stay on screen"
        );
        proxy.set(Fault::Pass);
        let took = watch
            .until(
                &format!("recovery after {fault:?}"),
                Duration::from_secs(20),
                all_fresh,
            )
            .await;
        println!("recovered from {fault:?} in {took:?}");
    }
    source.stop();
}

async fn outage_then_recovery(stack: &mut Stack) {
    let (tx, updates) = mpsc::channel(16);
    let source = sources::start_prometheus(
        &settings(stack, &stack.prometheus_url.clone()),
        tx,
        unfocused(),
    )
    .expect("poller starts");
    let mut store = DataStore::default();
    store.register(SourceId::Prometheus, INTERVAL);
    let mut watch = Watch { updates, store };
    watch
        .until("first data", Duration::from_secs(20), |s| {
            has_api_p99(s.snapshot()) && all_fresh(s)
        })
        .await;
    stack.kill_prometheus();
    watch
        .until("the source to fail", Duration::from_secs(10), |s| {
            matches!(
                s.freshness(SourceId::Prometheus, std::time::Instant::now()),
                Freshness::Failed { .. }
            )
        })
        .await;
    watch
        .until("the panels to go stale", Duration::from_secs(10), |s| {
            matches!(
                s.panel_freshness(chrono::Utc::now(), |p| p.id == "latency-p99"),
                Some(Freshness::Stale { .. })
            )
        })
        .await;
    assert!(
        has_api_p99(watch.store.snapshot()),
        "the last good values stay while Prometheus is down"
    );
    stack.start_prometheus();
    let ready = Instant::now();
    watch
        .until("recovery after the restart", Duration::from_secs(10), |s| {
            matches!(
                s.freshness(SourceId::Prometheus, std::time::Instant::now()),
                Freshness::Fresh { .. }
            )
        })
        .await;
    let took = ready.elapsed();
    println!("recovered {took:?} after the restarted Prometheus was ready");
    assert!(
        took <= INTERVAL + Duration::from_millis(700),
        "recovered {took:?} after Prometheus was ready; interval {INTERVAL:?}"
    );
    source.stop();
}

/// The real console in a pseudo-terminal: data arrives, then Prometheus stalls past the
/// timeout, and the tab keys must still redraw at once.
fn keys_during_a_stall(stack: &Stack, proxy: &FaultProxy) {
    proxy.set(Fault::Pass);
    let config = stack.config("1s", "");
    let text = std::fs::read_to_string(&config)
        .expect("config")
        .replace(&stack.prometheus_url, &proxy.url);
    std::fs::write(&config, text).expect("config");
    let harness = Command::new("python3")
        .args([
            "tests/pty_session.py",
            env!("CARGO_BIN_EXE_opsconsole"),
            "quit-key",
        ])
        .env(
            "OPSCONSOLE_PTY_ARGS",
            format!("--config {} --env lab", config.display()),
        )
        .env("OPSCONSOLE_PTY_READY", "Auto scaling groups")
        .env("OPSCONSOLE_PTY_SETTLE", "8")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs the pseudo-terminal harness");
    // The console has its data well before this; from here on every request stalls for 10 s.
    std::thread::sleep(Duration::from_secs(4));
    proxy.set(Fault::Stall);
    let output = harness.wait_with_output().expect("harness finishes");
    proxy.set(Fault::Pass);
    assert!(
        output.status.success(),
        "harness: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = String::from_utf8_lossy(&output.stdout);
    let slowest: f64 = report
        .lines()
        .find_map(|l| l.strip_prefix("slowest_key_ms "))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no key timing in {report}"));
    println!("slowest key while Prometheus stalled: {slowest} ms");
    assert!(
        slowest < 300.0,
        "a key took {slowest} ms while Prometheus stalled: {report}"
    );
    assert!(report.contains("exit_status 0"), "clean exit: {report}");
}

#[test]
fn faults_outages_and_keys() {
    let mut stack = Stack::start(Options::default());
    let proxy = FaultProxy::start(&stack.prometheus_url);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(faults_then_recovery(&stack, &proxy));
    keys_during_a_stall(&stack, &proxy);
    runtime.block_on(outage_then_recovery(&mut stack));
}

/// No detail view open: the poller fetches only the tabs' panels.
fn unfocused() -> opsconsole::sources::Focus {
    tokio::sync::watch::channel(None).1
}
