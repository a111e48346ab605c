//! `mark-finding`'s call against Security Hub in the AWS emulator moto: the finding is found by
//! its id through GetFindings (for its product ARN, the other half of its identity), an unknown
//! id is refused by name, and the change goes to BatchUpdateFindings with the status and note.
//! moto 5.2.1 does not implement BatchUpdateFindings: there the call's error must name it and
//! leave the finding as it was; an emulator that does must show the new status read back.
#![cfg(feature = "aws")]

mod stack;

use aws_sdk_securityhub::types::{
    AwsSecurityFinding, Resource, Severity, SeverityLabel, Workflow, WorkflowStatus as Sdk,
};
use opsconsole::domain::WorkflowStatus;
use opsconsole::domain::runbook::FleetCommand;
use opsconsole::sources::aws::actions::act;
use opsconsole::sources::aws::security;
use stack::moto::Moto;

const ID: &str = "finding-tor";

fn finding() -> AwsSecurityFinding {
    AwsSecurityFinding::builder()
        .schema_version("2018-10-08")
        .id(ID)
        .product_arn("arn:aws:securityhub:us-east-1::product/aws/guardduty")
        .generator_id("guardduty")
        .aws_account_id("123456789012")
        .types("TTPs/Command and Control")
        .created_at("2026-11-17T00:00:00Z")
        .updated_at("2026-11-17T00:00:00Z")
        .severity(Severity::builder().label(SeverityLabel::High).build())
        .title("Unusual API calls from a TOR exit")
        .description("imported by a test")
        .resources(
            Resource::builder()
                .r#type("AwsAccount")
                .id("arn:aws:iam::123456789012:root")
                .build(),
        )
        .workflow(Workflow::builder().status(Sdk::New).build())
        .build()
}

fn mark(finding: &str) -> FleetCommand {
    FleetCommand::SetFindingWorkflow {
        finding: finding.into(),
        status: WorkflowStatus::Resolved,
        note: "expected: the red team's exercise (tester)".into(),
    }
}

/// On a thread with 8 MiB of stack: a debug build's Security Hub client needs more than a test
/// thread's 2 MiB for this call chain (the release build and the console's main thread do not).
#[test]
fn a_finding_is_found_by_id_and_its_status_set_with_batch_update_findings() {
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime")
                .block_on(marked());
        })
        .expect("thread")
        .join()
        .expect("no panic");
}

async fn marked() {
    let moto = Moto::start();
    let (clients, _) = moto.console().await;
    clients
        .securityhub
        .batch_import_findings()
        .findings(finding())
        .send()
        .await
        .expect("import");
    let workflow = |view: &opsconsole::domain::SecurityView| {
        let findings = view.findings.as_ref().expect("findings");
        findings.top.iter().find(|f| f.id == ID).map(|f| f.workflow)
    };
    let before = security::poll(&clients).await.expect("read");
    assert_eq!(workflow(&before), Some(WorkflowStatus::New));

    let unknown = act(&clients, &mark("finding-nope"))
        .await
        .expect_err("unknown");
    assert_eq!(
        unknown,
        "no finding \"finding-nope\" in Security Hub (this account and region)"
    );

    let after = match act(&clients, &mark(ID)).await {
        Ok(lines) => {
            assert_eq!(
                lines,
                [
                    "securityhub:BatchUpdateFindings finding-tor Workflow.Status=RESOLVED Note.UpdatedBy=opsconsole",
                    "finding-tor: workflow NEW → RESOLVED",
                ]
            );
            Some(WorkflowStatus::Resolved)
        }
        Err(error) => {
            assert!(
                error.starts_with("securityhub:BatchUpdateFindings"),
                "{error}"
            );
            Some(WorkflowStatus::New)
        }
    };
    let read = security::poll(&clients).await.expect("read");
    assert_eq!(workflow(&read), after);
}
