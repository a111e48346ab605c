//! A checkpoint criterion: its definition and target, this week against the weeks before, and
//! where its figure comes from.

use serde::Serialize;

use super::super::{Document, Fact, Inputs, Missing, Section};
use super::find;
use crate::app::table::{Columns, CriterionColumn};
use crate::domain::checkpoint::CriterionResult;
use crate::domain::detail::Kind;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionDetail {
    pub row: CriterionResult,
}

fn rows<'a>(inputs: &Inputs<'a>) -> Result<&'a [CriterionResult], Missing> {
    inputs
        .report
        .map(|r| r.criteria.as_slice())
        .ok_or(Missing::NoData {
            noun: "checkpoint",
            loading: true,
        })
}

pub fn names(inputs: &Inputs) -> Vec<String> {
    rows(inputs).map_or_else(
        |_| Vec::new(),
        |r| r.iter().map(CriterionColumn::id).collect(),
    )
}

pub fn build(inputs: &Inputs, name: &str) -> Result<CriterionDetail, Missing> {
    let row = find::<CriterionColumn>(rows(inputs)?, Kind::Criterion, name)?;
    Ok(CriterionDetail { row: row.clone() })
}

impl CriterionDetail {
    pub fn document(&self) -> Document {
        Document {
            sections: vec![
                Section::new("Now").facts(vec![Fact::plain("criterion", self.row.name.clone())]),
            ],
        }
    }
}
