//! A finding (or vulnerability): severity, resource or package, first seen, fixed version and
//! workflow state.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::super::{Document, Fact, Inputs, Missing, Section};
use super::{find, not_known, time};
use crate::app::table::FindingColumn;
use crate::domain::Finding;
use crate::domain::detail::{Extras, FindingExtras, Kind, Subject};
use crate::domain::figure::text::MISSING;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingDetail {
    pub row: Finding,
    /// Who found it (`Security Hub`).
    pub source: String,
    pub now: DateTime<Utc>,
    /// `None` until the source has read the finding itself.
    pub extras: Option<FindingExtras>,
}

fn list<'a>(inputs: &Inputs<'a>) -> Result<&'a crate::domain::Findings, Missing> {
    inputs
        .snapshot
        .and_then(|s| s.security.as_ref())
        .and_then(|s| s.findings.as_ref())
        .ok_or(Missing::NoData {
            noun: "findings",
            loading: inputs.snapshot.is_none(),
        })
}

pub fn build(inputs: &Inputs, name: &str) -> Result<FindingDetail, Missing> {
    let findings = list(inputs)?;
    let row = find::<FindingColumn>(&findings.top, Kind::Finding, name)?;
    let extras = match inputs.extras(&Subject::new(Kind::Finding, name)) {
        Some(Extras::Finding(extras)) => Some(extras.clone()),
        _ => None,
    };
    Ok(FindingDetail {
        row: row.clone(),
        source: findings.source.clone(),
        now: inputs
            .snapshot
            .map_or_else(|| row.updated_at.unwrap_or_default(), |s| s.taken_at),
        extras,
    })
}

impl FindingDetail {
    fn verdict(&self) -> String {
        let f = &self.row;
        let fix = match self.extras.as_ref().and_then(|e| e.fixed_version.as_ref()) {
            Some(fixed) => format!("; fixed in {fixed}"),
            None => String::new(),
        };
        let state = if f.workflow.is_open() {
            "open"
        } else {
            "closed"
        };
        format!(
            "{} {state} ({}){fix}",
            f.severity.name().to_uppercase(),
            f.workflow.name()
        )
    }

    pub fn document(&self) -> Document {
        let f = &self.row;
        let extras = self.extras.as_ref();
        let text = |value: Option<&String>| value.cloned().unwrap_or_else(not_known);
        let first_seen = extras
            .and_then(|e| e.first_seen)
            .map_or_else(not_known, time);
        let open_for = extras
            .and_then(|e| e.days_open(self.now))
            .map(|d| format!("open {d} days"))
            .unwrap_or_default();
        // Open findings judge by their severity; closed ones ask nothing of anyone.
        let health = f.workflow.is_open().then(|| f.severity.health());
        let mut severity = Fact::plain("severity", f.severity.name().to_uppercase());
        severity.health = health;
        let now = Section::new("Now").text(self.verdict(), health).facts(vec![
            severity,
            Fact::plain("workflow", f.workflow.name()),
            Fact::plain("first seen", first_seen).note(open_for),
            Fact::plain(
                "updated",
                f.updated_at.map_or_else(|| MISSING.to_string(), time),
            ),
        ]);
        let what = Section::new("What")
            .facts(vec![
                Fact::plain("title", f.title.clone()),
                Fact::plain("resource", text(f.resource.as_ref())),
                Fact::plain("control", text(f.control.as_ref())),
                Fact::plain("package", text(extras.and_then(|e| e.package.as_ref()))),
                Fact::plain(
                    "installed",
                    text(extras.and_then(|e| e.installed_version.as_ref())),
                ),
                Fact::plain(
                    "fixed in",
                    text(extras.and_then(|e| e.fixed_version.as_ref())),
                ),
                Fact::plain("found by", self.source.clone()),
            ])
            .text(text(extras.and_then(|e| e.description.as_ref())), None);
        Document {
            sections: vec![now, what],
        }
    }
}
