//! Security Hub for the Security tab: active findings counted by severity and workflow, the
//! worst open ones, and a score computed from control findings. Vulnerability counts, their
//! trend and certificates come from Prometheus and are merged elsewhere.

mod fetch;
mod summary;
mod workflow;

pub use workflow::set_workflow;

use super::clients::AwsClients;
use crate::domain::{SCORE_TARGET_PERCENT, SecurityView};

/// One read of Security Hub.
pub async fn poll(clients: &AwsClients) -> Result<SecurityView, String> {
    let page = fetch::active_findings(&clients.securityhub).await?;
    let findings = summary::summarize(&page.records, page.truncated);
    let score_percent = summary::score(&findings);
    let score_basis = score_percent.map(|_| {
        format!(
            "passed controls / controls with data, of {} controls (not Security Hub's own score)",
            findings.controls_with_data
        )
    });
    Ok(SecurityView {
        vulnerabilities: None,
        trend: Vec::new(),
        score_percent,
        score_basis,
        findings: Some(findings),
        score_target_percent: SCORE_TARGET_PERCENT,
        certificates: Vec::new(),
        certificates_omitted: 0,
    })
}
