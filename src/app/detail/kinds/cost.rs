//! A cost line: its days, this month against last, its share, anomalies and savings.

use serde::Serialize;

use super::super::{Document, Fact, Inputs, Missing, Section};
use super::find;
use crate::app::table::Columns;
use crate::app::table::CostColumn;
use crate::domain::ServiceCost;
use crate::domain::detail::{CostExtras, Extras, Kind, Subject};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostDetail {
    pub row: ServiceCost,
    pub extras: Option<CostExtras>,
}

fn rows<'a>(inputs: &Inputs<'a>) -> Result<&'a [ServiceCost], Missing> {
    inputs
        .snapshot
        .and_then(|s| s.cost.as_ref())
        .map(|p| p.by_service.as_slice())
        .ok_or(Missing::NoData {
            noun: "cost",
            loading: inputs.snapshot.is_none(),
        })
}

pub fn names(inputs: &Inputs) -> Vec<String> {
    rows(inputs).map_or_else(|_| Vec::new(), |r| r.iter().map(CostColumn::id).collect())
}

pub fn build(inputs: &Inputs, name: &str) -> Result<CostDetail, Missing> {
    let row = find::<CostColumn>(rows(inputs)?, Kind::Cost, name)?;
    let extras = match inputs.extras(&Subject::new(Kind::Cost, name)) {
        Some(Extras::Cost(extras)) => Some(extras.clone()),
        _ => None,
    };
    Ok(CostDetail {
        row: row.clone(),
        extras,
    })
}

impl CostDetail {
    pub fn document(&self) -> Document {
        Document {
            sections: vec![
                Section::new("Now").facts(vec![Fact::plain("name", CostColumn::id(&self.row))]),
            ],
        }
    }
}
