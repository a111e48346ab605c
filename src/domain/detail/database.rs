//! A data-tier node's figures over time, and the ALAWAEL plan's database decision tree evaluated
//! on them: "Is Database CPU > 75 %? → db.r5.xlarge", "Is Replication Lag > 1 sec? → add a
//! replica". The CPU question is asked of the last 15 minutes (a single hot sample is not a
//! reason to double the instance).

use chrono::Duration;
use serde::Serialize;

use crate::domain::scaling::database_targets as db;
use crate::domain::{DatabaseNode, DatabaseRole, Series, Unit};

/// Histories at one-minute resolution. Database nodes have the first six, the cache the last
/// two (its connections are in `connections`); a figure the source lacks stays `None`.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct DatabaseExtras {
    pub cpu_percent: Option<Series>,
    pub connections: Option<Series>,
    pub queries_per_second: Option<Series>,
    pub query_p95_ms: Option<Series>,
    pub query_p99_ms: Option<Series>,
    pub replication_lag_seconds: Option<Series>,
    /// The cache's hits over hits and misses (a fraction).
    pub hit_ratio: Option<Series>,
}

/// One question of the decision tree, asked of the figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// The plan's question: `CPU > 75 % for 15 min`.
    pub condition: String,
    /// What the question was asked of (the lowest CPU of the window, the worst replica's lag).
    pub evaluated: String,
    pub value: Option<f64>,
    pub unit: Unit,
    /// `None`: not enough data to answer; never taken as "no".
    pub answer: Option<bool>,
    /// What the plan says to do for this answer.
    pub outcome: &'static str,
}

/// Whether every value of the last `span` of `series` is over `threshold`, and the lowest
/// value seen: one value at or under it answers "no" whatever else is missing; otherwise a gap
/// (NaN) or a history shorter than `span` leaves the question open.
pub fn held_above(series: &Series, threshold: f64, span: Duration) -> (Option<bool>, Option<f64>) {
    let window = series.tail(span);
    let lowest = window
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .reduce(f64::min);
    let needed = span.num_seconds() / series.step.num_seconds().max(1) + 1;
    let whole = i64::try_from(window.len()).is_ok_and(|n| n >= needed)
        && window.iter().all(|v| v.is_finite());
    let answer = match lowest {
        Some(low) if low <= threshold => Some(false),
        Some(_) if whole => Some(true),
        _ => None,
    };
    (answer, lowest)
}

/// The plan's tree for `node`: its own CPU over the last 15 minutes, and the replicas' lag (its
/// own on a replica, the worst replica's on the primary).
pub fn decision_tree(
    node: &DatabaseNode,
    cpu: Option<&Series>,
    worst_replica_lag: Option<f64>,
) -> Vec<Decision> {
    let span = Duration::minutes(db::HOT_MINUTES);
    let (hot, lowest) = cpu.map_or((None, None), |s| held_above(s, db::CPU_PERCENT, span));
    let cpu = Decision {
        condition: format!("CPU > {:.0} % for {} min", db::CPU_PERCENT, db::HOT_MINUTES),
        evaluated: format!("lowest CPU of the last {} min", db::HOT_MINUTES),
        value: lowest,
        unit: Unit::Percent,
        answer: hot,
        outcome: match hot {
            Some(true) => "consider db.r5.xlarge (2x resources)",
            Some(false) => "current size adequate; continue monitoring",
            None => "not enough CPU history to tell",
        },
    };
    let (evaluated, lag) = match node.role {
        DatabaseRole::Replica => ("this replica's lag", node.replication_lag_seconds),
        DatabaseRole::Primary => ("the worst replica's lag", worst_replica_lag),
    };
    let lag = lag.filter(|v| v.is_finite());
    let behind = lag.map(|l| l > db::LAG_SECONDS);
    let lag = Decision {
        condition: format!("replication lag > {:.0} s", db::LAG_SECONDS),
        evaluated: evaluated.into(),
        value: lag,
        unit: Unit::Seconds,
        answer: behind,
        outcome: match behind {
            Some(true) => "add another read replica",
            Some(false) => "current replicas adequate; continue monitoring",
            None => "no replica lag figure to tell",
        },
    };
    vec![cpu, lag]
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;

    fn minutes(values: &[f64]) -> Series {
        Series::new(
            DateTime::<Utc>::UNIX_EPOCH,
            Duration::minutes(1),
            values.to_vec(),
        )
    }

    fn node(role: DatabaseRole, lag: Option<f64>) -> DatabaseNode {
        DatabaseNode {
            name: "db".into(),
            role,
            class: "db.r5.large".into(),
            cpu_percent: Some(80.0),
            replication_lag_seconds: lag,
            healthy: true,
            queries_per_second: None,
            query_p95_ms: None,
            query_p99_ms: None,
            connections: None,
            pool_size: None,
        }
    }

    #[test]
    fn cpu_counts_as_hot_only_when_every_minute_of_the_window_is_over_the_line() {
        let span = Duration::minutes(15);
        // 15 minutes at one-minute steps are 16 samples, all over 75: held, lowest 75.5.
        let mut hot = vec![60.0; 4];
        hot.extend([80.0; 15]);
        hot.push(75.5);
        assert_eq!(
            held_above(&minutes(&hot), 75.0, span),
            (Some(true), Some(75.5))
        );
        // One minute at exactly 75 breaks it.
        hot[10] = 75.0;
        assert_eq!(
            held_above(&minutes(&hot), 75.0, span),
            (Some(false), Some(75.0))
        );
        // 15 samples cover only 14 minutes: unknown, not "no".
        assert_eq!(
            held_above(&minutes(&[90.0; 15]), 75.0, span),
            (None, Some(90.0))
        );
        // A gap leaves it open; a cool minute answers whatever the gap.
        let mut gap = vec![90.0; 16];
        gap[3] = f64::NAN;
        assert_eq!(held_above(&minutes(&gap), 75.0, span), (None, Some(90.0)));
        gap[5] = 40.0;
        assert_eq!(
            held_above(&minutes(&gap), 75.0, span),
            (Some(false), Some(40.0))
        );
        assert_eq!(held_above(&minutes(&[]), 75.0, span), (None, None));
    }

    #[test]
    fn the_tree_asks_cpu_of_the_node_and_lag_of_the_replicas() {
        let hot = minutes(&[78.0; 16]);
        let primary = decision_tree(&node(DatabaseRole::Primary, None), Some(&hot), Some(1.3));
        assert_eq!(primary[0].answer, Some(true));
        assert_eq!(primary[0].value, Some(78.0));
        assert_eq!(primary[0].outcome, "consider db.r5.xlarge (2x resources)");
        assert_eq!(primary[0].condition, "CPU > 75 % for 15 min");
        assert_eq!(primary[1].answer, Some(true), "1.3 s is over 1 s");
        assert_eq!(primary[1].evaluated, "the worst replica's lag");
        assert_eq!(primary[1].outcome, "add another read replica");
        // A replica answers with its own lag, whatever the others do; 1 s itself is not over.
        let replica = decision_tree(&node(DatabaseRole::Replica, Some(1.0)), None, Some(9.0));
        assert_eq!(replica[1].answer, Some(false));
        assert_eq!(replica[1].value, Some(1.0));
        assert_eq!(replica[0].answer, None, "no history: unknown");
        assert_eq!(replica[0].outcome, "not enough CPU history to tell");
        let blind = decision_tree(&node(DatabaseRole::Replica, Some(f64::NAN)), None, None);
        assert_eq!(blind[1].answer, None, "NaN lag is unknown, not adequate");
    }
}
