//! RDS primary and read replicas, and the cache, loaded in proportion to web traffic.

use chrono::{DateTime, Duration, Utc};

use super::SimError;
use crate::domain::{CacheStatus, DatabaseNode, DatabaseRole};

/// A promoted replica's old primary needs time to resync as a replica.
const RESYNC: Duration = Duration::minutes(4);
const POOL_SIZE: u32 = 150;
/// The cache's node type; its price is the cost ledger's ElastiCache line.
pub const CACHE_NODE_TYPE: &str = "cache.m5.large";

#[derive(Debug, Clone)]
struct Node {
    name: String,
    role: DatabaseRole,
    resync_until: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct DataTier {
    nodes: Vec<Node>,
    /// Load relative to an ordinary weekday peak (1.0 = 2,150 req/s on the web tier).
    relative_load: f64,
    now: DateTime<Utc>,
}

impl DataTier {
    pub fn new() -> Self {
        let node = |name: &str, role| Node {
            name: name.into(),
            role,
            resync_until: None,
        };
        Self {
            nodes: vec![
                node("db-primary", DatabaseRole::Primary),
                node("db-replica-1", DatabaseRole::Replica),
                node("db-replica-2", DatabaseRole::Replica),
            ],
            relative_load: 0.0,
            now: DateTime::<Utc>::MIN_UTC,
        }
    }

    pub fn step(&mut self, now: DateTime<Utc>, relative_load: f64) {
        self.now = now;
        self.relative_load = relative_load;
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

    pub fn databases(&self) -> Vec<DatabaseNode> {
        let load = self.relative_load;
        self.nodes
            .iter()
            .map(|node| {
                let resyncing = node.resync_until.is_some_and(|until| self.now < until);
                let (cpu, lag) = match node.role {
                    // Primary peaks at 68 %, replicas at 42 % on an ordinary weekday.
                    DatabaseRole::Primary => (30.0 + 38.0 * load, None),
                    DatabaseRole::Replica => (
                        15.0 + 27.0 * load,
                        Some(if resyncing { 6.5 } else { 0.2 + 0.3 * load }),
                    ),
                };
                DatabaseNode {
                    name: node.name.clone(),
                    role: node.role,
                    class: "db.r5.large".into(),
                    cpu_percent: Some(cpu.min(100.0)),
                    replication_lag_seconds: lag,
                    healthy: !resyncing,
                }
            })
            .collect()
    }

    pub fn cache(&self) -> CacheStatus {
        // Surges bring cold keys: the hit ratio dips when traffic is far above normal.
        let hit = 0.942 - 0.02 * (self.relative_load - 1.2).max(0.0);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let used = (128.0 * self.relative_load)
            .round()
            .clamp(0.0, f64::from(POOL_SIZE)) as u32;
        CacheStatus {
            name: "cache".into(),
            hit_ratio: Some(hit.clamp(0.0, 1.0)),
            connections_in_use: used,
            pool_size: POOL_SIZE,
        }
    }
}
