//! A readiness check: its evidence, owner, last evaluation and history.

use serde::Serialize;

use super::super::{Document, Fact, Inputs, Missing, Section};
use super::find;
use crate::app::table::CheckColumn;
use crate::app::table::Columns;
use crate::domain::ReadinessCheck;
use crate::domain::detail::{CheckExtras, Extras, Kind, Subject};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckDetail {
    pub row: ReadinessCheck,
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

pub fn names(inputs: &Inputs) -> Vec<String> {
    rows(inputs).map_or_else(|_| Vec::new(), |r| r.iter().map(CheckColumn::id).collect())
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
        Document {
            sections: vec![
                Section::new("Now").facts(vec![Fact::plain("name", CheckColumn::id(&self.row))]),
            ],
        }
    }
}
