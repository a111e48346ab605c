//! Assessments - List (2021-06-01) as findings: an unhealthy assessment is an open finding
//! (`new`), a healthy one a passed check (`resolved`, as Security Hub files its passed checks);
//! not applicable ones were not assessed and are left out. Assessments - List carries no
//! severity (`$expand` is documented on Assessments - Get only), so each takes its type's from
//! Assessments Metadata - List By Subscription, joined on the assessment key (its `name`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::domain::detail::{Extras, FindingExtras, Kind, ObjectDetail, Provenance, Subject};
use crate::domain::remote_text;
use crate::domain::{Finding, Findings, Severity, WorkflowStatus};

/// Named in the findings panel's title.
pub const SOURCE: &str = "Defender for Cloud";

/// Severity by assessment key (lower case: ARM names compare without case).
pub fn severities(metadata: &[Value]) -> HashMap<String, Severity> {
    metadata
        .iter()
        .filter_map(|m| {
            let name = m.get("name")?.as_str()?;
            Some((name.to_ascii_lowercase(), severity(m.get("properties")?)?))
        })
        .collect()
}

/// Metadata's `severity`: Low, Medium or High (Defender has no critical).
fn severity(metadata: &Value) -> Option<Severity> {
    match metadata.get("severity")?.as_str()? {
        s if s.eq_ignore_ascii_case("high") => Some(Severity::High),
        s if s.eq_ignore_ascii_case("medium") => Some(Severity::Medium),
        s if s.eq_ignore_ascii_case("low") => Some(Severity::Low),
        _ => None,
    }
}

/// The assessments of the configured resource groups (all when none is), as the tab's findings.
pub fn summarize(
    assessments: &[Value],
    severities: &HashMap<String, Severity>,
    groups: &[String],
) -> Findings {
    let findings: Vec<Finding> = assessments
        .iter()
        .filter_map(|a| finding(a, severities))
        .filter(|(_, resource)| in_groups(resource, groups))
        .map(|(finding, _)| finding)
        .collect();
    Findings {
        source: SOURCE.into(),
        counts: Findings::tally(&findings),
        top: Findings::worst(findings.iter().filter(|f| f.workflow.is_open())),
        total: u32::try_from(findings.len()).unwrap_or(u32::MAX),
        // `ArmClient::list` reads every page or fails.
        truncated: false,
        // The score is Defender's own, not computed from these.
        controls_passed: 0,
        controls_with_data: 0,
    }
}

/// One assessment and the full id of the resource it assessed; `None` when not applicable.
fn finding(
    assessment: &Value,
    severities: &HashMap<String, Severity>,
) -> Option<(Finding, String)> {
    let properties = assessment.get("properties")?;
    let text = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .map(|s| remote_text::clean(s).into_owned())
    };
    let status = properties.get("status");
    let workflow = match status.and_then(|s| s.get("code")).and_then(Value::as_str)? {
        "Unhealthy" => WorkflowStatus::New,
        "Healthy" => WorkflowStatus::Resolved,
        _ => return None,
    };
    let id = text(assessment.get("id"))?;
    let key = text(assessment.get("name"));
    // The assessment's own metadata when ARM sent it, else its type's.
    let severity = properties
        .get("metadata")
        .and_then(severity)
        .or_else(|| {
            key.as_ref()
                .and_then(|k| severities.get(&k.to_ascii_lowercase()).copied())
        })
        // Unknown: listed with the informational ones rather than raised or dropped.
        .unwrap_or(Severity::Informational);
    let resource = text(properties.pointer("/resourceDetails/id"))
        .or_else(|| {
            id.split("/providers/Microsoft.Security/assessments/")
                .next()
                .map(str::to_string)
        })
        .unwrap_or_default();
    let updated_at = status
        .and_then(|s| s.get("statusChangeDate"))
        .and_then(Value::as_str)
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc));
    let finding = Finding {
        title: text(properties.get("displayName")).unwrap_or_else(|| "(untitled)".into()),
        severity,
        workflow,
        control: key,
        resource: Some(short_resource(&resource)),
        updated_at,
        id,
    };
    Some((finding, resource))
}

/// The detail of the finding `id` (an assessment's ARM id): when Defender first evaluated it,
/// and its type's description from the metadata.
pub fn detail(assessments: &[Value], metadata: &[Value], id: &str) -> Option<ObjectDetail> {
    let assessment = assessments.iter().find(|a| {
        a.get("id")
            .and_then(Value::as_str)
            .is_some_and(|i| i.eq_ignore_ascii_case(id))
    })?;
    let key = assessment
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let description = metadata
        .iter()
        .find(|m| {
            m.get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| n.eq_ignore_ascii_case(key))
        })
        .and_then(|m| m.pointer("/properties/description"))
        .and_then(Value::as_str)
        .map(|d| remote_text::clean(d).into_owned());
    let first_seen = assessment
        .pointer("/properties/status/firstEvaluationDate")
        .and_then(Value::as_str)
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc));
    Some(ObjectDetail {
        subject: Subject::new(Kind::Finding, id),
        extras: Extras::Finding(FindingExtras {
            first_seen,
            description,
            ..FindingExtras::default()
        }),
        provenance: vec![Provenance {
            figure: "finding".into(),
            from: "Defender for Cloud: Assessments - List and Assessments Metadata - List By Subscription (2021-06-01)".into(),
        }],
    })
}

/// Whether an ARM resource id is in one of `groups` (any when there are none).
fn in_groups(resource: &str, groups: &[String]) -> bool {
    groups.is_empty()
        || groups
            .iter()
            .any(|g| resource_group(resource).is_some_and(|rg| rg.eq_ignore_ascii_case(g)))
}

fn resource_group(resource: &str) -> Option<&str> {
    let mut parts = resource.split('/');
    parts.find(|p| p.eq_ignore_ascii_case("resourceGroups"))?;
    parts.next()
}

/// `group/name` of an ARM resource id, enough to find it in a table; the subscription itself
/// (subscription-wide recommendations) as `subscription`.
fn short_resource(resource: &str) -> String {
    let name = resource
        .rsplit('/')
        .find(|p| !p.is_empty())
        .unwrap_or(resource);
    match resource_group(resource) {
        Some(group) if group != name => format!("{group}/{name}"),
        Some(group) => group.to_string(),
        None if resource.trim_end_matches('/').matches('/').count() <= 2 => "subscription".into(),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests;
