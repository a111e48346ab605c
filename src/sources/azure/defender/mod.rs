//! Defender for Cloud on the Security tab: the subscription's secure score (Defender's own
//! `ascScore`: current of max points, as a percentage) and its assessments, the unhealthy ones
//! counted by their type's severity with the worst listed. Vulnerability counts and
//! certificates still come from Prometheus and are merged elsewhere.

mod assessments;
mod score;

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::arm::ArmClient;
use super::settings::AzureSettings;
use super::task::Subscription;
use crate::domain::detail::{Kind, ObjectDetail, Subject};
use crate::domain::{FleetSnapshot, SCORE_TARGET_PERCENT, SecurityView, SourceId};
use crate::sources::cloud_task::Part;
use score::SecureScore;

/// Secure Scores - List.
pub const SCORES_API: &str = "2020-01-01";
/// Assessments - List and Assessments Metadata - List By Subscription.
pub const ASSESSMENTS_API: &str = "2021-06-01";

/// Defender keeps no state between polls.
pub struct DefenderPart;

impl Part for DefenderPart {
    type Cloud = Subscription;
    const SOURCE: SourceId = SourceId::AzureDefender;
    fn interval(settings: &AzureSettings) -> Duration {
        settings.security_interval
    }
    async fn poll(
        &mut self,
        cloud: &Subscription,
        now: DateTime<Utc>,
        _forced: bool,
        subject: Option<&Subject>,
    ) -> Result<FleetSnapshot, String> {
        let (security, detail) = read(&cloud.arm, subject).await?;
        Ok(FleetSnapshot {
            security: Some(security),
            detail,
            ..FleetSnapshot::empty(now)
        })
    }
}

/// The score, the assessment types' severities and the assessments, read together. Scores and
/// assessments are the subscription's (Assessments - List documents subscription and management
/// group scopes only): configured resource groups filter the assessments here, and the score
/// says it covers the whole subscription.
async fn read(
    arm: &ArmClient,
    subject: Option<&Subject>,
) -> Result<(SecurityView, Option<ObjectDetail>), String> {
    let settings = arm.settings();
    let provider = format!(
        "/subscriptions/{}/providers/Microsoft.Security",
        settings.subscription
    );
    let paths =
        ["secureScores", "assessmentMetadata", "assessments"].map(|p| format!("{provider}/{p}"));
    let (scores, metadata, list) = tokio::join!(
        arm.list(&paths[0], SCORES_API),
        arm.list(&paths[1], ASSESSMENTS_API),
        arm.list(&paths[2], ASSESSMENTS_API),
    );
    let error = |e: super::error::ArmError| e.to_string();
    let score = SecureScore::from_list(&scores.map_err(error)?)?;
    let (metadata, list) = (metadata.map_err(error)?, list.map_err(error)?);
    let severities = assessments::severities(&metadata);
    let findings = assessments::summarize(&list, &severities, &settings.resource_groups);
    let detail = subject
        .filter(|s| s.kind == Kind::Finding)
        .and_then(|s| assessments::detail(&list, &metadata, &s.name));
    let whole = if settings.resource_groups.is_empty() {
        ""
    } else {
        "; the whole subscription's, not only the configured resource groups'"
    };
    let view = SecurityView {
        vulnerabilities: None,
        trend: Vec::new(),
        score_percent: score.as_ref().and_then(SecureScore::percent),
        score_basis: Some(score.map_or_else(
            || "Defender for Cloud has no secure score for this subscription (is Defender for Cloud enabled?)".to_string(),
            |s| format!("{}{whole}", s.basis()),
        )),
        findings: Some(findings),
        score_target_percent: SCORE_TARGET_PERCENT,
        certificates: Vec::new(),
        certificates_omitted: 0,
    };
    Ok((view, detail))
}
