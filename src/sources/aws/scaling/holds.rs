//! Holds on AWS: the group's MinSize raised to the operator's desired capacity, and a one-time
//! scheduled action named `opsconsole-hold-GROUP` that puts the previous MinSize back at the
//! hold's end. Auto Scaling runs (and then deletes) that action itself, so the hold ends even
//! when no console is running; the action's start time is the hold's end the tab shows.

use std::collections::HashMap;

use aws_sdk_autoscaling::Client;
use aws_sdk_autoscaling::primitives::DateTime as AwsTime;
use aws_sdk_autoscaling::types::ScheduledUpdateGroupAction;
use chrono::{DateTime, Utc};

use super::super::error::describe;
use super::samples::from_aws;

/// Every hold this console schedules is named so; one per group (a new hold replaces it).
pub const PREFIX: &str = "opsconsole-hold-";
/// Pages of scheduled actions read per poll, at most.
const MAX_PAGES: usize = 10;

/// A hold as Auto Scaling keeps it: when it ends and the MinSize it restores then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hold {
    pub until: DateTime<Utc>,
    pub restore_min: u32,
}

pub fn action_name(group: &str) -> String {
    format!("{PREFIX}{group}")
}

/// The holds on the account's groups (or on `group` alone), by group.
pub async fn read(client: &Client, group: Option<&str>) -> Result<HashMap<String, Hold>, String> {
    let mut holds = HashMap::new();
    let mut token: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let answer = client
            .describe_scheduled_actions()
            .set_auto_scaling_group_name(group.map(str::to_string))
            .max_records(100)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| describe("autoscaling:DescribeScheduledActions", &e))?;
        holds.extend(
            answer
                .scheduled_update_group_actions()
                .iter()
                .filter_map(hold),
        );
        match answer.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => break,
        }
    }
    Ok(holds)
}

fn hold(action: &ScheduledUpdateGroupAction) -> Option<(String, Hold)> {
    let group = action.auto_scaling_group_name()?;
    if action.scheduled_action_name()? != action_name(group) {
        return None;
    }
    let hold = Hold {
        until: from_aws(action.start_time()?)?,
        restore_min: u32::try_from(action.min_size()?).ok()?,
    };
    Some((super::super::text(group), hold))
}

/// Schedules the restore of `restore_min` at `until` (replacing an earlier hold's).
pub async fn schedule(client: &Client, group: &str, hold: Hold) -> Result<Option<String>, String> {
    use aws_sdk_autoscaling::operation::RequestId;
    let restore = i32::try_from(hold.restore_min).map_err(|_| "min too large".to_string())?;
    let out = client
        .put_scheduled_update_group_action()
        .auto_scaling_group_name(group)
        .scheduled_action_name(action_name(group))
        .start_time(AwsTime::from_secs(hold.until.timestamp()))
        .min_size(restore)
        .send()
        .await
        .map_err(|e| describe("autoscaling:PutScheduledUpdateGroupAction", &e))?;
    Ok(out.request_id().map(str::to_string))
}

/// Deletes the group's scheduled restore.
pub async fn unschedule(client: &Client, group: &str) -> Result<(), String> {
    client
        .delete_scheduled_action()
        .auto_scaling_group_name(group)
        .scheduled_action_name(action_name(group))
        .send()
        .await
        .map_err(|e| describe("autoscaling:DeleteScheduledAction", &e))?;
    Ok(())
}
