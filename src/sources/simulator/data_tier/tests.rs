//! The data tier against the ALAWAEL plan's figures, hand-computed.

use super::*;
use chrono::TimeZone;

fn at(relative_load: f64) -> DataTier {
    let mut tier = DataTier::new();
    let noon = Utc.with_ymd_and_hms(2026, 11, 18, 12, 0, 0).single();
    tier.step(noon.expect("time"), relative_load);
    tier
}

fn node<'a>(nodes: &'a [DatabaseNode], name: &str) -> &'a DatabaseNode {
    nodes.iter().find(|n| n.name == name).expect("node")
}

fn close(got: Option<f64>, expected: f64) -> bool {
    got.is_some_and(|g| (g - expected).abs() < 1e-3)
}

/// An ordinary weekday peak is the plan's baseline: primary 68 % CPU, 380 queries/s,
/// 128 of 150 connections; replicas at 42 % and 46 % CPU, 0.34 s and 0.5 s behind.
#[test]
fn an_ordinary_peak_reads_like_the_plan_and_replicas_differ() {
    let nodes = at(1.0).databases();
    let primary = node(&nodes, "db-primary");
    assert!(close(primary.cpu_percent, 68.0));
    assert!(close(primary.queries_per_second, 380.0));
    // 24 ms × slowdown(0.68) = 24 × 1.86477.
    assert!(
        close(primary.query_p95_ms, 44.754),
        "{:?}",
        primary.query_p95_ms
    );
    assert!(
        close(primary.query_p99_ms, 65.091),
        "{:?}",
        primary.query_p99_ms
    );
    assert_eq!(
        (primary.connections, primary.pool_size),
        (Some(128), Some(150))
    );
    assert_eq!(primary.replication_lag_seconds, None);
    let (one, two) = (node(&nodes, "db-replica-1"), node(&nodes, "db-replica-2"));
    assert!(close(one.cpu_percent, 42.0) && close(two.cpu_percent, 46.0));
    assert!(close(one.replication_lag_seconds, 0.34));
    assert!(close(two.replication_lag_seconds, 0.5));
    assert!(close(one.queries_per_second, 40.0) && close(two.queries_per_second, 64.0));
    // 18 and 25.2 connections held 0.664× and 0.691× as long as at the primary's peak.
    assert_eq!((one.connections, two.connections), (Some(15), Some(21)));
    let conditions = at(1.0).conditions(0.6);
    assert!(conditions.db_stress.abs() < 1e-12 && conditions.cache_stress.abs() < 1e-12);
}

/// 4,000 req/s is 1.8605 × the peak: the primary saturates, its pool fills, the cache
/// misses 9.1 % of keys, and only the replica with the reporting jobs passes 1 s of lag.
#[test]
fn a_surge_saturates_the_primary_and_one_replica_falls_behind() {
    let tier = at(4_000.0 / 2_150.0);
    let nodes = tier.databases();
    let primary = node(&nodes, "db-primary");
    assert!(close(primary.cpu_percent, 100.0));
    assert_eq!(primary.connections, Some(150));
    assert!(close(primary.queries_per_second, 908.241));
    assert!(close(
        node(&nodes, "db-replica-1").replication_lag_seconds,
        0.829
    ));
    assert!(close(
        node(&nodes, "db-replica-2").replication_lag_seconds,
        1.258
    ));
    assert!(close(tier.cache().hit_ratio, 0.908_98));
    let conditions = tier.conditions(1.0);
    assert!((conditions.db_stress - 1.0).abs() < 1e-12);
    assert!((conditions.cache_stress - 0.569_37).abs() < 1e-4);
    assert!(conditions.db_slowdown > 20.0, "{}", conditions.db_slowdown);
}

#[test]
fn the_primary_is_hot_from_the_first_step_over_75_percent_until_it_cools() {
    let mut tier = DataTier::new();
    let t0 = Utc
        .with_ymd_and_hms(2026, 11, 18, 12, 0, 0)
        .single()
        .expect("time");
    tier.step(t0, 1.0);
    assert_eq!(tier.primary_hot_since, None, "68 % is not hot");
    tier.step(t0 + Duration::seconds(10), 1.5);
    tier.step(t0 + Duration::seconds(20), 1.6);
    assert_eq!(tier.primary_hot_since, Some(t0 + Duration::seconds(10)));
    tier.step(t0 + Duration::seconds(30), 1.0);
    assert_eq!(tier.primary_hot_since, None);
}
