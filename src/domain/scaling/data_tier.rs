//! The data tier behind the groups: database nodes and the cache, judged against the ALAWAEL
//! plan's targets.

use serde::Serialize;

use crate::domain::Health;
use database_targets as db;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DatabaseRole {
    Primary,
    Replica,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DatabaseNode {
    pub name: String,
    pub role: DatabaseRole,
    pub class: String,
    pub cpu_percent: Option<f64>,
    /// Replicas only.
    pub replication_lag_seconds: Option<f64>,
    pub healthy: bool,
    /// Queries per second the node answers (the ALAWAEL plan: < 360 on the primary).
    pub queries_per_second: Option<f64>,
    /// Query time percentiles (the plan: < 50 ms).
    pub query_p95_ms: Option<f64>,
    pub query_p99_ms: Option<f64>,
    /// Connections in use out of the application's pool (the plan: 150).
    pub connections: Option<u32>,
    pub pool_size: Option<u32>,
}

/// The ALAWAEL plan's database targets and decision tree, and where the console warns before
/// them.
pub mod database_targets {
    /// Queries per second on the primary: under this.
    pub const QPS: f64 = 360.0;
    /// Query time (p95 here; the plan names the average): under this.
    pub const QUERY_MS: f64 = 50.0;
    /// CPU over this for `HOT_MINUTES` → consider db.r5.xlarge.
    pub const CPU_PERCENT: f64 = 75.0;
    /// CPU over this is a warning: ten points before the plan's line.
    pub const CPU_WARN_PERCENT: f64 = 65.0;
    pub const HOT_MINUTES: i64 = 15;
    /// Replication lag over this → add a replica.
    pub const LAG_SECONDS: f64 = 1.0;
    pub const LAG_WARN_SECONDS: f64 = 0.8;
    /// A pool this full is near exhaustion.
    pub const POOL_NEAR_FULL: f64 = 0.9;
    pub const POOL_WARN: f64 = 0.8;
    /// Reads served from the cache: under this a warning (the plan: over 95 %), under
    /// `CACHE_HIT_CRITICAL` critical.
    pub const CACHE_HIT: f64 = 0.95;
    pub const CACHE_HIT_CRITICAL: f64 = 0.90;
}

impl DatabaseNode {
    /// Connections in use over the pool, when both are known.
    pub fn pool_use(&self) -> Option<f64> {
        let (used, size) = self.connections.zip(self.pool_size)?;
        (size > 0).then(|| f64::from(used) / f64::from(size))
    }

    /// The node's role, or `DOWN` (critical) when it is not answering: a down node is what
    /// matters about it, whatever its role.
    pub fn state(&self) -> (&'static str, Health) {
        match (self.healthy, self.role) {
            (false, _) => ("DOWN", Health::Critical),
            (true, DatabaseRole::Primary) => ("primary", Health::Ok),
            (true, DatabaseRole::Replica) => ("replica", Health::Ok),
        }
    }

    /// A down node is critical whatever its last CPU figure said.
    pub fn cpu_health(&self) -> Health {
        if self.healthy {
            Health::rising(self.cpu_percent, db::CPU_WARN_PERCENT, db::CPU_PERCENT)
        } else {
            Health::Critical
        }
    }

    /// Over the plan's rate a warning, over twice it critical.
    pub fn qps_health(&self) -> Health {
        Health::rising(self.queries_per_second, db::QPS, 2.0 * db::QPS)
    }

    pub fn query_p95_health(&self) -> Health {
        query_health(self.query_p95_ms)
    }

    pub fn query_p99_health(&self) -> Health {
        query_health(self.query_p99_ms)
    }

    pub fn pool_health(&self) -> Health {
        Health::rising(self.pool_use(), db::POOL_WARN, db::POOL_NEAR_FULL)
    }

    /// Replicas only: a primary has no lag to judge.
    pub fn lag_health(&self) -> Health {
        Health::rising(
            self.replication_lag_seconds,
            db::LAG_WARN_SECONDS,
            db::LAG_SECONDS,
        )
    }
}

/// Over the plan's query time a warning, over twice it critical.
fn query_health(ms: Option<f64>) -> Health {
    Health::rising(ms, db::QUERY_MS, 2.0 * db::QUERY_MS)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CacheStatus {
    pub name: String,
    pub hit_ratio: Option<f64>,
    pub connections_in_use: u32,
    pub pool_size: u32,
}

impl CacheStatus {
    /// Under 95 % of reads served from the cache a warning, under 90 % critical: each miss
    /// lands on the database.
    pub fn hit_health(&self) -> Health {
        Health::falling(self.hit_ratio, db::CACHE_HIT, db::CACHE_HIT_CRITICAL)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn primary() -> DatabaseNode {
        DatabaseNode {
            name: "db-primary".into(),
            role: DatabaseRole::Primary,
            class: "db.r5.large".into(),
            cpu_percent: Some(70.0),
            replication_lag_seconds: None,
            healthy: true,
            queries_per_second: Some(400.0),
            query_p95_ms: Some(50.0),
            query_p99_ms: Some(100.1),
            connections: Some(135),
            pool_size: Some(150),
        }
    }

    #[test]
    fn figures_are_judged_against_the_plan() {
        let node = primary();
        assert_eq!(node.state(), ("primary", Health::Ok));
        assert_eq!(node.cpu_health(), Health::Warning, "70 % is over 65 %");
        assert_eq!(node.qps_health(), Health::Warning, "400 is over 360");
        assert_eq!(node.query_p95_health(), Health::Ok, "50 ms is the line");
        assert_eq!(node.query_p99_health(), Health::Critical, "over 2 × 50 ms");
        // 135/150 = 0.9: near full is over 0.9, so a warning.
        assert_eq!(node.pool_health(), Health::Warning);
        assert_eq!(node.lag_health(), Health::Unknown, "no lag on a primary");
    }

    #[test]
    fn a_down_node_is_critical_and_missing_figures_are_unknown() {
        let mut node = primary();
        node.healthy = false;
        node.role = DatabaseRole::Replica;
        assert_eq!(node.state(), ("DOWN", Health::Critical));
        assert_eq!(node.cpu_health(), Health::Critical);
        node.healthy = true;
        node.cpu_percent = None;
        node.pool_size = Some(0);
        node.replication_lag_seconds = Some(1.2);
        assert_eq!(node.cpu_health(), Health::Unknown);
        assert_eq!(
            node.pool_health(),
            Health::Unknown,
            "an empty pool has no use"
        );
        assert_eq!(node.lag_health(), Health::Critical);
    }

    #[test]
    fn a_cache_missing_reads_is_a_warning_then_critical() {
        let cache = |hit| CacheStatus {
            name: "cache".into(),
            hit_ratio: hit,
            connections_in_use: 1,
            pool_size: 2,
        };
        assert_eq!(cache(Some(0.96)).hit_health(), Health::Ok);
        assert_eq!(cache(Some(0.942)).hit_health(), Health::Warning);
        assert_eq!(cache(Some(0.85)).hit_health(), Health::Critical);
        assert_eq!(cache(None).hit_health(), Health::Unknown);
    }
}
