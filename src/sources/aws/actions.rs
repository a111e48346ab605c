//! Runbook changes to auto scaling groups. Each one re-reads the group right before the call
//! (the API has no compare-and-set), refuses what the group no longer fits, and answers with
//! the call, AWS's request id and the group as read back, which the audit keeps.

use aws_sdk_autoscaling::operation::RequestId;
use aws_sdk_autoscaling::types::AutoScalingGroup;

use super::clients::AwsClients;
use super::error::describe;
use super::scaling::holds;
use crate::domain::runbook::FleetCommand;
use crate::domain::runbook::fleet::GroupSize;

const NO_FAILOVER: &str = "replica failover is not an Auto Scaling action; RDS is not supported";

pub async fn act(clients: &AwsClients, command: &FleetCommand) -> Result<Vec<String>, String> {
    let Some(name) = command.group() else {
        return other(clients, command).await;
    };
    let before = group(clients, name).await?;
    command.check(size(&before))?;
    let asg = &clients.autoscaling;
    let count = |n: u32| i32::try_from(n).map_err(|_| format!("{n} is too large"));
    let (call, request_id) = match command {
        FleetCommand::SetDesiredCapacity { desired, .. } => {
            let call = "autoscaling:SetDesiredCapacity";
            let out = asg
                .set_desired_capacity()
                .auto_scaling_group_name(name)
                .desired_capacity(count(*desired)?)
                // Manual scaling is the operator's decision; the cooldown is the policy's.
                .honor_cooldown(false)
                .send()
                .await
                .map_err(|e| describe(call, &e))?;
            (
                format!("{call} {name} DesiredCapacity={desired}"),
                out.request_id().map(str::to_string),
            )
        }
        FleetCommand::UpdateGroupLimits { min, max, .. } => {
            let call = "autoscaling:UpdateAutoScalingGroup";
            let out = asg
                .update_auto_scaling_group()
                .auto_scaling_group_name(name)
                .min_size(count(*min)?)
                .max_size(count(*max)?)
                .send()
                .await
                .map_err(|e| describe(call, &e))?;
            (
                format!("{call} {name} MinSize={min} MaxSize={max}"),
                out.request_id().map(str::to_string),
            )
        }
        FleetCommand::SuspendProcesses { processes, .. } => {
            let call = "autoscaling:SuspendProcesses";
            let out = asg
                .suspend_processes()
                .auto_scaling_group_name(name)
                .set_scaling_processes(Some(processes.clone()))
                .send()
                .await
                .map_err(|e| describe(call, &e))?;
            (
                format!("{call} {name} {}", processes.join(",")),
                out.request_id().map(str::to_string),
            )
        }
        FleetCommand::ResumeProcesses { processes, .. } => {
            let call = "autoscaling:ResumeProcesses";
            let out = asg
                .resume_processes()
                .auto_scaling_group_name(name)
                .set_scaling_processes(Some(processes.clone()))
                .send()
                .await
                .map_err(|e| describe(call, &e))?;
            (
                format!("{call} {name} {}", processes.join(",")),
                out.request_id().map(str::to_string),
            )
        }
        FleetCommand::FailoverReplica { .. }
        | FleetCommand::CostMovers { .. }
        | FleetCommand::RenewCertificate { .. }
        | FleetCommand::SetFindingWorkflow { .. }
        | FleetCommand::ReevaluateCheck { .. } => {
            return Err(format!("{} is not an auto scaling action", command.call()));
        }
        FleetCommand::HoldScaling { min, lasting, .. } => {
            if before
                .suspended_processes()
                .iter()
                .any(|p| p.process_name() == Some("ScheduledActions"))
            {
                return Err(format!(
                    "{name} has ScheduledActions suspended: the hold's restore would not run; resume it first"
                ));
            }
            let until = chrono::Utc::now()
                + chrono::Duration::from_std(*lasting).map_err(|e| e.to_string())?;
            // A hold renewed restores the minimum from before the first one.
            let restore_min = holds::read(asg, Some(name))
                .await?
                .get(name)
                .map_or(size(&before).min, |h| h.restore_min);
            set_min(asg, name, count(*min)?).await?;
            let request_id = holds::schedule(asg, name, holds::Hold { until, restore_min }).await?;
            (
                format!(
                    "autoscaling:UpdateAutoScalingGroup {name} MinSize={min}; autoscaling:PutScheduledUpdateGroupAction {} at {} MinSize={restore_min}",
                    holds::action_name(name),
                    until.format("%Y-%m-%d %H:%M:%S UTC")
                ),
                request_id,
            )
        }
        FleetCommand::ReleaseHold { .. } => {
            let hold = holds::read(asg, Some(name))
                .await?
                .remove(name)
                .ok_or_else(|| {
                    format!("{name} has no hold ({} action)", holds::action_name(name))
                })?;
            let request_id = set_min(asg, name, count(hold.restore_min)?).await?;
            holds::unschedule(asg, name).await?;
            (
                format!(
                    "autoscaling:UpdateAutoScalingGroup {name} MinSize={}; autoscaling:DeleteScheduledAction {}",
                    hold.restore_min,
                    holds::action_name(name)
                ),
                request_id,
            )
        }
    };
    let after = group(clients, name).await?;
    Ok(vec![
        call,
        format!(
            "accepted, request id {}",
            request_id.as_deref().unwrap_or("(none given)")
        ),
        format!("{name} now: {}", state(&after)),
    ])
}

async fn set_min(
    asg: &aws_sdk_autoscaling::Client,
    name: &str,
    min: i32,
) -> Result<Option<String>, String> {
    let call = "autoscaling:UpdateAutoScalingGroup";
    let out = asg
        .update_auto_scaling_group()
        .auto_scaling_group_name(name)
        .min_size(min)
        .send()
        .await
        .map_err(|e| describe(call, &e))?;
    Ok(out.request_id().map(str::to_string))
}

/// The changes that are not to a group.
async fn other(clients: &AwsClients, command: &FleetCommand) -> Result<Vec<String>, String> {
    match command {
        FleetCommand::SetFindingWorkflow {
            finding,
            status,
            note,
        } => super::security::set_workflow(&clients.securityhub, finding, *status, note).await,
        FleetCommand::RenewCertificate { .. } => Err(
            "certificate renewal on AWS runs the environment's renew-certificate command; none is configured"
                .into(),
        ),
        FleetCommand::ReevaluateCheck { .. } => {
            Err("readiness checks are evaluated on demand by the simulated fleet only".into())
        }
        _ => Err(NO_FAILOVER.into()),
    }
}

async fn group(clients: &AwsClients, name: &str) -> Result<AutoScalingGroup, String> {
    let call = "autoscaling:DescribeAutoScalingGroups";
    clients
        .autoscaling
        .describe_auto_scaling_groups()
        .auto_scaling_group_names(name)
        .send()
        .await
        .map_err(|e| describe(call, &e))?
        .auto_scaling_groups
        .unwrap_or_default()
        .into_iter()
        .find(|g| g.auto_scaling_group_name() == Some(name))
        .ok_or_else(|| format!("no auto scaling group named {name:?} in this account and region"))
}

fn size(group: &AutoScalingGroup) -> GroupSize {
    let n = |v: Option<i32>| v.and_then(|v| u32::try_from(v).ok()).unwrap_or(0);
    GroupSize {
        desired: n(group.desired_capacity()),
        min: n(group.min_size()),
        max: n(group.max_size()),
    }
}

fn state(group: &AutoScalingGroup) -> String {
    let s = size(group);
    let in_service = group
        .instances()
        .iter()
        .filter(|i| i.lifecycle_state().map(|l| l.as_str()) == Some("InService"))
        .count();
    let mut suspended: Vec<&str> = group
        .suspended_processes()
        .iter()
        .filter_map(|p| p.process_name())
        .collect();
    suspended.sort_unstable();
    let suspended = if suspended.is_empty() {
        String::new()
    } else {
        format!(", suspended {}", suspended.join(","))
    };
    format!(
        "desired {}, min {}, max {}, {in_service} in service{suspended}",
        s.desired, s.min, s.max
    )
}
