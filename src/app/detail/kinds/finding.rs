//! A finding (or vulnerability): severity, resource or package, first seen, fixed version and
//! workflow state.

use serde::Serialize;

use super::super::{Document, Fact, Inputs, Missing, Section};
use super::find;
use crate::app::table::{Columns, FindingColumn};
use crate::domain::Finding;
use crate::domain::detail::{Extras, FindingExtras, Kind, Subject};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingDetail {
    pub row: Finding,
    pub extras: Option<FindingExtras>,
}

fn rows<'a>(inputs: &Inputs<'a>) -> Result<&'a [Finding], Missing> {
    inputs
        .snapshot
        .and_then(|s| s.security.as_ref())
        .and_then(|s| s.findings.as_ref())
        .map(|f| f.top.as_slice())
        .ok_or(Missing::NoData {
            noun: "findings",
            loading: inputs.snapshot.is_none(),
        })
}

pub fn names(inputs: &Inputs) -> Vec<String> {
    rows(inputs).map_or_else(
        |_| Vec::new(),
        |r| r.iter().map(FindingColumn::id).collect(),
    )
}

pub fn build(inputs: &Inputs, name: &str) -> Result<FindingDetail, Missing> {
    let row = find::<FindingColumn>(rows(inputs)?, Kind::Finding, name)?;
    let extras = match inputs.extras(&Subject::new(Kind::Finding, name)) {
        Some(Extras::Finding(extras)) => Some(extras.clone()),
        _ => None,
    };
    Ok(FindingDetail {
        row: row.clone(),
        extras,
    })
}

impl FindingDetail {
    pub fn document(&self) -> Document {
        Document {
            sections: vec![
                Section::new("Now").facts(vec![Fact::plain("title", self.row.title.clone())]),
            ],
        }
    }
}
