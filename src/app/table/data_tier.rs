//! Scaling's data tier table: the database nodes, then the cache, each a row, primary first
//! as the source lists them. The tab's second table: the keys reach it with `w`.

use super::{ColumnSpec, Columns, SortKey};
use crate::domain::{CacheStatus, DatabaseNode, DatabaseRole, ScalingView};

/// A row of the data tier. The cache has its own figures; a column it lacks stays empty.
#[derive(Debug, Clone, PartialEq)]
pub enum TierRow {
    Database(DatabaseNode),
    Cache(CacheStatus),
}

impl TierRow {
    /// The data tier's rows: databases in the source's order, then the cache.
    pub fn of(view: &ScalingView) -> Vec<Self> {
        let databases = view.databases.iter().cloned().map(Self::Database);
        databases
            .chain(view.cache.iter().cloned().map(Self::Cache))
            .collect()
    }

    pub fn name(&self) -> &str {
        match self {
            Self::Database(node) => &node.name,
            Self::Cache(cache) => &cache.name,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TierColumn {
    Node,
    Role,
    Cpu,
    Qps,
    P95,
    P99,
    Connections,
    Lag,
    Hit,
    Class,
}

impl Columns for TierColumn {
    type Row = TierRow;
    const ALL: &'static [Self] = &[
        Self::Node,
        Self::Role,
        Self::Cpu,
        Self::Qps,
        Self::P95,
        Self::P99,
        Self::Connections,
        Self::Lag,
        Self::Hit,
        Self::Class,
    ];
    const DEFAULT_SORT: (Self, bool) = (Self::Role, false);

    fn spec(self) -> ColumnSpec {
        match self {
            Self::Node => ColumnSpec::text("node", "node", 0, 12, 16),
            Self::Role => ColumnSpec::text("role", "role", 3, 7, 8),
            Self::Cpu => ColumnSpec::number("cpu", "cpu", 1, 6),
            Self::Qps => ColumnSpec::number("qps", "qps", 1, 5),
            // "1234ms" below ten seconds.
            Self::P95 => ColumnSpec::number("p95", "p95", 1, 6),
            Self::P99 => ColumnSpec::number("p99", "p99", 1, 6),
            // In use out of the pool: "150/150".
            Self::Connections => ColumnSpec::number("conn", "conn", 1, 7),
            Self::Lag => ColumnSpec::number("lag", "lag", 1, 5),
            Self::Hit => ColumnSpec::number("hit", "hit", 2, 6),
            // Last, so it takes the width left over rather than pushing the figures away from the names.
            Self::Class => ColumnSpec::text("class", "class", 4, 11, 80),
        }
    }

    fn sort_key(self, row: &TierRow) -> SortKey {
        let node = match row {
            TierRow::Database(node) => node,
            TierRow::Cache(cache) => {
                return match self {
                    Self::Node => SortKey::Text(cache.name.clone()),
                    Self::Role => SortKey::rank(2),
                    Self::Connections => SortKey::Number(Some(f64::from(cache.connections_in_use))),
                    Self::Hit => SortKey::Number(cache.hit_ratio),
                    _ => SortKey::Number(None),
                };
            }
        };
        let number = match self {
            Self::Node => return SortKey::Text(node.name.clone()),
            Self::Class => return SortKey::Text(node.class.clone()),
            Self::Role => return SortKey::rank(usize::from(node.role == DatabaseRole::Replica)),
            Self::Cpu => node.cpu_percent,
            Self::Qps => node.queries_per_second,
            Self::P95 => node.query_p95_ms,
            Self::P99 => node.query_p99_ms,
            Self::Connections => node.connections.map(f64::from),
            Self::Lag => node.replication_lag_seconds,
            Self::Hit => None,
        };
        SortKey::Number(number)
    }

    fn id(row: &TierRow) -> String {
        row.name().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::TableView;
    use crate::app::table::order;

    fn node(name: &str, role: DatabaseRole) -> DatabaseNode {
        DatabaseNode {
            name: name.into(),
            role,
            class: "db.r5.large".into(),
            cpu_percent: None,
            replication_lag_seconds: None,
            healthy: true,
            queries_per_second: None,
            query_p95_ms: None,
            query_p99_ms: None,
            connections: None,
            pool_size: None,
        }
    }

    #[test]
    fn the_default_order_is_primary_replicas_then_cache() {
        let rows = vec![
            TierRow::Cache(CacheStatus {
                name: "cache".into(),
                hit_ratio: Some(0.9),
                connections_in_use: 1,
                pool_size: 2,
            }),
            TierRow::Database(node("db-replica-1", DatabaseRole::Replica)),
            TierRow::Database(node("db-primary", DatabaseRole::Primary)),
        ];
        let (column, descending) = TierColumn::DEFAULT_SORT;
        let view = TableView::sorted_by(column.index(), descending);
        assert_eq!(order::<TierColumn>(&rows, &view), [2, 1, 0]);
    }
}
