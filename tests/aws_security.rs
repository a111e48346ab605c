//! Security Hub through the real SDK against moto: findings imported with BatchImportFindings
//! (more than one page of GetFindings), read back, counted and scored on the Security tab.
#![cfg(feature = "aws")]

mod common;
mod stack;

use aws_sdk_securityhub::types::{
    AwsSecurityFinding, Compliance, ComplianceStatus, RecordState, Resource, Severity,
    SeverityLabel, Workflow, WorkflowStatus,
};
use common::{draw, lines, simulator, state_with, text};
use opsconsole::app::Topic;
use opsconsole::sources::aws::security;
use stack::moto::Moto;

/// What one imported finding checks, if anything, and how it stands.
struct Spec {
    severity: SeverityLabel,
    workflow: WorkflowStatus,
    /// (control id or `None` for a generator-only control finding, generator, status)
    check: Option<(Option<&'static str>, &'static str, ComplianceStatus)>,
    archived: bool,
    title: &'static str,
}

fn finding(n: usize, spec: &Spec) -> AwsSecurityFinding {
    let generator = spec.check.as_ref().map_or("guardduty", |c| c.1);
    let mut finding = AwsSecurityFinding::builder()
        .schema_version("2018-10-08")
        .id(format!("finding-{n:03}"))
        .product_arn("arn:aws:securityhub:us-east-1::product/aws/securityhub")
        .generator_id(generator)
        .aws_account_id("123456789012")
        .types("Software and Configuration Checks")
        .created_at("2026-11-01T00:00:00Z")
        // Later findings are newer.
        .updated_at(format!("2026-11-17T{:02}:{:02}:00Z", n / 60 % 24, n % 60))
        .severity(Severity::builder().label(spec.severity.clone()).build())
        .title(spec.title)
        .description("imported by a test")
        .resources(
            Resource::builder()
                .r#type("AwsAccount")
                .id(format!("arn:aws:iam::123456789012:resource/{n:03}"))
                .build(),
        )
        .workflow(Workflow::builder().status(spec.workflow.clone()).build())
        .record_state(if spec.archived {
            RecordState::Archived
        } else {
            RecordState::Active
        });
    if let Some((control, _, status)) = &spec.check {
        let compliance = Compliance::builder().status(status.clone());
        let compliance = match control {
            Some(id) => compliance.security_control_id(*id),
            None => compliance,
        };
        finding = finding.compliance(compliance.build());
    }
    finding.build()
}

fn spec(
    severity: SeverityLabel,
    workflow: WorkflowStatus,
    check: Option<(Option<&'static str>, &'static str, ComplianceStatus)>,
    title: &'static str,
) -> Spec {
    Spec {
        severity,
        workflow,
        check,
        archived: false,
        title,
    }
}

/// 113 findings, 108 of them active. Controls with data: S3.1–S3.8 and a CIS check (passed
/// everywhere), IAM.1 (one failure among passes), EC2.2 (failed); EC2.3 has no data.
fn findings() -> Vec<AwsSecurityFinding> {
    use ComplianceStatus::{Failed, NotAvailable, Passed};
    use SeverityLabel as S;
    use WorkflowStatus as W;
    const S3: [&str; 8] = [
        "S3.1", "S3.2", "S3.3", "S3.4", "S3.5", "S3.6", "S3.7", "S3.8",
    ];
    let mut specs = Vec::new();
    for control in S3 {
        for _ in 0..10 {
            let check = Some((Some(control), "security-control/S3", Passed));
            specs.push(spec(
                S::Informational,
                W::Resolved,
                check,
                "S3 check passed",
            ));
        }
    }
    for _ in 0..9 {
        let check = Some((Some("IAM.1"), "security-control/IAM.1", Passed));
        specs.push(spec(
            S::Informational,
            W::Resolved,
            check,
            "IAM check passed",
        ));
    }
    let iam = Some((Some("IAM.1"), "security-control/IAM.1", Failed));
    specs.push(spec(S::High, W::New, iam, "IAM policies allow full admin"));
    for _ in 0..5 {
        let check = Some((Some("EC2.2"), "security-control/EC2.2", Failed));
        specs.push(spec(
            S::Critical,
            W::Notified,
            check,
            "Default security group open",
        ));
    }
    for _ in 0..4 {
        let check = Some((Some("EC2.3"), "security-control/EC2.3", NotAvailable));
        specs.push(spec(
            S::Medium,
            W::New,
            check,
            "EBS encryption not evaluated",
        ));
    }
    for _ in 0..3 {
        let check = Some((None, "cis-aws-foundations-benchmark/v/1.2.0/1.4", Passed));
        specs.push(spec(S::Informational, W::Resolved, check, "CIS 1.4 passed"));
    }
    for _ in 0..2 {
        specs.push(spec(
            S::High,
            W::New,
            None,
            "Unusual API calls from a TOR exit",
        ));
    }
    for _ in 0..4 {
        specs.push(spec(S::Low, W::Suppressed, None, "Port probe"));
    }
    // Archived: would add a failed control and five critical findings if counted.
    for _ in 0..5 {
        let check = Some((Some("ARCH.1"), "security-control/ARCH.1", Failed));
        let mut archived = spec(S::Critical, W::New, check, "Archived problem");
        archived.archived = true;
        specs.push(archived);
    }
    specs
        .iter()
        .enumerate()
        .map(|(n, s)| finding(n, s))
        .collect()
}

/// The numbers of the count grid's row for `severity` (left panel, below its title).
fn grid_row(lines: &[String], severity: &str) -> Vec<u32> {
    let title = lines
        .iter()
        .position(|l| l.contains("Security Hub findings"))
        .expect("findings panel");
    let cell = lines[title..]
        .iter()
        .filter_map(|l| l.split('│').nth(1))
        .find(|cell| cell.trim_start().starts_with(&format!("{severity} ")))
        .unwrap_or_else(|| panic!("no grid row {severity}"));
    cell.split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect()
}

#[tokio::test]
async fn imported_findings_are_counted_and_scored_on_the_security_tab() {
    let moto = Moto::start();
    let (clients, _) = moto.console().await;
    let all = findings();
    assert_eq!(all.len(), 113, "more than a page of 100");
    for batch in all.chunks(100) {
        let imported = clients
            .securityhub
            .batch_import_findings()
            .set_findings(Some(batch.to_vec()))
            .send()
            .await
            .expect("import findings");
        assert_eq!(imported.failed_count(), Some(0));
    }

    let view = security::poll(&clients).await.expect("security view");
    let findings = view.findings.clone().expect("findings");
    assert_eq!(findings.total, 108, "archived ones left out");
    assert!(!findings.truncated);
    assert_eq!(
        (findings.controls_passed, findings.controls_with_data),
        (9, 11)
    );
    let score = view.score_percent.expect("a score");
    assert!((score - 900.0 / 11.0).abs() < 1e-9, "{score}");
    assert_eq!(
        view.score_basis.as_deref(),
        Some("passed controls / controls with data, of 11 controls (not Security Hub's own score)")
    );
    assert_eq!(
        findings.top.len(),
        12,
        "5 critical, 3 high and 4 medium open"
    );
    assert!(
        findings.top[..5]
            .iter()
            .all(|f| f.title == "Default security group open"
                && f.control.as_deref() == Some("EC2.2"))
    );
    assert!(
        findings.top[0].updated_at > findings.top[4].updated_at,
        "newest first"
    );
    assert_eq!(
        (view.vulnerabilities, view.score_target_percent),
        (None, 85.0)
    );

    let mut snapshot = simulator().snapshot();
    snapshot.security = Some(view);
    let mut state = state_with(snapshot, Topic::Security);
    let buffer = draw(&mut state, 200, 50, false);
    let (text, lines) = (text(&buffer), lines(&buffer));
    assert!(
        text.contains("Security score 81.8% (target >= 85%: missed) · score = passed controls / controls with data, of 11 controls (not Security Hub's own score)"),
        "{text}"
    );
    assert!(
        text.contains("Security not met: score missed, open critical and high unknown"),
        "Security Hub has no vulnerability counts: unknown, not 0: {text}"
    );
    assert!(
        text.contains("Security Hub findings · 108 active"),
        "{text}"
    );
    // new, notified, resolved, suppressed
    assert_eq!(grid_row(&lines, "critical"), [0, 5, 0, 0]);
    assert_eq!(grid_row(&lines, "high"), [3, 0, 0, 0]);
    assert_eq!(grid_row(&lines, "medium"), [4, 0, 0, 0]);
    assert_eq!(grid_row(&lines, "low"), [0, 0, 0, 4]);
    assert_eq!(grid_row(&lines, "info"), [0, 0, 92, 0]);
    // The worst open findings table: title, severity, control, resource.
    let worst = lines
        .iter()
        .find(|l| l.contains("│Default security group open "))
        .unwrap_or_else(|| panic!("no critical finding listed: {text}"));
    assert!(
        worst.contains(" CRITICAL ")
            && worst.contains(" EC2.2 ")
            && worst.contains("arn:aws:iam::123456789012:resource/"),
        "{worst}"
    );
    let admin = lines
        .iter()
        .find(|l| l.contains("│IAM policies allow full admin "))
        .unwrap_or_else(|| panic!("no high finding listed: {text}"));
    assert!(admin.contains(" HIGH "), "{admin}");
    assert!(!text.contains("Archived problem"));
}
