//! A certificate: who issued it, for which names, and how long it has left.

use serde::Serialize;

use super::super::{Document, Fact, Inputs, Missing, Section};
use super::find;
use crate::app::table::CertificateColumn;
use crate::app::table::Columns;
use crate::domain::Certificate;
use crate::domain::detail::{CertificateExtras, Extras, Kind, Subject};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertificateDetail {
    pub row: Certificate,
    pub extras: Option<CertificateExtras>,
}

fn rows<'a>(inputs: &Inputs<'a>) -> Result<&'a [Certificate], Missing> {
    inputs
        .snapshot
        .and_then(|s| s.security.as_ref())
        .map(|p| p.certificates.as_slice())
        .ok_or(Missing::NoData {
            noun: "certificate",
            loading: inputs.snapshot.is_none(),
        })
}

pub fn names(inputs: &Inputs) -> Vec<String> {
    rows(inputs).map_or_else(
        |_| Vec::new(),
        |r| r.iter().map(CertificateColumn::id).collect(),
    )
}

pub fn build(inputs: &Inputs, name: &str) -> Result<CertificateDetail, Missing> {
    let row = find::<CertificateColumn>(rows(inputs)?, Kind::Certificate, name)?;
    let extras = match inputs.extras(&Subject::new(Kind::Certificate, name)) {
        Some(Extras::Certificate(extras)) => Some(extras.clone()),
        _ => None,
    };
    Ok(CertificateDetail {
        row: row.clone(),
        extras,
    })
}

impl CertificateDetail {
    pub fn document(&self) -> Document {
        Document {
            sections: vec![
                Section::new("Now")
                    .facts(vec![Fact::plain("name", CertificateColumn::id(&self.row))]),
            ],
        }
    }
}
