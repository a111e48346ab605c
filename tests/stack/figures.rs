//! The console's figures as `opsconsole snapshot` prints them for environment `lab`, and the
//! comparisons every engine's live test makes: gauges against the simulator's own state, and a
//! week of range data on the latency chart.

use std::path::Path;

use opsconsole::domain::FleetSnapshot;
use serde_json::Value;

use super::opsconsole;

pub fn snapshot(config: &Path, tab: &str, format: &str) -> String {
    let output = opsconsole()
        .arg("--config")
        .arg(config)
        .args(["--env", "lab", "snapshot", "--tab", tab, "--format", format])
        .output()
        .expect("run opsconsole snapshot");
    assert!(
        output.status.success(),
        "snapshot --tab {tab} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

pub fn json(config: &Path, tab: &str) -> Value {
    serde_json::from_str(&snapshot(config, tab, "json")).expect("snapshot JSON parses")
}

pub fn service<'a>(latency: &'a Value, name: &str) -> &'a Value {
    latency["data"]["services"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["name"] == name))
        .unwrap_or_else(|| panic!("no service {name} in {latency}"))
}

pub fn close(console: f64, model: f64, tolerance: f64, what: &str) {
    let error = (console - model).abs() / model.abs().max(f64::EPSILON);
    println!(
        "{what}: console {console:.6} vs simulator {model:.6} ({:.2}% off)",
        error * 100.0
    );
    assert!(
        error <= tolerance,
        "{what}: console {console} vs simulator {model} ({:.1}% off, allowed {:.0}%)",
        error * 100.0,
        tolerance * 100.0
    );
}

pub fn number(value: &Value, what: &str) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("{what} is not a number: {value}"))
}

/// Groups in service and desired, the priced nodes' hourly cost, certificates, vulnerability
/// counts and the compliance score on the scaling, cost and security tabs are the model's.
pub fn gauges_agree(truth: &FleetSnapshot, scaling: &Value, cost: &Value, security: &Value) {
    let groups = scaling["data"]["groups"].as_array().expect("groups");
    for model_group in &truth.scaling.as_ref().expect("model scaling").groups {
        let group = groups
            .iter()
            .find(|g| g["name"] == model_group.name.as_str())
            .expect("group listed");
        assert_eq!(
            group["in_service"], model_group.in_service,
            "{} instances in service",
            model_group.name
        );
        assert_eq!(
            group["desired"], model_group.desired,
            "{} desired",
            model_group.name
        );
    }
    let model_cost = truth.cost.as_ref().expect("model cost");
    let priced_nodes = model_cost.hourly_rate.expect("model rate")
        - opsconsole::sources::simulator::UNPRICED_HOURLY;
    close(
        number(&cost["data"]["hourly_rate"], "hourly rate"),
        priced_nodes,
        0.01,
        "cost per hour",
    );
    let model_security = truth.security.as_ref().expect("model security");
    let mut names: Vec<&str> = security["data"]["certificates"]
        .as_array()
        .expect("certificates")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    let mut model_names: Vec<&str> = model_security
        .certificates
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    names.sort_unstable();
    model_names.sort_unstable();
    assert_eq!(names, model_names, "every certificate, by name");
    let counts = model_security.vulnerabilities.expect("model counts");
    assert_eq!(
        security["data"]["vulnerabilities"]["critical"],
        counts.critical
    );
    assert_eq!(security["data"]["vulnerabilities"]["high"], counts.high);
    close(
        number(&security["data"]["score_percent"], "score"),
        model_security.score_percent.expect("model score"),
        0.002,
        "compliance score",
    );
}

/// api's 7-day p99 chart at 1 h steps is there, nearly every point a number.
pub fn a_week_of_range_data(config: &Path) {
    let latency = json(config, "latency");
    let coarse = &service(&latency, "api")["p99_history"]["coarse"]["values"];
    let values = coarse.as_array().expect("coarse history");
    let finite = values.iter().filter(|v| v.is_f64()).count();
    assert!(
        values.len() >= 7 * 24,
        "a 7-day chart at 1 h steps, got {} points",
        values.len()
    );
    assert!(
        finite >= 7 * 24 - 3,
        "the backfilled week is there: {finite} of {} points",
        values.len()
    );
}
