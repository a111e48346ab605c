//! GetFindings, every page up to a bound, as the console's own records.

use aws_sdk_securityhub::Client;
use aws_sdk_securityhub::types::{
    AwsSecurityFinding, AwsSecurityFindingFilters, ComplianceStatus, RecordState, SeverityLabel,
    StringFilter, StringFilterComparison,
};
use chrono::{DateTime, Utc};

use crate::domain::{Finding, Severity, WorkflowStatus};
use crate::sources::aws::error::describe;
use crate::sources::aws::text;

const CALL: &str = "securityhub:GetFindings";
/// The most GetFindings returns per page.
const PAGE_SIZE: i32 = 100;
/// 2,000 findings: enough for the counts of an account's active findings; the view says when
/// there were more.
pub const MAX_PAGES: usize = 20;

/// A control finding's verdict, for the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compliance {
    Passed,
    /// FAILED or WARNING.
    Failed,
    /// NOT_AVAILABLE: the check could not run ("no data").
    NoData,
}

/// One active finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub finding: Finding,
    /// `None` for findings that check no control (GuardDuty, Inspector, …).
    pub compliance: Option<Compliance>,
}

/// The findings read, and whether there were more pages than [`MAX_PAGES`].
pub struct Page {
    pub records: Vec<Record>,
    pub truncated: bool,
}

pub async fn active_findings(client: &Client) -> Result<Page, String> {
    let active = StringFilter::builder()
        .value("ACTIVE")
        .comparison(StringFilterComparison::Equals)
        .build();
    let filters = AwsSecurityFindingFilters::builder()
        .record_state(active)
        .build();
    let mut records = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let page = client
            .get_findings()
            .filters(filters.clone())
            .max_results(PAGE_SIZE)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| describe(CALL, &e))?;
        // Filtered here too: not every endpoint applies the filter (moto ignores it).
        records.extend(page.findings().iter().filter(|f| is_active(f)).map(record));
        match page.next_token().filter(|t| !t.is_empty()) {
            Some(next) => token = Some(next.to_string()),
            None => {
                return Ok(Page {
                    records,
                    truncated: false,
                });
            }
        }
    }
    Ok(Page {
        records,
        truncated: true,
    })
}

fn is_active(finding: &AwsSecurityFinding) -> bool {
    !matches!(finding.record_state(), Some(RecordState::Archived))
}

fn record(finding: &AwsSecurityFinding) -> Record {
    let compliance = finding.compliance().map(|c| match c.status() {
        Some(ComplianceStatus::Passed) => Compliance::Passed,
        Some(ComplianceStatus::Failed | ComplianceStatus::Warning) => Compliance::Failed,
        _ => Compliance::NoData,
    });
    // A control finding names its control; older (per-standard) ones only by generator.
    let control = finding
        .compliance()
        .and_then(|c| c.security_control_id().or(finding.generator_id()).map(text));
    Record {
        finding: Finding {
            id: text(finding.id().unwrap_or_default()),
            title: text(finding.title().unwrap_or("(untitled)")),
            severity: severity(finding),
            workflow: workflow(finding),
            control,
            resource: finding.resources().first().and_then(|r| r.id()).map(text),
            updated_at: finding
                .updated_at()
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.with_timezone(&Utc)),
        },
        compliance,
    }
}

/// The label, else the normalized score in Security Hub's label ranges.
fn severity(finding: &AwsSecurityFinding) -> Severity {
    let severity = finding.severity();
    match severity.and_then(|s| s.label()) {
        Some(SeverityLabel::Critical) => Severity::Critical,
        Some(SeverityLabel::High) => Severity::High,
        Some(SeverityLabel::Medium) => Severity::Medium,
        Some(SeverityLabel::Low) => Severity::Low,
        Some(SeverityLabel::Informational) => Severity::Informational,
        _ => match severity.and_then(|s| s.normalized()).unwrap_or(0) {
            90.. => Severity::Critical,
            70..=89 => Severity::High,
            40..=69 => Severity::Medium,
            1..=39 => Severity::Low,
            _ => Severity::Informational,
        },
    }
}

/// A finding without a workflow is new: Security Hub sets NEW on import.
pub(super) fn workflow(finding: &AwsSecurityFinding) -> WorkflowStatus {
    use aws_sdk_securityhub::types::WorkflowStatus as Sdk;
    match finding.workflow().and_then(|w| w.status()) {
        Some(Sdk::Notified) => WorkflowStatus::Notified,
        Some(Sdk::Resolved) => WorkflowStatus::Resolved,
        Some(Sdk::Suppressed) => WorkflowStatus::Suppressed,
        _ => WorkflowStatus::New,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_securityhub::types::{Compliance as SdkCompliance, Resource, Severity as Sdk};

    #[test]
    fn asff_maps_to_a_record() {
        let finding = AwsSecurityFinding::builder()
            .id("f-1")
            .title("S3 bucket allows public read")
            .generator_id("aws-foundational-security-best-practices/v/1.0.0/S3.2")
            .severity(Sdk::builder().normalized(75).build())
            .compliance(
                SdkCompliance::builder()
                    .status(ComplianceStatus::Warning)
                    .build(),
            )
            .resources(Resource::builder().id("arn:aws:s3:::logs").build())
            .updated_at("2026-03-01T10:00:00Z")
            .build();
        let record = record(&finding);
        assert_eq!(record.compliance, Some(Compliance::Failed));
        assert_eq!(record.finding.severity, Severity::High, "normalized 75");
        assert_eq!(record.finding.workflow, WorkflowStatus::New);
        assert_eq!(
            record.finding.control.as_deref(),
            Some("aws-foundational-security-best-practices/v/1.0.0/S3.2"),
            "the generator stands in for a missing control id"
        );
        assert_eq!(
            record.finding.resource.as_deref(),
            Some("arn:aws:s3:::logs")
        );
        assert!(record.finding.updated_at.is_some());
        let plain = AwsSecurityFinding::builder().id("g").build();
        assert_eq!(record_of(&plain), (None, None, Severity::Informational));
    }

    fn record_of(f: &AwsSecurityFinding) -> (Option<Compliance>, Option<String>, Severity) {
        let r = record(f);
        (r.compliance, r.finding.control, r.finding.severity)
    }
}
