//! A service: its objective, budget, burn, percentiles and endpoints.

use serde::Serialize;

use super::super::{Document, Fact, Inputs, Missing, Section};
use super::find;
use crate::app::table::Columns;
use crate::app::table::ServiceColumn;
use crate::domain::ServiceLatency;
use crate::domain::detail::{Extras, Kind, ServiceExtras, Subject};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceDetail {
    pub row: ServiceLatency,
    pub extras: Option<ServiceExtras>,
}

fn rows<'a>(inputs: &Inputs<'a>) -> Result<&'a [ServiceLatency], Missing> {
    inputs
        .snapshot
        .and_then(|s| s.latency.as_ref())
        .map(|p| p.services.as_slice())
        .ok_or(Missing::NoData {
            noun: "service",
            loading: inputs.snapshot.is_none(),
        })
}

pub fn names(inputs: &Inputs) -> Vec<String> {
    rows(inputs).map_or_else(
        |_| Vec::new(),
        |r| r.iter().map(ServiceColumn::id).collect(),
    )
}

pub fn build(inputs: &Inputs, name: &str) -> Result<ServiceDetail, Missing> {
    let row = find::<ServiceColumn>(rows(inputs)?, Kind::Service, name)?;
    let extras = match inputs.extras(&Subject::new(Kind::Service, name)) {
        Some(Extras::Service(extras)) => Some(extras.clone()),
        _ => None,
    };
    Ok(ServiceDetail {
        row: row.clone(),
        extras,
    })
}

impl ServiceDetail {
    pub fn document(&self) -> Document {
        Document {
            sections: vec![
                Section::new("Now").facts(vec![Fact::plain("name", ServiceColumn::id(&self.row))]),
            ],
        }
    }
}
