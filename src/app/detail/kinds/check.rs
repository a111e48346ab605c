//! A readiness check: its evidence, owner, last evaluation and history.

use serde::Serialize;

use super::super::{Cell, Document, Fact, Inputs, Missing, Section, Table};
use super::{find, time};
use crate::app::table::CheckColumn;
use crate::domain::ReadinessCheck;
use crate::domain::detail::{CheckExtras, Extras, Kind, Subject};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckDetail {
    pub row: ReadinessCheck,
    /// `None` until the source has given the check's history.
    pub extras: Option<CheckExtras>,
}

fn rows<'a>(inputs: &Inputs<'a>) -> Result<&'a [ReadinessCheck], Missing> {
    inputs
        .snapshot
        .and_then(|s| s.readiness.as_ref())
        .map(|p| p.checks.as_slice())
        .ok_or(Missing::NoData {
            noun: "check",
            loading: inputs.snapshot.is_none(),
        })
}

pub fn build(inputs: &Inputs, name: &str) -> Result<CheckDetail, Missing> {
    let row = find::<CheckColumn>(rows(inputs)?, Kind::Check, name)?;
    let extras = match inputs.extras(&Subject::new(Kind::Check, name)) {
        Some(Extras::Check(extras)) => Some(extras.clone()),
        _ => None,
    };
    Ok(CheckDetail {
        row: row.clone(),
        extras,
    })
}

impl CheckDetail {
    pub fn document(&self) -> Document {
        let c = &self.row;
        let health = c.state.health();
        let blocking = if c.blocking {
            "blocking: production waits for it"
        } else {
            "not blocking"
        };
        let since = self
            .extras
            .as_ref()
            .and_then(CheckExtras::since)
            .map(|at| format!("since {}", time(at)))
            .unwrap_or_default();
        let now = Section::new("Now")
            .text(
                format!("{}: {} ({})", c.name, c.state.label(), c.detail),
                Some(health),
            )
            .facts(vec![
                Fact::judged("state", c.state.label(), health).note(since),
                Fact::plain("evidence", c.detail.clone()),
                Fact::plain("owner", c.owner.clone()),
                Fact::plain(
                    "last evaluation",
                    c.evaluated_at.map_or_else(|| "never".to_string(), time),
                ),
                Fact::plain("category", c.category.label()).note(blocking),
            ]);
        Document {
            sections: vec![now, self.history()],
        }
    }

    /// The state changes, newest first, each with how long it lasted.
    fn history(&self) -> Section {
        let section = Section::new("History");
        let Some(extras) = &self.extras else {
            return section.text("no history from this source", None);
        };
        let mut table = Table::new(
            &[("since", false), ("state", false), ("until", false)],
            "no evaluations recorded",
        );
        let untils = extras.history.iter().skip(1).map(|(at, _)| time(*at));
        let rows: Vec<_> = extras
            .history
            .iter()
            .zip(untils.chain(["now".to_string()]))
            .collect();
        for ((since, state), until) in rows.into_iter().rev() {
            table = table.row(vec![
                Cell::plain(time(*since)),
                Cell::judged(state.label(), state.health()),
                Cell::plain(until),
            ]);
        }
        section.with(super::super::Block::Table(table))
    }
}
