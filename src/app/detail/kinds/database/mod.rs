//! A database node (or the cache): its figures against the ALAWAEL plan's targets, the plan's
//! decision tree evaluated, and each figure's history with its line.

use serde::Serialize;

use super::super::{Document, Inputs, Missing, Section};
use super::find;
use crate::app::table::{TierColumn, TierRow};
use crate::domain::detail::database::decision_tree;
use crate::domain::detail::{DatabaseExtras, Decision, Extras, Kind, Subject};
use crate::domain::scaling::database_targets as db;
use crate::domain::{CacheStatus, DatabaseNode, DatabaseRole, Unit};
use sections::{cache_facts, decision_table, node_facts, node_history, now};

mod sections;

/// The row's node as the tab has it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "tier")]
pub enum Node {
    Database(DatabaseNode),
    Cache(CacheStatus),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DatabaseDetail {
    pub node: Node,
    /// The plan's tree, asked of a database node; none for the cache.
    pub decisions: Vec<Decision>,
    /// `None` until the source has fetched the node's history.
    pub extras: Option<DatabaseExtras>,
}

fn rows(inputs: &Inputs) -> Result<Vec<TierRow>, Missing> {
    inputs
        .snapshot
        .and_then(|s| s.scaling.as_ref())
        .map(TierRow::of)
        .ok_or(Missing::NoData {
            noun: "data tier",
            loading: inputs.snapshot.is_none(),
        })
}

pub fn build(inputs: &Inputs, name: &str) -> Result<DatabaseDetail, Missing> {
    let rows = rows(inputs)?;
    let row = find::<TierColumn>(&rows, Kind::Database, name)?;
    let extras = match inputs.extras(&Subject::new(Kind::Database, name)) {
        Some(Extras::Database(extras)) => Some(extras.clone()),
        _ => None,
    };
    let (node, decisions) = match row {
        TierRow::Database(node) => {
            // The lag question on the primary is the worst replica's, as the tab shows it.
            let worst_lag = rows
                .iter()
                .filter_map(|r| match r {
                    TierRow::Database(n) if n.role == DatabaseRole::Replica => {
                        n.replication_lag_seconds.filter(|l| l.is_finite())
                    }
                    _ => None,
                })
                .reduce(f64::max);
            let cpu = extras.as_ref().and_then(|e| e.cpu_percent.as_ref());
            let decisions = decision_tree(node, cpu, worst_lag);
            (Node::Database(node.clone()), decisions)
        }
        TierRow::Cache(cache) => (Node::Cache(cache.clone()), Vec::new()),
    };
    Ok(DatabaseDetail {
        node,
        decisions,
        extras,
    })
}

impl DatabaseDetail {
    pub fn document(&self) -> Document {
        let extras = self.extras.clone().unwrap_or_default();
        let sections = match &self.node {
            Node::Database(node) => {
                let facts = node_facts(node);
                vec![
                    now(&node.name, facts, &self.decisions),
                    Section::new("Decision tree (ALAWAEL plan 7B.4)")
                        .with(decision_table(&self.decisions)),
                    node_history(node, &extras),
                ]
            }
            Node::Cache(cache) => vec![
                now(&cache.name, cache_facts(cache), &[]),
                Section::new("History")
                    .chart(
                        "hit ratio",
                        Unit::Ratio,
                        extras.hit_ratio.as_ref(),
                        Some(db::CACHE_HIT),
                    )
                    .chart(
                        "connections",
                        Unit::Count,
                        extras.connections.as_ref(),
                        Some(f64::from(cache.pool_size)),
                    ),
            ],
        };
        Document { sections }
    }
}
