//! The demo fleet behaves like a platform (seed 42, 2026-11-18 03:00 UTC): each service has its
//! own error ratio, budget and burn rates; the database follows the ALAWAEL plan's figures and
//! decision tree; a saturated group alerts; readiness rows read the live fleet.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, TimeZone, Utc};
use opsconsole::domain::figure;
use opsconsole::domain::{CheckState, FleetSnapshot, Health, ServiceLatency};
use opsconsole::sources::simulator::{Simulator, SimulatorConfig};

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 18, 3, 0, 0)
        .single()
        .expect("valid time")
}

fn simulator() -> Simulator {
    Simulator::new(SimulatorConfig::new(42, start()))
}

/// The fleet `minutes` into the first scripted surge (03:03, 20 minutes of 4,000 req/s).
fn into_surge(minutes: i64) -> Simulator {
    let mut sim = simulator();
    let surge = sim.incidents()[0].start;
    sim.advance(surge - sim.now() + Duration::minutes(minutes));
    sim
}

fn services(snapshot: &FleetSnapshot) -> &[ServiceLatency] {
    &snapshot.latency.as_ref().expect("latency").services
}

fn service<'a>(snapshot: &'a FleetSnapshot, name: &str) -> &'a ServiceLatency {
    services(snapshot)
        .iter()
        .find(|s| s.name == name)
        .expect("service")
}

fn error_percent(snapshot: &FleetSnapshot, name: &str) -> f64 {
    service(snapshot, name).error_ratio.expect("error ratio") * 100.0
}

/// How many different values the eight services show, to `decimals` as the screens round them.
fn distinct(
    snapshot: &FleetSnapshot,
    decimals: usize,
    figure: impl Fn(&ServiceLatency) -> Option<f64>,
) -> usize {
    let shown: BTreeSet<String> = services(snapshot)
        .iter()
        .map(|s| format!("{:.decimals$}", figure(s).expect("a value")))
        .collect();
    shown.len()
}

#[test]
fn each_service_has_its_own_error_ratio_budget_and_burn_rates() {
    let snapshot = simulator().snapshot();
    let hour = |s: &ServiceLatency| s.burn_rates.iter().find(|b| b.window == "1h")?.value;
    // As the Latency tab shows them: error ratio "0.035%", budget "53.5%", burn "0.4x".
    assert_eq!(
        distinct(&snapshot, 3, |s| s.error_ratio.map(|r| r * 100.0)),
        8
    );
    let budget = |s: &ServiceLatency| s.error_budget_remaining.map(|b| b * 100.0);
    assert_eq!(distinct(&snapshot, 1, budget), 8);
    assert!(distinct(&snapshot, 1, hour) >= 6);
    let budget = |name| {
        service(&snapshot, name)
            .error_budget_remaining
            .expect("budget")
            * 100.0
    };
    // Payments hangs on the primary with the highest base error ratio; catalog has the lowest.
    assert!(
        (budget("payments") - 36.9).abs() < 1.0,
        "{}",
        budget("payments")
    );
    assert!(
        (budget("catalog") - 95.1).abs() < 1.0,
        "{}",
        budget("catalog")
    );
    assert!((error_percent(&snapshot, "checkout") - 0.0347).abs() < 0.003);
}

/// Scaling the web tier out rescues search (its errors come from load and cold cache keys), not
/// checkout, whose errors come from the saturated primary.
#[test]
fn checkout_and_search_do_not_move_in_lockstep() {
    let (early, late) = (into_surge(4).snapshot(), into_surge(16).snapshot());
    let change = |name| error_percent(&late, name) / error_percent(&early, name) - 1.0;
    assert!(change("search") < -0.25, "search {}", change("search"));
    assert!(
        change("checkout").abs() < 0.05,
        "checkout {}",
        change("checkout")
    );
    let p99 = |s: &FleetSnapshot, name| service(s, name).p99_ms.expect("p99");
    assert!(p99(&late, "search") < 475.0 && p99(&late, "checkout") > 2_000.0);
}

fn firing(snapshot: &FleetSnapshot, name: &str) -> Vec<(String, Health)> {
    snapshot
        .alerts
        .iter()
        .filter(|a| a.name == name)
        .map(|a| {
            let subject = a.labels.iter().find(|(k, _)| k != "alertname");
            (
                subject.map(|(_, v)| v.clone()).unwrap_or_default(),
                a.severity,
            )
        })
        .collect()
}

#[test]
fn the_database_decision_tree_and_a_saturated_group_raise_alerts() {
    let quiet = simulator().snapshot();
    for name in [
        "DatabaseCpuHigh",
        "ReplicaLagHigh",
        "ConnectionPoolNearFull",
        "GroupSaturated",
    ] {
        assert!(firing(&quiet, name).is_empty(), "{name} at a quiet hour");
    }
    let early = into_surge(4).snapshot();
    assert!(
        firing(&early, "DatabaseCpuHigh").is_empty(),
        "hot for under 15 min"
    );
    let late = into_surge(18).snapshot();
    let primary = vec![("db-primary".to_string(), Health::Warning)];
    assert_eq!(firing(&late, "DatabaseCpuHigh"), primary);
    assert_eq!(
        firing(&late, "ConnectionPoolNearFull"),
        [("db-primary".to_string(), Health::Critical)]
    );
    // Only the replica in the other AZ, with the reporting jobs, passes 1 s.
    assert_eq!(
        firing(&late, "ReplicaLagHigh"),
        [("db-replica-2".to_string(), Health::Warning)]
    );
    assert_eq!(
        firing(&late, "GroupSaturated"),
        [("worker".to_string(), Health::Critical)]
    );
    let summary = |name: &str| {
        let alert = late.alerts.iter().find(|a| a.name == name).expect(name);
        alert.summary.clone()
    };
    assert_eq!(
        summary("DatabaseCpuHigh"),
        "db-primary CPU 100% > 75% for 15m: consider db.r5.xlarge"
    );
    assert_eq!(
        summary("GroupSaturated"),
        "worker at 100% CPU with no room to grow (14 of max 20)"
    );
}

#[test]
fn database_figures_are_read_by_name() {
    let snapshot = into_surge(18).snapshot();
    let read = |name: &str| figure::read(&snapshot, name).expect("a known figure");
    assert_eq!(read("database.db-primary.connections"), Some(150.0));
    assert_eq!(read("database.db-primary.pool_size"), Some(150.0));
    let qps = read("database.db-primary.qps").expect("qps");
    assert!((qps - 908.24).abs() < 0.01, "{qps}");
    let p95 = read("database.db-primary.query_p95_ms").expect("p95");
    assert!(p95 > 50.0 * 10.0, "a saturated primary: {p95}");
    let lag = |name: &str| read(&format!("database.{name}.lag_seconds")).expect("lag");
    assert!(lag("db-replica-1") < 1.0 && lag("db-replica-2") > 1.0);
}

/// The load test row is the fleet's own latest surge: its worst minute, as the Latency tab
/// showed it minute by minute.
#[test]
fn the_load_test_row_reads_the_latest_surge() {
    let row = |snapshot: &FleetSnapshot| {
        let readiness = snapshot.readiness.as_ref().expect("readiness");
        let check = readiness
            .checks
            .iter()
            .find(|c| c.name == "Load test at 4,000 req/s")
            .expect("row");
        (check.state, check.detail.clone())
    };
    let (state, detail) = row(&simulator().snapshot());
    assert_eq!(state, CheckState::Fail);
    assert!(
        detail.starts_with("surge 11-17 10:00: worst api p99 "),
        "{detail}"
    );
    let mut sim = simulator();
    let surge = sim.incidents()[0].clone();
    sim.advance(surge.start - sim.now());
    let mut worst: f64 = 0.0;
    while sim.now() < surge.end {
        sim.advance(Duration::minutes(1));
        let p99 = service(&sim.snapshot(), "api").p99_ms.expect("p99");
        worst = worst.max(p99);
    }
    let (state, detail) = row(&sim.snapshot());
    assert_eq!(state, CheckState::Fail);
    let expected = format!("surge 11-18 03:03: worst api p99 {worst:.0}ms");
    assert!(detail.starts_with(&expected), "{detail} vs {expected}");
    assert!(worst > 4_000.0, "{worst}");
}

#[test]
fn live_rows_read_scrape_targets_certificates_and_replica_lag() {
    let snapshot = simulator().snapshot();
    let readiness = snapshot.readiness.as_ref().expect("readiness");
    let detail = |name: &str| {
        let c = readiness
            .checks
            .iter()
            .find(|c| c.name == name)
            .expect(name);
        (c.state, c.detail.as_str())
    };
    assert_eq!(
        detail("Monitoring coverage"),
        (CheckState::Pass, "8/8 service targets up")
    );
    assert_eq!(
        detail("Certificates valid 14+ days"),
        (CheckState::Pass, "www.example.com expires in 19 days")
    );
    assert_eq!(
        detail("Replica lag under 1 s"),
        (CheckState::Pass, "worst db-replica-2 0.3s")
    );
    assert_eq!(readiness.checks.len(), 56);
}
