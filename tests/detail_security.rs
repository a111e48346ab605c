//! Certificate and finding details on the seeded demo: the detail's figures are the tab's
//! (days left, severity, workflow), and the demo's findings add up to its vulnerability counts.

mod common;

use common::simulator;
use opsconsole::app::detail::{Block, Detail, Document, Fact, Inputs, build};
use opsconsole::domain::detail::{Extras, Kind, Subject};
use opsconsole::domain::{FleetSnapshot, Severity, VulnerabilityCounts, WorkflowStatus};

/// The seeded snapshot with the extras the simulator gives `subject` while it is open.
fn focused(subject: &Subject) -> FleetSnapshot {
    let simulator = simulator();
    let mut snapshot = simulator.snapshot();
    snapshot.detail = simulator.detail(subject);
    snapshot
}

fn detail(snapshot: &FleetSnapshot, subject: &Subject) -> Detail {
    let inputs = Inputs {
        snapshot: Some(snapshot),
        report: None,
    };
    build(&inputs, subject).expect("the subject is on the tab")
}

fn fact<'a>(document: &'a Document, label: &str) -> &'a Fact {
    document
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Facts { facts } => Some(facts),
            _ => None,
        })
        .flatten()
        .find(|f| f.label == label)
        .unwrap_or_else(|| panic!("no fact {label:?} in {document:#?}"))
}

#[test]
fn a_certificate_counts_the_days_the_tab_counts_and_names_its_issuer() {
    let subject = Subject::new(Kind::Certificate, "www.example.com");
    let snapshot = focused(&subject);
    let now = snapshot.taken_at;
    let row = snapshot.security.as_ref().expect("security").certificates[1].clone();
    assert_eq!(row.name, "www.example.com");
    let Detail::Certificate(detail) = detail(&snapshot, &subject) else {
        panic!("a certificate");
    };
    // The tab's cell (golden security_120x40: "19d"), from the same row and method.
    assert_eq!(detail.days_left, row.days_left(now));
    assert_eq!(detail.days_left, 19);
    let document = detail.document();
    let days = fact(&document, "days left");
    assert_eq!(days.value, "19d");
    assert_eq!(days.health, Some(row.health(now)));
    let extras = detail.extras.expect("the simulator reads the certificate");
    assert_eq!(extras.subject.as_deref(), Some("CN=www.example.com"));
    assert_eq!(extras.sans, ["www.example.com", "example.com"]);
    assert!(
        extras
            .issuer
            .as_deref()
            .is_some_and(|i| i.contains("Let's Encrypt")),
        "{:?}",
        extras.issuer
    );
    // ACME certificates last 90 days: issued 90 days before they expire.
    assert_eq!(extras.validity_days(row.not_after), Some(90));
    assert_eq!(fact(&document, "validity").value, "90 days");
    assert_eq!(
        fact(&document, "names (SANs)").value,
        "www.example.com, example.com"
    );
}

#[test]
fn without_the_sources_extras_a_certificate_says_what_is_not_known() {
    let snapshot = simulator().snapshot();
    let subject = Subject::new(Kind::Certificate, "internal-ca");
    let document = detail(&snapshot, &subject).document();
    assert_eq!(fact(&document, "issuer").value, "not known to this source");
    assert_eq!(fact(&document, "days left").value, "1162d");
    let focused = focused(&subject);
    let document = detail(&focused, &subject).document();
    let issuer = fact(&document, "issuer");
    assert_eq!(issuer.value, "CN=internal-ca");
    assert_eq!(issuer.note, "self-signed: renewed by its owner");
}

#[test]
fn the_demos_findings_add_up_to_its_vulnerability_counts() {
    let snapshot = simulator().snapshot();
    let security = snapshot.security.as_ref().expect("security");
    let counts = security.vulnerabilities.expect("counts");
    let findings = security.findings.as_ref().expect("the demo lists findings");
    for severity in VulnerabilityCounts::SEVERITIES {
        let counted: u32 = WorkflowStatus::ALL
            .iter()
            .map(|w| findings.count(severity, *w))
            .sum();
        assert_eq!(counted, counts.count(severity), "{severity:?}");
    }
    assert_eq!(
        findings.total,
        counts.critical + counts.high + counts.medium + counts.low
    );
    // Listed: the open critical and high ones (the plan's target is none).
    assert_eq!(
        Some(u32::try_from(findings.top.len()).expect("few")),
        security.critical_high_open()
    );
    assert!(findings.top.iter().all(|f| f.severity <= Severity::High));
    assert!(
        findings
            .top
            .windows(2)
            .all(|w| w[0].severity <= w[1].severity)
    );
}

#[test]
fn a_finding_shows_the_tabs_severity_and_workflow_with_its_package_and_fix() {
    let snapshot = simulator().snapshot();
    let now = snapshot.taken_at;
    let top = &snapshot
        .security
        .as_ref()
        .expect("security")
        .findings
        .as_ref()
        .expect("findings")
        .top;
    for row in top {
        let subject = Subject::new(Kind::Finding, row.id.clone());
        let focused = focused(&subject);
        let Some(Extras::Finding(extras)) = focused.detail.as_ref().map(|d| &d.extras) else {
            panic!("the simulator knows {}", row.id);
        };
        let Detail::Finding(detail) = detail(&focused, &subject) else {
            panic!("a finding");
        };
        assert_eq!(&detail.row, row);
        let document = detail.document();
        let severity = fact(&document, "severity");
        assert_eq!(severity.value, row.severity.name().to_uppercase());
        assert_eq!(severity.health, Some(row.severity.health()));
        assert_eq!(fact(&document, "workflow").value, row.workflow.name());
        let package = extras.package.clone().expect("package");
        assert!(
            row.title.contains(&package),
            "{} names {package}",
            row.title
        );
        assert_eq!(fact(&document, "package").value, package);
        assert_eq!(
            Some(&fact(&document, "fixed in").value),
            extras.fixed_version.as_ref()
        );
        let seen = extras.first_seen.expect("first seen");
        assert!(seen <= now && row.updated_at == Some(seen));
        // Seen today it is new; from the next day on, notified.
        let new = seen.date_naive() == now.date_naive();
        assert_eq!(row.workflow == WorkflowStatus::New, new);
    }
    assert!(!top.is_empty(), "the seeded day has open critical or high");
}
