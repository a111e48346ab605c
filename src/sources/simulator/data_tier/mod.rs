//! RDS primary and read replicas, and the cache, loaded in proportion to web traffic. The
//! primary takes the application's queries through a pool of 150 connections; queries slow down
//! as its CPU fills (queueing), the pool fills with slower queries, and replicas fall behind as
//! writes pile up. Each replica has its own hardware offsets, so the two never read the same.

use chrono::{DateTime, Duration, Utc};

use super::SimError;
use super::services::{Conditions, slowdown};
use crate::domain::scaling::database_targets as db;
use crate::domain::{CacheStatus, DatabaseNode, DatabaseRole};
use history::History;

/// A promoted replica's old primary needs time to resync as a replica.
const RESYNC: Duration = Duration::minutes(4);
/// The application's connection pool to each database node (the ALAWAEL plan's 150).
pub const POOL_SIZE: u32 = 150;
/// Queries per second on the primary at an ordinary weekday peak (the plan's baseline, 380).
const PEAK_QPS: f64 = 380.0;
/// Connections in use at an ordinary weekday peak (the plan's "peak usage 128").
const PEAK_CONNECTIONS: f64 = 128.0;
/// p95 query time on an idle node, in ms.
const IDLE_QUERY_P95_MS: f64 = 24.0;
/// p99 over p95 for log-normal query times with σ = 0.55: exp((2.326 − 1.645) · 0.55).
const QUERY_P99_OVER_P95: f64 = 1.454_4;
const NORMAL_MISS_RATIO: f64 = 0.058;
const CACHE_POOL: u32 = 256;
/// The cache's node type; its price is the cost ledger's ElastiCache line.
pub const CACHE_NODE_TYPE: &str = "cache.m5.large";

/// 0 up to the plan's 75 % CPU, 1 at 100 %.
fn cpu_stress(cpu: f64) -> f64 {
    ((cpu - db::CPU_PERCENT) / (100.0 - db::CPU_PERCENT)).clamp(0.0, 1.0)
}

/// What differs between nodes beyond their role: (CPU offset in points, lag at idle in s, lag
/// per unit of load, share of reporting reads).
type Hardware = (f64, f64, f64, f64);

/// One node's figures at this instant.
struct Figures {
    cpu: f64,
    lag: Option<f64>,
    qps: f64,
    query_p95_ms: f64,
    connections: u32,
    resyncing: bool,
}

#[derive(Debug, Clone)]
struct Node {
    name: String,
    role: DatabaseRole,
    resync_until: Option<DateTime<Utc>>,
    hardware: Hardware,
}

#[derive(Debug, Clone)]
pub struct DataTier {
    nodes: Vec<Node>,
    /// Load relative to an ordinary weekday peak (1.0 = 2,150 req/s on the web tier).
    relative_load: f64,
    now: DateTime<Utc>,
    /// Since when the primary's CPU has been over 75 % without a break.
    pub primary_hot_since: Option<DateTime<Utc>>,
    history: History,
}

impl DataTier {
    pub fn new() -> Self {
        let node = |name: &str, role, hardware| Node {
            name: name.into(),
            role,
            resync_until: None,
            hardware,
        };
        Self {
            nodes: vec![
                node("db-primary", DatabaseRole::Primary, (0.0, 0.1, 0.2, 1.0)),
                node(
                    "db-replica-1",
                    DatabaseRole::Replica,
                    (0.0, 0.12, 0.22, 1.0),
                ),
                // In another AZ, with the reporting jobs: hotter and further behind.
                node("db-replica-2", DatabaseRole::Replica, (4.0, 0.2, 0.3, 1.6)),
            ],
            relative_load: 0.0,
            now: DateTime::<Utc>::MIN_UTC,
            primary_hot_since: None,
            history: History::default(),
        }
    }

    pub fn step(&mut self, now: DateTime<Utc>, relative_load: f64) {
        self.now = now;
        self.relative_load = relative_load;
        let hot = self.primary().is_some_and(|p| p.cpu > db::CPU_PERCENT);
        self.primary_hot_since = hot.then(|| self.primary_hot_since.unwrap_or(now));
    }

    /// Promotes `replica`; the old primary becomes a replica that resyncs for a few minutes.
    pub fn failover(&mut self, replica: &str, now: DateTime<Utc>) -> Result<String, SimError> {
        let target = self
            .nodes
            .iter()
            .position(|n| n.name == replica && n.role == DatabaseRole::Replica)
            .ok_or_else(|| SimError::UnknownReplica(replica.into()))?;
        let mut old = String::new();
        for node in &mut self.nodes {
            if node.role == DatabaseRole::Primary {
                node.role = DatabaseRole::Replica;
                node.resync_until = Some(now + RESYNC);
                old.clone_from(&node.name);
            }
        }
        self.nodes[target].role = DatabaseRole::Primary;
        self.nodes[target].resync_until = None;
        Ok(format!(
            "{replica} promoted to primary; {old} is now a replica"
        ))
    }

    fn miss_ratio(&self) -> f64 {
        // Surges bring cold keys: the hit ratio dips when traffic is far above normal.
        let hit = 0.942 - 0.05 * (self.relative_load - 1.2).max(0.0);
        1.0 - hit.clamp(0.0, 1.0)
    }

    fn primary_cpu(&self) -> f64 {
        let offset = self
            .nodes
            .iter()
            .find(|n| n.role == DatabaseRole::Primary)
            .map_or(0.0, |n| n.hardware.0);
        // 68 % at an ordinary weekday peak.
        (30.0 + 38.0 * self.relative_load + offset).min(100.0)
    }

    fn primary(&self) -> Option<Figures> {
        let node = self
            .nodes
            .iter()
            .find(|n| n.role == DatabaseRole::Primary)?;
        Some(self.figures(node))
    }

    /// 0 while the primary has headroom; 1 when its CPU reaches 100 % or its pool is full.
    fn primary_stress(&self) -> f64 {
        self.primary().map_or(1.0, |p| {
            let pool = f64::from(p.connections) / f64::from(POOL_SIZE);
            let pool = (pool - db::POOL_NEAR_FULL) / (1.0 - db::POOL_NEAR_FULL);
            cpu_stress(p.cpu).max(pool.clamp(0.0, 1.0))
        })
    }

    /// What the services see of the data tier, with the web tier at utilisation `web`.
    pub fn conditions(&self, web: f64) -> Conditions {
        Conditions {
            web,
            db_slowdown: slowdown(self.primary().map_or(1.0, |p| p.cpu / 100.0)),
            db_stress: self.primary_stress(),
            cache_stress: (self.miss_ratio() / NORMAL_MISS_RATIO - 1.0).max(0.0),
        }
    }

    fn figures(&self, node: &Node) -> Figures {
        let load = self.relative_load;
        let (cpu_offset, idle_lag, lag_per_load, reads) = node.hardware;
        let resyncing = node.resync_until.is_some_and(|until| self.now < until);
        let primary_cpu = self.primary_cpu();
        let (cpu, lag, qps, connections) = match node.role {
            // Cache misses become primary queries.
            DatabaseRole::Primary => (
                primary_cpu,
                None,
                PEAK_QPS * load * (0.5 + 0.5 * self.miss_ratio() / NORMAL_MISS_RATIO),
                PEAK_CONNECTIONS * load,
            ),
            // Replicas peak at 42 % (46 % the busier) and fall behind as the primary saturates.
            DatabaseRole::Replica => {
                let behind = 2.5 * idle_lag * cpu_stress(primary_cpu);
                (
                    14.0 + 28.0 * load + cpu_offset,
                    Some(if resyncing {
                        6.5
                    } else {
                        idle_lag + lag_per_load * load + behind
                    }),
                    40.0 * reads * load,
                    6.0 + 12.0 * reads * load,
                )
            }
        };
        let cpu = cpu.min(100.0);
        let queueing = slowdown(cpu / 100.0);
        // Slower queries hold their connections longer (Little's law), relative to peak.
        let held = (queueing / slowdown(0.68)).sqrt();
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let connections = (connections * held)
            .round()
            .clamp(0.0, f64::from(POOL_SIZE)) as u32;
        Figures {
            cpu,
            lag,
            qps,
            query_p95_ms: IDLE_QUERY_P95_MS * queueing,
            connections,
            resyncing,
        }
    }

    pub fn databases(&self) -> Vec<DatabaseNode> {
        self.nodes
            .iter()
            .map(|node| {
                let f = self.figures(node);
                DatabaseNode {
                    name: node.name.clone(),
                    role: node.role,
                    class: "db.r5.large".into(),
                    cpu_percent: Some(f.cpu),
                    replication_lag_seconds: f.lag,
                    healthy: !f.resyncing,
                    queries_per_second: Some(f.qps),
                    query_p95_ms: Some(f.query_p95_ms),
                    query_p99_ms: Some(f.query_p95_ms * QUERY_P99_OVER_P95),
                    connections: Some(f.connections),
                    pool_size: Some(POOL_SIZE),
                }
            })
            .collect()
    }

    pub fn cache(&self) -> CacheStatus {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let used = (48.0 + 72.0 * self.relative_load)
            .round()
            .clamp(0.0, f64::from(CACHE_POOL)) as u32;
        CacheStatus {
            name: "cache".into(),
            hit_ratio: Some(1.0 - self.miss_ratio()),
            connections_in_use: used,
            pool_size: CACHE_POOL,
        }
    }
}

mod history;
#[cfg(test)]
mod tests;
