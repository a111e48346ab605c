//! Detail: what one object (a group, a service, a database, a cost line, a certificate, a
//! finding, a readiness check, a checkpoint criterion) is and why its figures are what they are.
//!
//! A [`Subject`] names the object (`group/web`); it is what Enter opens, what `describe` takes
//! and what sources are told to look at. While a subject is open, sources add an
//! [`ObjectDetail`] to their snapshots: the data only a detail needs (instances, endpoints,
//! histories), fetched only then. Figures the tabs already show are never fetched twice: the
//! detail model in `app` reads them from the same snapshot rows.

pub mod cost;
pub mod database;
mod group;
mod readiness;
mod security;
mod service;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

pub use cost::CostExtras;
pub use database::{DatabaseExtras, Decision};
pub use group::{Alarm, GroupExtras, IN_SERVICE, Instance, ScalingLimit, limits};
pub use readiness::CheckExtras;
pub use security::{CertificateExtras, FindingExtras};
pub use service::{
    Endpoint, ServiceExtras, availability_sli, budget_over_window, latency_sli, sli_text,
};

/// The kinds of object a detail view shows; the names are `describe`'s vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Group,
    Service,
    Database,
    Cost,
    Certificate,
    Finding,
    Check,
    Criterion,
}

impl Kind {
    pub const ALL: [Self; 8] = [
        Self::Group,
        Self::Service,
        Self::Database,
        Self::Cost,
        Self::Certificate,
        Self::Finding,
        Self::Check,
        Self::Criterion,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Group => "group",
            Self::Service => "service",
            Self::Database => "database",
            Self::Cost => "cost",
            Self::Certificate => "certificate",
            Self::Finding => "finding",
            Self::Check => "check",
            Self::Criterion => "criterion",
        }
    }

    /// The tab whose rows are of this kind: the sources that cover it answer for the subject.
    pub fn topic(self) -> crate::domain::Topic {
        use crate::domain::Topic;
        match self {
            Self::Group | Self::Database => Topic::Scaling,
            Self::Service => Topic::Latency,
            Self::Cost => Topic::Cost,
            Self::Certificate | Self::Finding => Topic::Security,
            Self::Check => Topic::Readiness,
            Self::Criterion => Topic::Checkpoint,
        }
    }

    fn names() -> String {
        Self::ALL.map(Self::name).join(", ")
    }
}

/// One object: its kind and its name as the tab's row identity says it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Subject {
    pub kind: Kind,
    pub name: String,
}

impl Subject {
    pub fn new(kind: Kind, name: impl Into<String>) -> Self {
        Self {
            kind,
            name: name.into(),
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind.name(), self.name)
    }
}

impl FromStr for Subject {
    type Err = String;

    /// `KIND/NAME`; the name may itself hold slashes (a route, an ARN).
    fn from_str(text: &str) -> Result<Self, String> {
        let (kind, name) = text
            .split_once('/')
            .ok_or_else(|| format!("expected KIND/NAME, got {text:?}; kinds: {}", Kind::names()))?;
        let kind = Kind::ALL
            .into_iter()
            .find(|k| k.name() == kind)
            .ok_or_else(|| format!("unknown kind {kind:?}; kinds: {}", Kind::names()))?;
        if name.is_empty() {
            return Err(format!("{text:?} names no {}", kind.name()));
        }
        Ok(Self::new(kind, name))
    }
}

/// Where one of a detail's figures comes from: the PromQL with the row's labels, the cloud
/// call, or the simulator's figure id. Shown by `i` and printed by `describe`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    pub figure: String,
    pub from: String,
}

/// The data only a detail needs, per kind. A criterion's detail needs nothing beyond the
/// checkpoint's own report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Extras {
    Group(GroupExtras),
    Service(ServiceExtras),
    Database(DatabaseExtras),
    Cost(CostExtras),
    Certificate(CertificateExtras),
    Finding(FindingExtras),
    Check(CheckExtras),
}

/// What a source knows about the open subject beyond the tabs' figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectDetail {
    pub subject: Subject,
    pub extras: Extras,
    pub provenance: Vec<Provenance>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_parse_and_print_as_kind_slash_name() {
        let subject: Subject = "service/api/v1".parse().expect("parses");
        assert_eq!(subject, Subject::new(Kind::Service, "api/v1"));
        assert_eq!(subject.to_string(), "service/api/v1");
        let error = "pod/web".parse::<Subject>().expect_err("no such kind");
        assert!(error.contains("unknown kind \"pod\""), "{error}");
        assert!(error.contains("group, service, database"), "{error}");
        assert!("group".parse::<Subject>().is_err());
        assert!("group/".parse::<Subject>().is_err());
    }
}
