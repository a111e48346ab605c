//! The data tier's figures minute by minute, kept by node name (a failover swaps roles, not
//! histories), for the database detail: the same figures the tab shows, recorded as the minutes
//! close.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::DataTier;
use crate::domain::detail::{DatabaseExtras, Extras, Provenance};
use crate::sources::simulator::trend::TrendBuffer;

#[derive(Debug, Clone, Default)]
struct NodeHistory {
    cpu: TrendBuffer,
    connections: TrendBuffer,
    qps: TrendBuffer,
    p95: TrendBuffer,
    p99: TrendBuffer,
    lag: TrendBuffer,
}

#[derive(Debug, Clone, Default)]
pub struct History {
    nodes: BTreeMap<String, NodeHistory>,
    cache_hit: TrendBuffer,
    cache_connections: TrendBuffer,
}

/// A missing figure is a gap in the chart, never a zero.
fn or_gap(value: Option<f64>) -> f64 {
    value.unwrap_or(f64::NAN)
}

impl DataTier {
    /// Records every node's and the cache's figures at the close of a minute.
    pub fn record(&mut self, at: DateTime<Utc>) {
        for node in self.databases() {
            let history = self.history.nodes.entry(node.name.clone()).or_default();
            history.cpu.push(at, or_gap(node.cpu_percent));
            history
                .connections
                .push(at, or_gap(node.connections.map(f64::from)));
            history.qps.push(at, or_gap(node.queries_per_second));
            history.p95.push(at, or_gap(node.query_p95_ms));
            history.p99.push(at, or_gap(node.query_p99_ms));
            history.lag.push(at, or_gap(node.replication_lag_seconds));
        }
        let cache = self.cache();
        self.history.cache_hit.push(at, or_gap(cache.hit_ratio));
        self.history
            .cache_connections
            .push(at, f64::from(cache.connections_in_use));
    }

    /// The histories of the node (or the cache) named `name`, and the figure ids they are.
    pub fn detail(&self, name: &str) -> Option<(Extras, Vec<Provenance>)> {
        let provenance = |figures: &[&str], prefix: &str| {
            figures
                .iter()
                .map(|f| Provenance {
                    figure: format!("{prefix}{f}"),
                    from: "the simulator's data tier model, one sample a minute".into(),
                })
                .collect()
        };
        if name == self.cache().name {
            let extras = DatabaseExtras {
                connections: Some(self.history.cache_connections.trend().fine),
                hit_ratio: Some(self.history.cache_hit.trend().fine),
                ..DatabaseExtras::default()
            };
            let figures = provenance(&["hit_percent", "connections"], "cache.");
            return Some((Extras::Database(extras), figures));
        }
        let history = self.history.nodes.get(name)?;
        let extras = DatabaseExtras {
            cpu_percent: Some(history.cpu.trend().fine),
            connections: Some(history.connections.trend().fine),
            queries_per_second: Some(history.qps.trend().fine),
            query_p95_ms: Some(history.p95.trend().fine),
            query_p99_ms: Some(history.p99.trend().fine),
            replication_lag_seconds: Some(history.lag.trend().fine),
            hit_ratio: None,
        };
        let figures = [
            "cpu",
            "connections",
            "qps",
            "query_p95_ms",
            "query_p99_ms",
            "lag_seconds",
        ];
        Some((
            Extras::Database(extras),
            provenance(&figures, &format!("database.{name}.")),
        ))
    }
}
