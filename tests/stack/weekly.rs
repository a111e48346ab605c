//! The weekly checkpoint headless against a live engine: success criteria that name both a
//! PromQL query and a simulator figure, one whose series nobody exports, and `report` and
//! `check` run as a user would.

use std::path::Path;

use opsconsole::domain::checkpoint::{Criterion, WeeklyReport};

use super::opsconsole;

/// Three criteria, each with its PromQL (for the engine) and its figure (for the simulator's
/// record), all met by the simulated fleet.
pub const CRITERIA: &str = r#"
[checkpoint]
builtin-criteria = false

[[checkpoint.criteria]]
name = "Mean throughput"
query = 'sum(rate(http_requests_total{service="api"}[5m]))'
figure = "service.api.rps"
aggregation = "average"
comparator = ">"
target = 100
unit = "req/s"
blocking = true

[[checkpoint.criteria]]
name = "P99 latency"
query = 'histogram_quantile(0.99, sum by (le) (increase(http_request_duration_seconds_bucket{service="api"}[$__range])))'
figure = "service.api.latency_seconds"
aggregation = "histogram-quantile(0.99)"
scale = 1000
comparator = "<"
target = 5000
unit = "ms"
blocking = true

[[checkpoint.criteria]]
name = "Error rate"
query = 'sum(increase(http_requests_total{service="api",code=~"5.."}[$__range]))'
denominator = 'sum(increase(http_requests_total{service="api"}[$__range]))'
figure = "service.api.error_rps"
denominator-figure = "service.api.rps"
aggregation = "ratio"
scale = 100
comparator = "<"
target = 5
unit = "%"
blocking = true
"#;

pub const MISSING: &str = r#"
[[checkpoint.criteria]]
name = "Queue depth"
query = 'max(queue_depth_that_nobody_exports)'
aggregation = "maximum"
comparator = "<"
target = 100
blocking = true
"#;

pub fn run(config: &Path, args: &[&str]) -> std::process::Output {
    opsconsole()
        .arg("--config")
        .arg(config)
        .args(["--env", "lab"])
        .args(args)
        .output()
        .expect("run opsconsole")
}

pub fn weekly(config: &Path, extra: &[&str]) -> WeeklyReport {
    let mut args = vec!["report", "--format", "json"];
    args.extend_from_slice(extra);
    let output = run(config, &args);
    assert!(
        output.status.success(),
        "report failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the JSON report parses as a WeeklyReport")
}

/// The criteria of a `[checkpoint]` table such as [`CRITERIA`].
pub fn criteria(config_text: &str) -> Vec<Criterion> {
    #[derive(serde::Deserialize)]
    struct File {
        checkpoint: Section,
    }
    #[derive(serde::Deserialize)]
    struct Section {
        criteria: Vec<Criterion>,
        #[allow(dead_code)]
        #[serde(rename = "builtin-criteria")]
        builtin: bool,
    }
    toml::from_str::<File>(config_text)
        .expect("test criteria parse")
        .checkpoint
        .criteria
}
