//! A group's detail from AWS, read only while a detail view (or `describe`) has it open: its
//! instances and default cooldown (DescribeAutoScalingGroups for that group), the alarms
//! behind its policies (DescribePolicies, then CloudWatch DescribeAlarms by each policy's
//! ARN), and the CPU and
//! memory the poll's GetMetricData already read. A call that fails leaves its part unknown
//! and says so in the provenance; the tab's figures are not held back by it.

use aws_sdk_autoscaling::types::AutoScalingGroup;
use aws_sdk_cloudwatch::types::{ComparisonOperator, MetricAlarm};
use chrono::{DateTime, Duration, Utc};

use super::super::clients::AwsClients;
use super::super::error::describe;
use super::super::text;
use super::metrics::GroupMetrics;
use crate::domain::ScalingEvent;
use crate::domain::detail::{
    Alarm, Extras, GroupExtras, Instance, Kind, ObjectDetail, Provenance, Subject,
};

/// Policies whose alarms are read, at most (one DescribeAlarms each).
const MAX_POLICIES: usize = 10;

/// `name`'s detail; `events` are the poll's, newest first, `metrics` its CloudWatch figures.
pub async fn read(
    clients: &AwsClients,
    name: &str,
    metrics: GroupMetrics,
    events: &[ScalingEvent],
    now: DateTime<Utc>,
) -> ObjectDetail {
    let mut provenance = Vec::new();
    let mut note = |figure: &str, call: String, result: Result<(), &String>| {
        let from = match result {
            Ok(()) => call,
            Err(error) => {
                tracing::warn!(group = name, %error, "group detail call failed");
                format!("{call} failed: {error}")
            }
        };
        provenance.push(Provenance {
            figure: figure.into(),
            from,
        });
    };
    let names = format!("AutoScalingGroupNames=[{name}]");
    let (group, policies) = tokio::join!(group(clients, name), policies(clients, name));
    note(
        "instances, cooldown",
        format!("autoscaling:DescribeAutoScalingGroups {names}"),
        group.as_ref().map(|_| ()),
    );
    note(
        "policies",
        format!("autoscaling:DescribePolicies AutoScalingGroupName={name}"),
        policies.as_ref().map(|_| ()),
    );
    let alarms = match &policies {
        Ok(policies) => {
            let found = alarms(clients, policies).await;
            let prefixes: Vec<&str> = policies.iter().map(|(_, arn)| arn.as_str()).collect();
            note(
                "alarms",
                format!(
                    "cloudwatch:DescribeAlarms ActionPrefix={} (one call per policy)",
                    prefixes.join(" | ")
                ),
                found.as_ref().map(|_| ()),
            );
            found.ok()
        }
        Err(_) => None,
    };
    note(
        "history of CPU, memory",
        format!("cloudwatch:GetMetricData AutoScalingGroupName={name} (the poll's own call)"),
        Ok(()),
    );
    note(
        "launched",
        "not read: Auto Scaling does not say (EC2 DescribeInstances is not called)".into(),
        Ok(()),
    );
    let (instances, cooldown) = group.ok().unzip();
    let extras = GroupExtras {
        instances,
        alarms,
        cooldown_remaining: cooldown.map(|c| remaining(c, events, name, now)),
        cpu: metrics.cpu_history,
        memory: metrics.memory_history,
    };
    ObjectDetail {
        subject: Subject::new(Kind::Group, name),
        extras: Extras::Group(extras),
        provenance,
    }
}

/// The default cooldown runs from the end of the group's last finished activity.
fn remaining(
    cooldown: Duration,
    events: &[ScalingEvent],
    name: &str,
    now: DateTime<Utc>,
) -> Duration {
    let last = events
        .iter()
        .filter(|e| e.group == name)
        .filter_map(|e| e.done)
        .max();
    last.map_or(Duration::zero(), |done| done + cooldown - now)
        .max(Duration::zero())
}

async fn group(clients: &AwsClients, name: &str) -> Result<(Vec<Instance>, Duration), String> {
    let answer = clients
        .autoscaling
        .describe_auto_scaling_groups()
        .auto_scaling_group_names(name)
        .send()
        .await
        .map_err(|e| describe("autoscaling:DescribeAutoScalingGroups", &e))?;
    let group = answer
        .auto_scaling_groups()
        .first()
        .ok_or_else(|| format!("no group named {name:?} any more"))?;
    Ok((instances(group), cooldown(group)))
}

fn cooldown(group: &AutoScalingGroup) -> Duration {
    Duration::seconds(i64::from(group.default_cooldown().unwrap_or(300)))
}

fn instances(group: &AutoScalingGroup) -> Vec<Instance> {
    group
        .instances()
        .iter()
        .map(|i| Instance {
            id: text(i.instance_id().unwrap_or("?")),
            zone: text(i.availability_zone().unwrap_or("?")),
            lifecycle: i
                .lifecycle_state()
                .map_or_else(|| "?".into(), |s| text(s.as_str())),
            healthy: i.health_status().map(|h| h.eq_ignore_ascii_case("healthy")),
            instance_type: text(i.instance_type().unwrap_or("?")),
            launched_at: None,
        })
        .collect()
}

/// The group's policies: (name, ARN), at most [`MAX_POLICIES`].
async fn policies(clients: &AwsClients, name: &str) -> Result<Vec<(String, String)>, String> {
    let answer = clients
        .autoscaling
        .describe_policies()
        .auto_scaling_group_name(name)
        .send()
        .await
        .map_err(|e| describe("autoscaling:DescribePolicies", &e))?;
    Ok(answer
        .scaling_policies()
        .iter()
        .filter_map(|p| {
            let arn = p.policy_arn()?;
            Some((text(p.policy_name().unwrap_or("unnamed")), arn.to_string()))
        })
        .take(MAX_POLICIES)
        .collect())
}

/// The alarms whose actions trigger each policy: a policy's ARN is the action, and
/// DescribePolicies' own list of alarm names is not kept by every implementation.
async fn alarms(clients: &AwsClients, policies: &[(String, String)]) -> Result<Vec<Alarm>, String> {
    let calls = policies.iter().map(|(policy, arn)| async move {
        let answer = clients
            .cloudwatch
            .describe_alarms()
            .action_prefix(arn)
            .send()
            .await
            .map_err(|e| describe("cloudwatch:DescribeAlarms", &e))?;
        Ok::<_, String>(
            answer
                .metric_alarms()
                .iter()
                .map(|a| alarm(a, policy))
                .collect::<Vec<_>>(),
        )
    });
    let found = futures_util::future::try_join_all(calls).await?;
    Ok(found.into_iter().flatten().collect())
}

fn alarm(a: &MetricAlarm, policy: &str) -> Alarm {
    let name = a.alarm_name().unwrap_or_default();
    let period = a
        .period()
        .zip(a.evaluation_periods())
        .map(|(p, n)| Duration::seconds(i64::from(p) * i64::from(n)));
    Alarm {
        name: text(name),
        policy: policy.to_string(),
        metric: text(a.metric_name().unwrap_or("metric math")),
        comparison: a
            .comparison_operator()
            .map_or_else(|| "?".into(), comparison),
        threshold: a.threshold().unwrap_or(f64::NAN),
        period,
        state: a
            .state_value()
            .map_or_else(|| "INSUFFICIENT_DATA".into(), |s| text(s.as_str())),
    }
}

fn comparison(operator: &ComparisonOperator) -> String {
    match operator {
        ComparisonOperator::GreaterThanOrEqualToThreshold => ">=".into(),
        ComparisonOperator::GreaterThanThreshold => ">".into(),
        ComparisonOperator::LessThanOrEqualToThreshold => "<=".into(),
        ComparisonOperator::LessThanThreshold => "<".into(),
        other => text(other.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Cause;

    #[test]
    fn the_cooldown_runs_from_the_last_finished_activity() {
        let at = |s: i64| DateTime::<Utc>::UNIX_EPOCH + Duration::seconds(s);
        let event = |group: &str, done: Option<i64>| ScalingEvent {
            group: group.into(),
            at: at(0),
            from: 2,
            to: 3,
            reason: String::new(),
            cause: Cause::Unknown,
            trigger: None,
            done: done.map(at),
        };
        let events = [
            event("web", None),
            event("web", Some(100)),
            event("worker", Some(350)),
            event("web", Some(40)),
        ];
        let five = Duration::minutes(5);
        assert_eq!(
            remaining(five, &events, "web", at(300)),
            Duration::seconds(100)
        );
        assert_eq!(remaining(five, &events, "web", at(500)), Duration::zero());
        assert_eq!(remaining(five, &[], "web", at(0)), Duration::zero());
    }
}
