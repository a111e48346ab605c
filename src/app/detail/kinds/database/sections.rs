//! The database detail's sections: the facts against the plan's targets, the verdict, the
//! decision tree as a table and each figure's history with its line.

use super::super::super::{Block, Cell, Fact, Section, Table};
use crate::domain::detail::{DatabaseExtras, Decision};
use crate::domain::scaling::database_targets as db;
use crate::domain::{CacheStatus, DatabaseNode, DatabaseRole, Health, Unit};

fn connections(used: Option<u32>, pool: Option<u32>) -> String {
    match (used, pool) {
        (Some(used), Some(pool)) => format!("{used}/{pool}"),
        _ => Unit::Count.text(None),
    }
}

pub(super) fn node_facts(node: &DatabaseNode) -> Vec<Fact> {
    let (state, health) = node.state();
    let query_note = format!("target < {:.0} ms", db::QUERY_MS);
    let id = |field: &str| format!("database.{}.{field}", node.name);
    let mut facts = vec![
        Fact::judged("state", state, health).note(node.class.clone()),
        Fact::judged(
            "CPU",
            Unit::Percent.text(node.cpu_percent),
            node.cpu_health(),
        )
        .note(format!(
            "warning over {:.0} %; the plan's line {:.0} % for {} min",
            db::CPU_WARN_PERCENT,
            db::CPU_PERCENT,
            db::HOT_MINUTES
        )),
        Fact::judged(
            "connections",
            connections(node.connections, node.pool_size),
            node.pool_health(),
        )
        .note(format!(
            "of the pool; warning over {:.0} %, near full over {:.0} %",
            db::POOL_WARN * 100.0,
            db::POOL_NEAR_FULL * 100.0
        )),
        Fact::figure(&id("pool_size"), node.pool_size.map(f64::from), None),
        Fact::judged(
            "queries per second",
            Unit::PerSecond.text(node.queries_per_second),
            node.qps_health(),
        )
        .note(format!("target < {:.0}/s", db::QPS)),
        Fact::judged(
            "query time p95",
            Unit::Milliseconds.text(node.query_p95_ms),
            node.query_p95_health(),
        )
        .note(query_note.clone()),
        Fact::judged(
            "query time p99",
            Unit::Milliseconds.text(node.query_p99_ms),
            node.query_p99_health(),
        )
        .note(query_note),
    ];
    // The tab shows a primary's lag as missing; so does its detail, saying why.
    facts.push(match node.role {
        DatabaseRole::Replica => Fact::figure(
            &id("lag_seconds"),
            node.replication_lag_seconds,
            Some(node.lag_health()),
        )
        .note(format!("target < {:.0} s", db::LAG_SECONDS)),
        DatabaseRole::Primary => {
            Fact::figure(&id("lag_seconds"), None, None).note("a primary does not replicate")
        }
    });
    facts
}

pub(super) fn cache_facts(cache: &CacheStatus) -> Vec<Fact> {
    vec![
        Fact::judged(
            "hit ratio",
            Unit::Ratio.text(cache.hit_ratio),
            cache.hit_health(),
        )
        .note(format!(
            "target > {:.0} %; each miss is a database query",
            db::CACHE_HIT * 100.0
        )),
        Fact::plain(
            "connections",
            connections(Some(cache.connections_in_use), Some(cache.pool_size)),
        )
        .note("of the pool"),
    ]
}

/// Worst first: what a verdict leads with.
fn rank(health: Health) -> u8 {
    match health {
        Health::Critical => 0,
        Health::Warning => 1,
        Health::Unknown => 2,
        Health::Ok => 3,
    }
}

/// The key facts, then one sentence: the figures off target (or that none is) and what the
/// plan's tree says to do.
pub(super) fn now(name: &str, facts: Vec<Fact>, decisions: &[Decision]) -> Section {
    let judged = facts.iter().filter_map(|f| Some((f, f.health?)));
    let worst = judged.clone().map(|(_, h)| h).min_by_key(|h| rank(*h));
    let off: Vec<String> = judged
        .clone()
        .filter(|(_, h)| matches!(h, Health::Warning | Health::Critical))
        .map(|(f, _)| f.label.clone())
        .collect();
    let unknown = judged.filter(|(_, h)| *h == Health::Unknown).count();
    let mut sentence = if off.is_empty() && unknown == 0 {
        format!("{name} is within the plan's targets")
    } else if off.is_empty() {
        format!("{name}: {unknown} figure(s) unknown, the rest within target")
    } else {
        format!("{name}: off target: {}", off.join(", "))
    };
    let actions: Vec<&str> = decisions
        .iter()
        .filter(|d| d.answer == Some(true))
        .map(|d| d.outcome)
        .collect();
    if !decisions.is_empty() {
        sentence.push_str(&if actions.is_empty() {
            ". The plan's tree: no scaling needed".to_string()
        } else {
            format!(". The plan's tree: {}", actions.join("; "))
        });
    }
    Section::new("Now")
        .facts(facts)
        .text(sentence, Some(worst.unwrap_or(Health::Unknown)))
}

pub(super) fn decision_table(decisions: &[Decision]) -> Block {
    let mut table = Table::new(
        &[
            ("condition", false),
            ("asked of", false),
            ("value", true),
            ("answer", false),
            ("outcome", false),
        ],
        "no decisions for this node",
    );
    for d in decisions {
        let answer = match d.answer {
            Some(true) => Cell::judged("yes", Health::Warning),
            Some(false) => Cell::judged("no", Health::Ok),
            None => Cell::judged("unknown", Health::Unknown),
        };
        table = table.row(vec![
            Cell::plain(d.condition.clone()),
            Cell::plain(d.evaluated.clone()),
            Cell::plain(d.unit.text(d.value)),
            answer,
            Cell::plain(d.outcome),
        ]);
    }
    Block::Table(table)
}

pub(super) fn node_history(node: &DatabaseNode, extras: &DatabaseExtras) -> Section {
    let history = Section::new("History")
        .chart(
            "CPU %",
            Unit::Percent,
            extras.cpu_percent.as_ref(),
            Some(db::CPU_PERCENT),
        )
        .chart(
            "connections",
            Unit::Count,
            extras.connections.as_ref(),
            node.pool_size.map(f64::from),
        )
        .chart(
            "queries per second",
            Unit::PerSecond,
            extras.queries_per_second.as_ref(),
            Some(db::QPS),
        )
        .chart(
            "query time p95",
            Unit::Milliseconds,
            extras.query_p95_ms.as_ref(),
            Some(db::QUERY_MS),
        )
        .chart(
            "query time p99",
            Unit::Milliseconds,
            extras.query_p99_ms.as_ref(),
            Some(db::QUERY_MS),
        );
    match node.role {
        DatabaseRole::Replica => history.chart(
            "replication lag",
            Unit::Seconds,
            extras.replication_lag_seconds.as_ref(),
            Some(db::LAG_SECONDS),
        ),
        DatabaseRole::Primary => history,
    }
}
