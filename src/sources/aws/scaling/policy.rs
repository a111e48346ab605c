//! DescribePolicies: how each group scales, as far as the policies themselves say.

use std::collections::HashMap;

use aws_sdk_autoscaling::types::ScalingPolicy;

use super::super::error::describe;
use super::super::settings::MetricName;
use super::super::text;
use crate::domain::Policy;

/// Pages of 50 policies read per poll, at most.
const MAX_PAGES: usize = 20;

/// Every enabled policy of the account's groups, by group name.
pub async fn read(
    client: &aws_sdk_autoscaling::Client,
) -> Result<HashMap<String, Vec<ScalingPolicy>>, String> {
    let mut by_group: HashMap<String, Vec<ScalingPolicy>> = HashMap::new();
    let mut token: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let answer = client
            .describe_policies()
            .max_records(50)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| describe("autoscaling:DescribePolicies", &e))?;
        for policy in answer.scaling_policies() {
            if let Some(group) = policy.auto_scaling_group_name()
                && policy.enabled() != Some(false)
            {
                by_group
                    .entry(group.to_string())
                    .or_default()
                    .push(policy.clone());
            }
        }
        match answer.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => return Ok(by_group),
        }
    }
    tracing::warn!(pages = MAX_PAGES, "more scaling policies than read");
    Ok(by_group)
}

/// Target tracking on CPU (or on `memory`, through a customized metric) gives the targets;
/// step and simple policies keep their thresholds in alarms, so only their names are known.
/// Without a policy a group is fixed when min equals max, else sized by hand.
pub fn policy(policies: &[ScalingPolicy], min: u32, max: u32, memory: &MetricName) -> Policy {
    let mut cpu_percent = None;
    let mut memory_percent = None;
    let mut tracking = false;
    let mut alarmed = Vec::new();
    for policy in policies {
        match policy.policy_type() {
            Some("TargetTrackingScaling") => {
                tracking = true;
                let Some(config) = policy.target_tracking_configuration() else {
                    continue;
                };
                let predefined = config
                    .predefined_metric_specification()
                    .and_then(|s| s.predefined_metric_type())
                    .map(|t| t.as_str());
                let custom = config
                    .customized_metric_specification()
                    .and_then(|s| Some((s.namespace()?, s.metric_name()?)));
                if predefined == Some("ASGAverageCPUUtilization") {
                    cpu_percent = config.target_value();
                } else if custom == Some((memory.namespace.as_str(), memory.name.as_str())) {
                    memory_percent = config.target_value();
                }
            }
            Some("StepScaling" | "SimpleScaling") => {
                alarmed.push(text(policy.policy_name().unwrap_or("unnamed")));
            }
            // Predictive scaling forecasts capacity; it has no threshold to show either.
            _ => {}
        }
    }
    if tracking && (cpu_percent.is_some() || memory_percent.is_some() || alarmed.is_empty()) {
        Policy::TargetTracking {
            cpu_percent,
            memory_percent,
        }
    } else if !alarmed.is_empty() {
        Policy::Alarms { policies: alarmed }
    } else if min == max {
        Policy::Fixed
    } else {
        Policy::Manual
    }
}
