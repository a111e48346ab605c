//! One truth on every surface. For a fixed seed and clock, every figure that appears on more than
//! one surface has the same value and the same verdict everywhere: each tab drawn through the
//! TestBackend (`snapshot --format text`), `snapshot --format json`, the Checkpoint tab, `check`,
//! and `report` as JSON and Markdown. The simulator runs here; `live_prometheus` runs the same
//! comparison against a real, backfilled Prometheus.

mod common;
mod consistency_support;
mod stack;

use std::fs;

use chrono::{TimeZone, Utc};
use consistency_support::{EXACT, Surfaces, assert_agree};
use opsconsole::config::DEFAULT_SEED;
use opsconsole::domain::figure;
use opsconsole::sources::simulator::{Simulator, SimulatorConfig};

/// A Wednesday afternoon: the week has two and a half days of record, and the demo's surge.
const START: &str = "2026-11-18T15:00:00Z";

#[test]
fn every_surface_of_the_demo_tells_one_truth() {
    let dir = stack::scratch_dir("consistency");
    let config = dir.join("config.toml");
    // No seed: every command must take the same default.
    fs::write(&config, format!("[demo]\nstart = \"{START}\"\n")).expect("write config");
    let at = Utc.with_ymd_and_hms(2026, 11, 18, 15, 0, 0).unwrap();
    // The fleet the binary builds from the same config: the default seed at the start.
    let poll = Simulator::new(SimulatorConfig::new(DEFAULT_SEED, at)).snapshot();
    let surfaces = Surfaces::gather(&config, &[], &poll, at);
    assert_eq!(
        surfaces.report["week"], "2026-W47",
        "the report's week is the demo's"
    );
    assert_agree(&surfaces, EXACT);
    // The record joins a longer replay to the console's own fleet inside last week: the join
    // must not lose a week's counts.
    for c in surfaces.report["criteria"].as_array().expect("criteria") {
        assert!(
            c["last_week"].is_number(),
            "{}: last week is known on the demo",
            c["name"]
        );
    }
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn every_catalogued_figure_reads_off_the_demo_and_nothing_else_does() {
    let at = Utc.with_ymd_and_hms(2026, 11, 18, 15, 0, 0).unwrap();
    let snapshot = Simulator::new(SimulatorConfig::new(DEFAULT_SEED, at)).snapshot();
    let ids = figure::ids(&snapshot);
    // An alert's figure has a subject only while one fires; none does at this quiet hour.
    for d in figure::CATALOGUE
        .iter()
        .filter(|d| !d.pattern.starts_with("alert."))
    {
        assert!(
            ids.iter().any(|id| d.matches(id)),
            "{} has a subject on the demo",
            d.pattern
        );
    }
    for id in &ids {
        assert!(figure::read(&snapshot, id).is_ok(), "{id} reads");
    }
    let unknown = figure::read(&snapshot, "service.api.p98_ms").expect_err("no such figure");
    assert!(unknown.contains("service.*.p99_ms"), "{unknown}");
    assert!(figure::read(&snapshot, "nothing.at.all").is_err());
}
