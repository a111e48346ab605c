//! Debian's single-node VictoriaMetrics on 127.0.0.1 with a free port and its data in a scratch
//! directory, loaded with `simulate history` through its import API, asked directly with
//! PromQL (as the console's panels and weekly report ask), and stopped by PID when dropped. It binds nothing else: the Graphite, InfluxDB and
//! OpenTSDB listeners are off unless given an address, and no scrape config is passed.

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use opsconsole::checkpoint::CheckpointSettings;
use opsconsole::domain::checkpoint::Criterion;
use opsconsole::domain::checkpoint::fold::fold;
use serde_json::Value;

use super::http;
use super::process::{READY_TIMEOUT, free_port, require, scratch_dir, spawn_logged, wait_ready};

pub const VICTORIA_METRICS: &str = "/usr/bin/victoria-metrics";

/// Bytes of exposition text per import request.
const BATCH: usize = 8 << 20;

pub struct Victoria {
    pub url: String,
    /// Its data, its log and whatever the test writes beside them; removed when dropped.
    pub dir: PathBuf,
    child: Child,
}

impl Victoria {
    pub fn start() -> Self {
        require(VICTORIA_METRICS);
        let dir = scratch_dir("victoria");
        let port = free_port();
        let child = spawn_logged(
            &dir,
            "victoria-metrics",
            Command::new(VICTORIA_METRICS)
                .arg(format!("-httpListenAddr=127.0.0.1:{port}"))
                .arg(format!(
                    "-storageDataPath={}",
                    dir.join("victoria-data").display()
                ))
                // Samples older than the retention are dropped on import: some are from a fixed
                // week that only grows older.
                .arg("-retentionPeriod=100y")
                // Its answer cache is for live ingestion; backfilled samples would be missing
                // from ranges it had cached (its documentation says so for backfilling).
                .arg("-search.disableCache"),
        );
        let url = format!("http://127.0.0.1:{port}");
        wait_ready(&url, "/health", &dir, "victoria-metrics");
        Self { url, dir, child }
    }

    /// Loads OpenMetrics with timestamps in whole seconds (as `simulate history` writes them)
    /// through `/api/v1/import/prometheus`, which takes milliseconds: each sample once per shift,
    /// its time moved by that shift.
    pub fn import(&self, history: &Path, shifts: &[chrono::Duration]) {
        let file = File::open(history).expect("the history file");
        let mut batch = String::with_capacity(BATCH + 4096);
        for line in BufReader::new(file).lines() {
            let line = line.expect("read the history");
            if line.starts_with('#') {
                continue;
            }
            let (sample, seconds) = line.rsplit_once(' ').expect("a timestamped sample");
            let seconds: i64 = seconds.parse().expect("whole seconds");
            for shift in shifts {
                let millis = (seconds + shift.num_seconds()) * 1000;
                writeln!(batch, "{sample} {millis}").expect("write to a string");
            }
            if batch.len() >= BATCH {
                self.post(&batch);
                batch.clear();
            }
        }
        if !batch.is_empty() {
            self.post(&batch);
        }
    }

    fn post(&self, batch: &str) {
        let (status, body) = http::post(&self.url, "/api/v1/import/prometheus", batch);
        assert_eq!(status, 204, "import refused: {body}");
    }

    /// Until the sample of `series` at `at` can be read: imported rows sit in memory for a
    /// second or so before a search sees them, unless flushed.
    pub fn wait_searchable(&self, series: &str, at: DateTime<Utc>) {
        let deadline = Instant::now() + READY_TIMEOUT;
        while Instant::now() < deadline {
            assert_eq!(http::get(&self.url, "/internal/force_flush").0, 200);
            let answer = self.query(&format!("timestamp({series})"), Some(at));
            if answer["data"]["result"][0]["value"][1] == at.timestamp().to_string().as_str() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the sample of {series} at {at} never became searchable");
    }

    /// The points of the one series `/api/v1/query_range` answers for `promql`.
    pub fn range(
        &self,
        promql: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        step: chrono::Duration,
    ) -> Vec<f64> {
        let path = format!(
            "/api/v1/query_range?query={}&start={}&end={}&step={}",
            http::encode(promql),
            from.timestamp(),
            to.timestamp(),
            step.num_seconds()
        );
        let (status, body) = http::get(&self.url, &path);
        assert_eq!(status, 200, "{promql}: {body}");
        let answer: Value = serde_json::from_str(&body).expect("a JSON answer");
        let [series] = answer["data"]["result"]
            .as_array()
            .map_or(&[][..], Vec::as_slice)
        else {
            panic!("{promql}: not one series: {body}");
        };
        series["values"]
            .as_array()
            .expect("points")
            .iter()
            .map(|p| {
                p[1].as_str()
                    .and_then(|v| v.parse().ok())
                    .expect("a number")
            })
            .collect()
    }

    /// `/api/v1/query` answered directly, at `at` or at the server's now.
    pub fn query(&self, promql: &str, at: Option<DateTime<Utc>>) -> Value {
        let mut path = format!("/api/v1/query?query={}", http::encode(promql));
        if let Some(at) = at {
            write!(path, "&time={}", at.timestamp()).expect("write to a string");
        }
        let (status, body) = http::get(&self.url, &path);
        assert_eq!(status, 200, "{promql}: {body}");
        serde_json::from_str(&body).expect("a JSON answer")
    }

    /// The instant vector `promql` answers at the server's now, each series named as the
    /// console's snapshot names it (`name{a="1", b="2"}`) with its value.
    pub fn vector(&self, promql: &str) -> Vec<(String, f64)> {
        let answer = self.query(promql, None);
        let result = answer["data"]["result"].as_array().expect("a vector");
        result
            .iter()
            .map(|s| {
                let labels = s["metric"].as_object().expect("labels");
                let name = labels.get("__name__").and_then(Value::as_str).unwrap_or("");
                let mut pairs: Vec<String> = labels
                    .iter()
                    .filter(|(k, _)| *k != "__name__")
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                pairs.sort();
                let value = s["value"][1].as_str().and_then(|v| v.parse().ok());
                (
                    format!("{name}{{{}}}", pairs.join(", ")),
                    value.expect("a number"),
                )
            })
            .collect()
    }

    /// A criterion's figure for `from`..`to` asked directly, the way the weekly report asks: a
    /// ratio of two instant queries at the end, or a range query at the checkpoint's step folded
    /// (with the console's own fold, which has its unit tests).
    pub fn figure(&self, criterion: &Criterion, from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
        let range = format!("{}s", (to - from).num_seconds());
        let query = |q: &str| q.replace("$__range", &range);
        let instant = |q: &str| {
            let answer = self.query(&query(q), Some(to));
            let value = answer["data"]["result"][0]["value"][1].as_str();
            value
                .and_then(|v| v.parse::<f64>().ok())
                .expect("one number")
        };
        let text = criterion.query.as_deref().expect("a query");
        let value = match (criterion.aggregation.over_period(), &criterion.denominator) {
            (true, Some(denominator)) => instant(text) / instant(denominator),
            (true, None) => instant(text),
            (false, _) => {
                let step = CheckpointSettings::default().step;
                let points = self.range(&query(text), from + step, to, step);
                fold(criterion.aggregation, &points).expect("points in the period")
            }
        };
        value * criterion.scale
    }
}

impl Drop for Victoria {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
        fs::remove_dir_all(&self.dir).ok();
    }
}
