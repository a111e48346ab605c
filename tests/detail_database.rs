//! A data-tier node's detail on the seeded demo: the tab's figures against the plan's targets,
//! their history ending on those figures, and the plan's decision tree through a surge.

use chrono::{DateTime, Duration, TimeZone, Utc};
use opsconsole::app::detail::{Block, Document, Fact, Inputs, build};
use opsconsole::config::DEFAULT_SEED;
use opsconsole::domain::detail::{Extras, Kind, Subject};
use opsconsole::domain::{DatabaseRole, FleetSnapshot, Health, Unit};
use opsconsole::sources::simulator::{Simulator, SimulatorConfig};

/// A quiet Wednesday afternoon (the consistency test's clock); the demo's surge starts 3
/// minutes later and lasts 20.
fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 18, 15, 0, 0).unwrap()
}

fn opened(simulator: &Simulator, name: &str) -> (FleetSnapshot, serde_json::Value, Document) {
    let mut snapshot = simulator.snapshot();
    let subject = Subject::new(Kind::Database, name);
    snapshot.detail = simulator.detail(&subject);
    let inputs = Inputs {
        snapshot: Some(&snapshot),
        report: None,
    };
    let detail = build(&inputs, &subject).expect("the node is on the tab");
    let json = serde_json::to_value(&detail).expect("json");
    let document = detail.document();
    (snapshot, json, document)
}

fn fact<'a>(document: &'a Document, label: &str) -> &'a Fact {
    document.sections[0]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Facts { facts } => Some(facts),
            _ => None,
        })
        .flatten()
        .find(|f| f.label == label)
        .unwrap_or_else(|| panic!("a fact {label:?}"))
}

fn verdict(document: &Document) -> (String, Option<Health>) {
    document.sections[0]
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Text { text, health } => Some((text.clone(), *health)),
            _ => None,
        })
        .expect("a verdict")
}

/// (answer, outcome) per rule of the decision tree table.
fn decisions(document: &Document) -> Vec<(String, String)> {
    let Block::Table(table) = &document.sections[1].blocks[0] else {
        panic!("a decision table");
    };
    table
        .rows
        .iter()
        .map(|r| (r[3].text.clone(), r[4].text.clone()))
        .collect()
}

#[test]
fn every_node_shows_the_tabs_figures_and_history_that_ends_on_them() {
    let simulator = Simulator::new(SimulatorConfig::new(DEFAULT_SEED, at()));
    let scaling = simulator.snapshot().scaling.expect("scaling");
    assert_eq!(scaling.databases.len(), 3);
    for node in &scaling.databases {
        let (snapshot, json, document) = opened(&simulator, &node.name);
        let tab = &snapshot.scaling.as_ref().expect("scaling").databases;
        let node = tab.iter().find(|n| n.name == node.name).expect("same node");
        assert_eq!(json["node"]["tier"], "database");
        for (field, value) in [
            ("cpu_percent", node.cpu_percent),
            ("queries_per_second", node.queries_per_second),
            ("query_p95_ms", node.query_p95_ms),
            ("query_p99_ms", node.query_p99_ms),
            ("replication_lag_seconds", node.replication_lag_seconds),
        ] {
            assert_eq!(
                json["node"][field].as_f64(),
                value,
                "{}: {field}",
                node.name
            );
        }
        let cpu = fact(&document, "CPU");
        assert_eq!(cpu.value, Unit::Percent.text(node.cpu_percent));
        assert_eq!(cpu.health, Some(node.cpu_health()));
        let qps = fact(&document, "queries per second");
        assert_eq!(qps.value, Unit::PerSecond.text(node.queries_per_second));
        assert_eq!(
            (qps.health, qps.note.as_str()),
            (Some(node.qps_health()), "target < 360/s")
        );
        let p95 = fact(&document, "query time p95");
        assert_eq!(p95.value, Unit::Milliseconds.text(node.query_p95_ms));
        assert_eq!(p95.note, "target < 50 ms");
        let p99 = fact(&document, "query time p99");
        assert_eq!(p99.value, Unit::Milliseconds.text(node.query_p99_ms));
        let pool = fact(&document, "connections");
        let (used, size) = (
            node.connections.expect("used"),
            node.pool_size.expect("pool"),
        );
        assert_eq!(pool.value, format!("{used}/{size}"));
        assert_eq!(pool.health, Some(node.pool_health()));
        // The last minute of history is now: the same figures the tab shows.
        let snapshot_detail = snapshot.detail.as_ref().expect("extras");
        let Extras::Database(extras) = &snapshot_detail.extras else {
            panic!("database extras");
        };
        let last = |s: &Option<opsconsole::domain::Series>| s.as_ref().and_then(|s| s.last());
        assert_eq!(last(&extras.cpu_percent), node.cpu_percent);
        assert_eq!(last(&extras.queries_per_second), node.queries_per_second);
        assert_eq!(last(&extras.query_p99_ms), node.query_p99_ms);
        assert_eq!(last(&extras.connections), node.connections.map(f64::from));
        assert_eq!(
            last(&extras.replication_lag_seconds),
            node.replication_lag_seconds
        );
        assert_eq!(
            extras.cpu_percent.as_ref().map(|s| s.values.len()),
            Some(360),
            "6 h"
        );
        assert!(
            snapshot_detail
                .provenance
                .iter()
                .any(|p| p.figure == format!("database.{}.cpu", node.name)),
            "the figure ids name where the numbers come from"
        );
        // The catalogue's label; a primary's lag is missing, as on the tab, and says why.
        let lag = fact(&document, "replica lag");
        assert_eq!(lag.value, Unit::Seconds.text(node.replication_lag_seconds));
        match node.role {
            DatabaseRole::Replica => assert_eq!(lag.note, "target < 1 s"),
            DatabaseRole::Primary => {
                assert_eq!(lag.value, "—");
                assert_eq!(lag.note, "a primary does not replicate");
            }
        }
    }
}

#[test]
fn quiet_the_tree_says_no_and_through_the_surge_upgrade_and_add_a_replica() {
    let mut simulator = Simulator::new(SimulatorConfig::new(DEFAULT_SEED, at()));
    let (snapshot, _, document) = opened(&simulator, "db-primary");
    let primary = &snapshot.scaling.as_ref().expect("scaling").databases[0];
    assert!(primary.cpu_percent.is_some_and(|c| c < 75.0));
    assert_eq!(
        decisions(&document),
        [
            (
                "no".into(),
                "current size adequate; continue monitoring".into()
            ),
            (
                "no".into(),
                "current replicas adequate; continue monitoring".into()
            ),
        ]
    );
    assert!(
        verdict(&document)
            .0
            .ends_with("The plan's tree: no scaling needed")
    );
    // 21 minutes on, the surge has held the primary at 100 % for over 15 minutes (load 1.86
    // × peak: 30 + 38 × 1.86 > 100), and db-replica-2 trails by 0.2 + 0.3 × 1.86 + 2.5 × 0.2
    // = 1.26 s.
    simulator.advance(Duration::minutes(21));
    let (snapshot, json, document) = opened(&simulator, "db-primary");
    assert_eq!(
        decisions(&document),
        [
            ("yes".into(), "consider db.r5.xlarge (2x resources)".into()),
            ("yes".into(), "add another read replica".into()),
        ]
    );
    let nodes = &snapshot.scaling.as_ref().expect("scaling").databases;
    let worst = nodes
        .iter()
        .filter_map(|n| n.replication_lag_seconds)
        .fold(f64::NAN, f64::max);
    assert!((worst - 1.258).abs() < 0.01, "{worst}");
    assert_eq!(json["decisions"][1]["value"].as_f64(), Some(worst));
    let (text, health) = verdict(&document);
    assert_eq!(health, Some(Health::Critical), "{text}");
    assert_eq!(
        text,
        "db-primary: off target: CPU, connections, queries per second, query time p95, query \
         time p99. The plan's tree: consider db.r5.xlarge (2x resources); add another read replica"
    );
    // Each replica answers with its own lag: the nearer one is within the second.
    let (_, _, near) = opened(&simulator, "db-replica-1");
    assert_eq!(decisions(&near)[1].0, "no");
}

#[test]
fn the_cache_opens_with_its_hit_ratio_and_pool_and_unknown_names_list_the_nodes() {
    let simulator = Simulator::new(SimulatorConfig::new(DEFAULT_SEED, at()));
    let (snapshot, json, document) = opened(&simulator, "cache");
    let cache = snapshot
        .scaling
        .as_ref()
        .and_then(|s| s.cache.as_ref())
        .expect("cache");
    assert_eq!(json["node"]["tier"], "cache");
    let hit = fact(&document, "hit ratio");
    assert_eq!(hit.value, Unit::Ratio.text(cache.hit_ratio));
    assert_eq!(hit.health, Some(cache.hit_health()));
    assert_eq!(
        fact(&document, "connections").value,
        format!("{}/{}", cache.connections_in_use, cache.pool_size)
    );
    assert_eq!(
        json["extras"]["hit_ratio"]["values"]
            .as_array()
            .map(Vec::len),
        Some(360)
    );
    let inputs = Inputs {
        snapshot: Some(&snapshot),
        report: None,
    };
    let missing =
        build(&inputs, &Subject::new(Kind::Database, "db-replica-9")).expect_err("no such node");
    assert_eq!(
        missing.to_string(),
        "no database named \"db-replica-9\"; there are: db-primary, db-replica-1, db-replica-2, cache"
    );
}
