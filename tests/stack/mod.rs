//! A real monitoring stack for the tests: Debian's `prometheus` and `prometheus-alertmanager`
//! on 127.0.0.1 with free ports, optionally backfilled from `opsconsole simulate history`,
//! scraping `opsconsole simulate serve` (and VictoriaMetrics, loaded with the same history, in
//! `victoria`). Everything is stopped by PID when the stack is dropped
//! (also when a test panics). Missing binaries fail the test loudly: install them with
//! `scripts/install-test-deps.sh`.
#![allow(dead_code)]

pub mod azure;
pub mod echo_proxy;
pub mod fault_proxy;
pub mod figures;
pub mod http;
pub mod moto;
mod process;
pub mod pty;
pub mod tls;
pub mod victoria;
pub mod weekly;

use process::{READY_TIMEOUT, first_line, spawn_logged, wait_ready};
pub use process::{free_port, opsconsole, prometheus, require, scratch_dir};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, DurationRound, Utc};

pub const PROMETHEUS: &str = "/usr/bin/prometheus";
pub const ALERTMANAGER: &str = "/usr/bin/prometheus-alertmanager";
pub const PROMTOOL: &str = "/usr/bin/promtool";

/// Every tab `opsconsole snapshot --tab` takes.
pub const SNAPSHOT_TABS: [&str; 6] = [
    "scaling",
    "latency",
    "cost",
    "security",
    "readiness",
    "alerts",
];

pub struct Options {
    pub seed: u64,
    /// Days of backfilled history; 0 for none.
    pub history_days: u32,
    /// Alert rules (the `groups:` document) for Prometheus.
    pub rules: Option<String>,
    pub alertmanager: bool,
    /// How long after the live fleet starts the scripted surge begins.
    pub surge_in: Duration,
    /// (demo name, name in this stack): services renamed in the history and the scrape, for a
    /// Prometheus whose services are not called like the demo's.
    pub renames: Vec<(&'static str, &'static str)>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            seed: 42,
            history_days: 0,
            rules: None,
            alertmanager: false,
            surge_in: Duration::from_secs(3600),
            renames: Vec::new(),
        }
    }
}

pub struct Stack {
    pub dir: PathBuf,
    /// The fleet's start: the minute the history ends after and the live fleet begins at.
    pub start: DateTime<Utc>,
    pub seed: u64,
    /// The surge's start after `start`, as given to the fleet.
    pub surge_after: chrono::Duration,
    pub prometheus_url: String,
    pub alertmanager_url: Option<String>,
    pub simulator_url: String,
    prometheus_port: u16,
    prometheus: Option<Child>,
    others: Vec<Child>,
}

impl Stack {
    pub fn start(options: Options) -> Self {
        require(PROMETHEUS);
        require(PROMTOOL);
        let dir = scratch_dir("stack");
        let start = Utc::now()
            .duration_trunc(chrono::Duration::minutes(1))
            .expect("minute");
        let start_text = start.to_rfc3339();
        let data = dir.join("data");
        if options.history_days > 0 {
            let history = history(&dir, options.seed, start, options.history_days);
            if !options.renames.is_empty() {
                let mut text = fs::read_to_string(&history).expect("history");
                for (from, to) in &options.renames {
                    text =
                        text.replace(&format!("service=\"{from}\""), &format!("service=\"{to}\""));
                }
                fs::write(&history, text).expect("renamed history");
            }
            let output = Command::new(PROMTOOL)
                .args([
                    "tsdb",
                    "create-blocks-from",
                    "openmetrics",
                    "--max-block-duration=24h",
                ])
                .arg(&history)
                .arg(&data)
                .output()
                .expect("run promtool");
            assert!(
                output.status.success(),
                "backfill failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            fs::remove_file(&history).ok();
        }
        let mut others = Vec::new();
        // The surge is timed from now, whatever the history took.
        let surge_after = chrono::Duration::seconds(
            ((Utc::now() - start)
                + chrono::Duration::from_std(options.surge_in).expect("surge delay"))
            .num_seconds(),
        );
        let mut serve = opsconsole()
            .args([
                "simulate",
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--seed",
                &options.seed.to_string(),
            ])
            .args(["--start", &start_text])
            .args(["--surge-after", &format!("{}s", surge_after.num_seconds())])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start simulate serve");
        let simulator_url = first_line(&mut serve)
            .strip_prefix("listening on ")
            .expect("serve prints its address")
            .trim()
            .to_string();
        others.push(serve);
        let alertmanager_url = options.alertmanager.then(|| {
            require(ALERTMANAGER);
            let port = free_port();
            fs::write(dir.join("am.yml"), "route:\n  receiver: blackhole\n  group_wait: 1s\n  group_interval: 1s\n  repeat_interval: 1h\nreceivers:\n  - name: blackhole\n").expect("am config");
            let child = spawn_logged(&dir, "alertmanager", Command::new(ALERTMANAGER)
                .arg(format!("--config.file={}", dir.join("am.yml").display()))
                .arg(format!("--storage.path={}", dir.join("am-data").display()))
                .arg(format!("--web.listen-address=127.0.0.1:{port}"))
                .arg("--cluster.listen-address="));
            others.push(child);
            let url = format!("http://127.0.0.1:{port}");
            wait_ready(&url, "/-/ready", &dir, "alertmanager");
            url
        });
        let target = simulator_url.trim_start_matches("http://").to_string();
        let mut config = format!(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: sim\n    static_configs:\n      - targets: ['{target}']\n    honor_labels: true\n    metric_relabel_configs:\n      - action: labeldrop\n        regex: job\n      - source_labels: [instance]\n        regex: '127\\.0\\.0\\.1:[0-9]+'\n        target_label: instance\n        replacement: ''\n"
        );
        for (from, to) in &options.renames {
            config.push_str(&format!(
                "      - source_labels: [service]\n        regex: '{from}'\n        target_label: service\n        replacement: '{to}'\n"
            ));
        }
        if let Some(rules) = &options.rules {
            fs::write(dir.join("rules.yml"), rules).expect("rules");
            config.push_str("rule_files: ['rules.yml']\n");
        }
        if let Some(am) = &alertmanager_url {
            let am = am.trim_start_matches("http://");
            config.push_str(&format!(
                "alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['{am}']\n"
            ));
        }
        fs::write(dir.join("prometheus.yml"), config).expect("prometheus config");
        let prometheus_port = free_port();
        let mut stack = Self {
            prometheus_url: format!("http://127.0.0.1:{prometheus_port}"),
            dir,
            start,
            seed: options.seed,
            surge_after,
            alertmanager_url,
            simulator_url,
            prometheus_port,
            prometheus: None,
            others,
        };
        stack.start_prometheus();
        stack.wait_for_scrape();
        stack
    }

    pub fn start_prometheus(&mut self) {
        let dir = &self.dir;
        let child = spawn_logged(
            dir,
            "prometheus",
            prometheus(dir, self.prometheus_port)
                .arg("--storage.tsdb.retention.time=30d")
                .arg("--rules.alert.resend-delay=1s"),
        );
        self.prometheus = Some(child);
        wait_ready(&self.prometheus_url, "/-/ready", dir, "prometheus");
    }

    /// Kills Prometheus by PID (SIGKILL: a crash, not a shutdown) and waits for it to go.
    pub fn kill_prometheus(&mut self) {
        if let Some(mut child) = self.prometheus.take() {
            child.kill().ok();
            child.wait().ok();
        }
    }

    /// Until Prometheus has scraped the live fleet once (its first scrape takes ~6 s).
    pub fn wait_for_scrape(&self) {
        let deadline = Instant::now() + READY_TIMEOUT;
        while Instant::now() < deadline {
            let body = http::get(
                &self.prometheus_url,
                "/api/v1/query?query=up%7Bjob%3D%22sim%22%7D",
            )
            .1;
            if body.contains("\"value\":[") && body.contains(",\"1\"]") {
                return;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        panic!(
            "Prometheus never scraped the simulator; log:\n{}",
            self.log("prometheus")
        );
    }

    pub fn log(&self, name: &str) -> String {
        let text = fs::read_to_string(self.dir.join(format!("{name}.log"))).unwrap_or_default();
        text.lines()
            .rev()
            .take(30)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// A config file with this stack as environment `lab` (plus `extra` TOML lines in it).
    pub fn config(&self, interval: &str, extra: &str) -> PathBuf {
        lab_config(
            &self.dir,
            &self.prometheus_url,
            self.alertmanager_url.as_deref(),
            &format!("interval = \"{interval}\"\n{extra}"),
        )
    }
}

/// `opsconsole simulate history` of `days` ending a minute before `start`, as `history.om` in
/// `dir`: the OpenMetrics text both engines are loaded from.
pub fn history(dir: &Path, seed: u64, start: DateTime<Utc>, days: u32) -> PathBuf {
    let path = dir.join("history.om");
    let status = opsconsole()
        .args(["simulate", "history", "--seed", &seed.to_string()])
        .args(["--start", &start.to_rfc3339(), "--days", &days.to_string()])
        .arg("-o")
        .arg(&path)
        .status()
        .expect("run simulate history");
    assert!(status.success(), "simulate history failed");
    path
}

/// `config.toml` in `dir` with the engine at `url` (and an Alertmanager) as environment `lab`,
/// plus `extra` TOML lines in its table and after it.
pub fn lab_config(dir: &Path, url: &str, alertmanager: Option<&str>, extra: &str) -> PathBuf {
    let mut text = format!(
        "[environments.lab]\nprometheus = \"{url}\"\ntier = \"staging\"\ntimeout = \"3s\"\n"
    );
    if let Some(am) = alertmanager {
        text.push_str(&format!("alertmanager = \"{am}\"\n"));
    }
    text.push_str(extra);
    let path = dir.join("config.toml");
    fs::write(&path, text).expect("config");
    path
}

impl Drop for Stack {
    fn drop(&mut self) {
        self.kill_prometheus();
        for child in &mut self.others {
            // SIGTERM first so `simulate serve` exits cleanly; then make sure.
            Command::new("kill")
                .arg("-TERM")
                .arg(child.id().to_string())
                .status()
                .ok();
        }
        for child in &mut self.others {
            let deadline = Instant::now() + Duration::from_secs(3);
            while Instant::now() < deadline && matches!(child.try_wait(), Ok(None)) {
                std::thread::sleep(Duration::from_millis(20));
            }
            child.kill().ok();
            child.wait().ok();
        }
        fs::remove_dir_all(&self.dir).ok();
    }
}
