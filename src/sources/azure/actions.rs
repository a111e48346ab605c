//! Runbook changes to container apps: their min and max replicas, through Container Apps -
//! Update (a JSON merge patch of `template.scale`). The app is re-read right before the call
//! (ARM's PATCH here takes no precondition), the change refused when its limits moved since the
//! plan, and the answer lines carry the call, ARM's request id and the app as read back, which
//! the audit keeps.

use serde_json::{Value, json};

use super::apps::{self, API_VERSION, App, AppId};
use super::arm::ArmClient;
use crate::domain::runbook::FleetCommand;
use crate::domain::runbook::fleet::GroupSize;

pub async fn act(arm: &ArmClient, command: &FleetCommand) -> Result<Vec<String>, String> {
    let FleetCommand::UpdateGroupLimits {
        group, min, max, ..
    } = command
    else {
        return Err(refusal(command));
    };
    let id = locate(arm, group).await?;
    let (before, replicas) = read(arm, &id).await?;
    command.check(GroupSize {
        desired: replicas,
        min: before.min,
        max: before.max,
    })?;
    let path = id.path();
    let answer = arm
        .patch(&path, API_VERSION, &body(*min, *max))
        .await
        .map_err(|e| e.to_string())?;
    let state = if answer.status == 202 {
        "accepted (HTTP 202, in progress)"
    } else {
        "done (HTTP 200)"
    };
    // ARM took the change: a failed read-back must not hide its request id from the audit;
    // the runbook's verification reads the app again.
    let now = match read(arm, &id).await {
        Ok((after, replicas)) => format!(
            "{group} now: min {}, max {}, {replicas} replicas of revision {}",
            after.min,
            after.max,
            after.latest_revision.as_deref().unwrap_or("(none)")
        ),
        Err(error) => format!("{group} could not be read back: {error}"),
    };
    Ok(vec![
        format!(
            "Container Apps - Update PATCH {path}?api-version={API_VERSION} minReplicas={min} maxReplicas={max}"
        ),
        format!(
            "{state}, request id {}",
            answer.request_id.as_deref().unwrap_or("(none given)")
        ),
        now,
    ])
}

/// The documented request body: only the limits, so the merge patch keeps the scale rules.
pub fn body(min: u32, max: u32) -> Value {
    json!({ "properties": { "template": { "scale": { "minReplicas": min, "maxReplicas": max } } } })
}

/// What the other fleet commands get on Azure: why not, and what to use instead.
fn refusal(command: &FleetCommand) -> String {
    let call = command.call();
    match command {
        FleetCommand::SetDesiredCapacity { .. }
        | FleetCommand::HoldScaling { .. }
        | FleetCommand::ReleaseHold { .. } => format!(
            "{call}: a container app has no desired count to set (its scale rules decide within min and max); change min and max with group-limits"
        ),
        _ => format!(
            "{call} is not an Azure Container Apps action; on Azure the console changes a container app's min and max replicas (group-limits) only"
        ),
    }
}

/// The app named `name` in the settings' scopes; two of that name (in two resource groups)
/// are refused rather than guessed between.
async fn locate(arm: &ArmClient, name: &str) -> Result<AppId, String> {
    let mut found: Vec<AppId> = apps::list(arm)
        .await?
        .into_iter()
        .map(|a| a.id)
        .filter(|id| id.name == name)
        .collect();
    match found.len() {
        0 => Err(format!(
            "no container app named {name:?} in {}",
            arm.settings().scopes().join(", ")
        )),
        1 => Ok(found.remove(0)),
        _ => Err(format!(
            "{} container apps are named {name:?} (resource groups {}); narrow resource-groups to one",
            found.len(),
            found
                .iter()
                .map(|id| id.resource_group.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Container Apps - Get, and the replicas of its latest revision.
async fn read(arm: &ArmClient, id: &AppId) -> Result<(App, u32), String> {
    let answer = arm
        .get(&id.path(), API_VERSION)
        .await
        .map_err(|e| e.to_string())?;
    let app = apps::decode(&answer.body)?;
    let replicas = apps::replicas(arm, &app).await?;
    Ok((app, replicas))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_is_the_documented_merge_patch_of_the_limits_alone() {
        assert_eq!(
            body(2, 8).to_string(),
            r#"{"properties":{"template":{"scale":{"maxReplicas":8,"minReplicas":2}}}}"#
        );
    }

    #[test]
    fn other_fleet_commands_are_refused_with_what_to_use_instead() {
        let desired = FleetCommand::SetDesiredCapacity {
            group: "web".into(),
            desired: 4,
            expect: None,
        };
        assert_eq!(
            refusal(&desired),
            "set-desired-capacity group=web desired=4: a container app has no desired count to set (its scale rules decide within min and max); change min and max with group-limits"
        );
        let failover = FleetCommand::FailoverReplica {
            replica: "db-1".into(),
        };
        assert!(
            refusal(&failover)
                .starts_with("failover-replica promote=db-1 is not an Azure Container Apps action"),
            "{}",
            refusal(&failover)
        );
    }
}
