//! The kinds, dispatched: build a subject's model.

use serde::Serialize;

use super::{Document, Inputs, Missing};
use crate::domain::detail::{Kind, Subject};

mod certificate;
mod check;
mod cost;
mod criterion;
mod database;
mod finding;
mod group;
mod service;

pub use group::GroupDetail;

/// One subject's model. Serialised as `describe --format json` (`"kind"` names it).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Detail {
    Group(group::GroupDetail),
    Service(service::ServiceDetail),
    Database(database::DatabaseDetail),
    Cost(cost::CostDetail),
    Certificate(certificate::CertificateDetail),
    Finding(finding::FindingDetail),
    Check(check::CheckDetail),
    Criterion(criterion::CriterionDetail),
}

impl Detail {
    pub fn document(&self) -> Document {
        match self {
            Self::Group(d) => d.document(),
            Self::Service(d) => d.document(),
            Self::Database(d) => d.document(),
            Self::Cost(d) => d.document(),
            Self::Certificate(d) => d.document(),
            Self::Finding(d) => d.document(),
            Self::Check(d) => d.document(),
            Self::Criterion(d) => d.document(),
        }
    }
}

pub fn build(inputs: &Inputs, subject: &Subject) -> Result<Detail, Missing> {
    let name = subject.name.as_str();
    Ok(match subject.kind {
        Kind::Group => Detail::Group(group::build(inputs, name)?),
        Kind::Service => Detail::Service(service::build(inputs, name)?),
        Kind::Database => Detail::Database(database::build(inputs, name)?),
        Kind::Cost => Detail::Cost(cost::build(inputs, name)?),
        Kind::Certificate => Detail::Certificate(certificate::build(inputs, name)?),
        Kind::Finding => Detail::Finding(finding::build(inputs, name)?),
        Kind::Check => Detail::Check(check::build(inputs, name)?),
        Kind::Criterion => Detail::Criterion(criterion::build(inputs, name)?),
    })
}

/// What a detail says of a field its source does not read.
fn not_known() -> String {
    "not known to this source".to_string()
}

/// A time as the tabs write it.
fn time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

/// The row of `rows` that `C` names `name`, or what names there are.
fn find<'a, C: crate::app::table::Columns>(
    rows: &'a [C::Row],
    kind: Kind,
    name: &str,
) -> Result<&'a C::Row, Missing> {
    rows.iter()
        .find(|r| C::id(r) == name)
        .ok_or_else(|| Missing::NotFound {
            kind: kind.name(),
            name: name.to_string(),
            known: rows.iter().map(C::id).collect(),
        })
}
