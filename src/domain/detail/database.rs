//! A database node's figures over time, for its decision tree.

use serde::Serialize;

use crate::domain::Series;

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct DatabaseExtras {
    pub cpu_percent: Option<Series>,
    pub connections: Option<Series>,
    pub queries_per_second: Option<Series>,
    pub query_p95_ms: Option<Series>,
    pub query_p99_ms: Option<Series>,
    pub replication_lag_seconds: Option<Series>,
}
