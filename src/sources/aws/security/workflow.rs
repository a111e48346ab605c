//! Setting a finding's workflow status with BatchUpdateFindings, the call Security Hub keeps
//! for customers' triage (BatchImportFindings may not change a workflow). The finding is read
//! first for its product ARN (half of its identity) and its status before; after the call it
//! is read again, so the step's output says what Security Hub now holds.

use aws_sdk_securityhub::Client;
use aws_sdk_securityhub::types::{
    AwsSecurityFinding, AwsSecurityFindingFilters, AwsSecurityFindingIdentifier, NoteUpdate,
    StringFilter, StringFilterComparison, WorkflowUpdate,
};

use super::fetch::workflow;
use crate::domain::WorkflowStatus;
use crate::sources::aws::error::describe;
use crate::sources::aws::text;

const UPDATE: &str = "securityhub:BatchUpdateFindings";
const GET: &str = "securityhub:GetFindings";
/// Who Security Hub records as the note's author (the note's text names the operator).
const UPDATED_BY: &str = "opsconsole";

pub async fn set_workflow(
    client: &Client,
    id: &str,
    status: WorkflowStatus,
    note: &str,
) -> Result<Vec<String>, String> {
    let before = finding(client, id).await?;
    let product_arn = before
        .product_arn()
        .ok_or_else(|| format!("finding {id:?} has no product ARN"))?;
    use aws_sdk_securityhub::types::WorkflowStatus as Sdk;
    let sdk_status = Sdk::from(status.api_name());
    let out = client
        .batch_update_findings()
        .finding_identifiers(
            AwsSecurityFindingIdentifier::builder()
                .id(id)
                .product_arn(product_arn)
                .build(),
        )
        .workflow(WorkflowUpdate::builder().status(sdk_status).build())
        .note(
            NoteUpdate::builder()
                .text(note)
                .updated_by(UPDATED_BY)
                .build(),
        )
        .send()
        .await
        .map_err(|e| describe(UPDATE, &e))?;
    if let Some(refused) = out.unprocessed_findings().first() {
        return Err(format!(
            "{UPDATE} refused {id}: {} {}",
            text(refused.error_code().unwrap_or("(no code)")),
            text(refused.error_message().unwrap_or(""))
        ));
    }
    let after = finding(client, id).await?;
    Ok(vec![
        format!(
            "{UPDATE} {id} Workflow.Status={} Note.UpdatedBy={UPDATED_BY}",
            status.api_name()
        ),
        format!(
            "{id}: workflow {} → {}",
            workflow(&before).api_name(),
            workflow(&after).api_name()
        ),
    ])
}

/// The finding with this id; every page is searched, as not every endpoint applies the
/// filter (moto ignores it).
async fn finding(client: &Client, id: &str) -> Result<AwsSecurityFinding, String> {
    let filters = AwsSecurityFindingFilters::builder()
        .id(StringFilter::builder()
            .value(id)
            .comparison(StringFilterComparison::Equals)
            .build())
        .build();
    let mut token: Option<String> = None;
    for _ in 0..super::fetch::MAX_PAGES {
        let page = client
            .get_findings()
            .filters(filters.clone())
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| describe(GET, &e))?;
        if let Some(found) = page.findings().iter().find(|f| f.id() == Some(id)) {
            return Ok(found.clone());
        }
        match page.next_token().filter(|t| !t.is_empty()) {
            Some(next) => token = Some(next.to_string()),
            None => break,
        }
    }
    Err(format!(
        "no finding {id:?} in Security Hub (this account and region)"
    ))
}
