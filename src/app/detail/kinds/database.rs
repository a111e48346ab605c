//! A database node (or the cache): its figures against the plan's limits, with history, and
//! the plan's decision tree evaluated.

use serde::Serialize;

use super::super::{Document, Fact, Inputs, Missing, Section};
use super::find;
use crate::app::table::{Columns, TierColumn, TierRow};
use crate::domain::detail::{DatabaseExtras, Extras, Kind, Subject};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DatabaseDetail {
    #[serde(skip)]
    pub row: TierRow,
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

pub fn names(inputs: &Inputs) -> Vec<String> {
    rows(inputs).map_or_else(|_| Vec::new(), |r| r.iter().map(TierColumn::id).collect())
}

pub fn build(inputs: &Inputs, name: &str) -> Result<DatabaseDetail, Missing> {
    let rows = rows(inputs)?;
    let row = find::<TierColumn>(&rows, Kind::Database, name)?;
    let extras = match inputs.extras(&Subject::new(Kind::Database, name)) {
        Some(Extras::Database(extras)) => Some(extras.clone()),
        _ => None,
    };
    Ok(DatabaseDetail {
        row: row.clone(),
        extras,
    })
}

impl DatabaseDetail {
    pub fn document(&self) -> Document {
        Document {
            sections: vec![
                Section::new("Now").facts(vec![Fact::plain("name", TierColumn::id(&self.row))]),
            ],
        }
    }
}
