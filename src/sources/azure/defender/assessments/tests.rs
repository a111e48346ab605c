use super::*;
use serde_json::json;

const SUB: &str = "/subscriptions/20ff7fc3-e762-44dd-bd96-b71116dcdc23";

fn assessment(key: &str, resource: &str, code: &str, changed: &str) -> Value {
    json!({
        "id": format!("{resource}/providers/Microsoft.Security/assessments/{key}"),
        "name": key,
        "type": "Microsoft.Security/assessments",
        "properties": {
            "resourceDetails": {"source": "Azure", "id": resource},
            "displayName": format!("check {key}"),
            "status": {"code": code, "statusChangeDate": changed}
        }
    })
}

fn metadata() -> Vec<Value> {
    ["high-1:High", "med-1:Medium", "low-1:low"]
        .iter()
        .map(|pair| {
            let (name, severity) = pair.split_once(':').expect("pair");
            json!({"name": name, "type": "Microsoft.Security/assessmentMetadata",
                   "properties": {"displayName": name, "severity": severity, "assessmentType": "BuiltIn"}})
        })
        .collect()
}

fn sample() -> Vec<Value> {
    let web = format!("{SUB}/resourceGroups/web/providers/Microsoft.App/containerApps/api");
    let data = format!("{SUB}/resourceGroups/Data/providers/Microsoft.Sql/servers/db1");
    vec![
        assessment("high-1", &web, "Unhealthy", "2026-12-01T10:00:00Z"),
        assessment("high-1", &data, "Unhealthy", "2026-12-03T10:00:00Z"),
        assessment("med-1", &web, "Healthy", "2026-12-02T10:00:00Z"),
        assessment("low-1", &data, "Unhealthy", "2026-12-04T10:00:00Z"),
        assessment("med-1", &data, "NotApplicable", "2026-12-04T10:00:00Z"),
        assessment("unknown-9", SUB, "Unhealthy", "2026-12-05T10:00:00Z"),
    ]
}

#[test]
fn unhealthy_are_open_by_their_types_severity_healthy_are_passed() {
    let findings = summarize(&sample(), &severities(&metadata()), &[]);
    use Severity::*;
    use WorkflowStatus::*;
    assert_eq!(
        findings.counts,
        [
            (High, New, 2),
            (Medium, Resolved, 1),
            (Low, New, 1),
            (Informational, New, 1)
        ],
        "not applicable is left out; a type without metadata is informational"
    );
    assert_eq!(findings.total, 5);
    assert_eq!(findings.source, "Defender for Cloud");
    let top: Vec<(&str, Option<&str>)> = findings
        .top
        .iter()
        .map(|f| (f.title.as_str(), f.resource.as_deref()))
        .collect();
    // Worst first, the newer of the two highs first; the healthy one is not open.
    assert_eq!(
        top,
        [
            ("check high-1", Some("Data/db1")),
            ("check high-1", Some("web/api")),
            ("check low-1", Some("Data/db1")),
            ("check unknown-9", Some("subscription")),
        ]
    );
    assert_eq!(findings.top[0].control.as_deref(), Some("high-1"));
    assert!(findings.top[0].updated_at.is_some());
}

#[test]
fn resource_groups_filter_without_case_and_drop_subscription_wide_ones() {
    let findings = summarize(&sample(), &severities(&metadata()), &["data".to_string()]);
    assert_eq!(findings.total, 2, "{:?}", findings.counts);
    assert!(
        findings
            .top
            .iter()
            .all(|f| f.resource.as_deref() == Some("Data/db1"))
    );
}

#[test]
fn a_findings_detail_is_its_first_evaluation_and_its_types_description() {
    let mut list = sample();
    list[1]["properties"]["status"]["firstEvaluationDate"] = json!("2026-11-20T08:00:00Z");
    let mut types = metadata();
    types[0]["properties"]["description"] = json!("Images should have no known CVEs");
    let id = list[1]["id"].as_str().expect("id").to_string();
    let found = detail(&list, &types, &id).expect("found");
    let Extras::Finding(extras) = &found.extras else {
        panic!("{found:?}")
    };
    assert_eq!(
        extras.description.as_deref(),
        Some("Images should have no known CVEs")
    );
    assert_eq!(
        extras.first_seen.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-11-20T08:00:00+00:00")
    );
    assert_eq!(found.subject, Subject::new(Kind::Finding, &id));
    assert!(detail(&list, &types, "/subscriptions/x/none").is_none());
}

#[test]
fn inline_metadata_wins_and_remote_text_is_cleaned() {
    let mut a = assessment("low-1", SUB, "Unhealthy", "bad date");
    a["properties"]["metadata"] = json!({"severity": "High"});
    a["properties"]["displayName"] = json!("evil\u{1b}[2J title");
    let findings = summarize(&[a], &severities(&metadata()), &[]);
    let f = &findings.top[0];
    assert_eq!(f.severity, Severity::High);
    assert_eq!(f.title, "evil\\x1b[2J title");
    assert_eq!(f.updated_at, None);
}
