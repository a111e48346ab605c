//! DescribeAutoScalingGroups: sizes, instance states and suspended processes of the groups
//! the settings keep.

use aws_sdk_autoscaling::types::AutoScalingGroup;

use super::super::error::describe;
use super::super::settings::GroupFilter;
use super::super::text;

/// Pages of 100 groups read per poll, at most.
const MAX_PAGES: usize = 20;

/// One group as Auto Scaling describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupState {
    pub name: String,
    pub instance_type: String,
    pub desired: u32,
    pub min: u32,
    pub max: u32,
    pub in_service: u32,
    pub pending: u32,
    pub unhealthy: u32,
    pub suspended: Vec<String>,
}

/// The groups `filter` keeps, in the order Auto Scaling lists them. Names in the filter go to
/// the API (it then answers for those alone); tags are checked here.
pub async fn read(
    client: &aws_sdk_autoscaling::Client,
    filter: &GroupFilter,
) -> Result<Vec<GroupState>, String> {
    let mut groups = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let answer = client
            .describe_auto_scaling_groups()
            .set_auto_scaling_group_names((!filter.names.is_empty()).then(|| filter.names.clone()))
            .max_records(100)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| describe("autoscaling:DescribeAutoScalingGroups", &e))?;
        groups.extend(
            answer
                .auto_scaling_groups()
                .iter()
                .filter(|g| filter.keeps(g.auto_scaling_group_name().unwrap_or_default(), &tags(g)))
                .filter_map(state),
        );
        match answer.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => return Ok(groups),
        }
    }
    tracing::warn!(
        pages = MAX_PAGES,
        "more auto scaling groups than read; narrow the group filter"
    );
    Ok(groups)
}

fn tags(group: &AutoScalingGroup) -> Vec<(String, String)> {
    group
        .tags()
        .iter()
        .filter_map(|t| {
            Some((
                t.key()?.to_string(),
                t.value().unwrap_or_default().to_string(),
            ))
        })
        .collect()
}

fn count(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

/// `None` for a group without a name (the API always gives one).
pub fn state(group: &AutoScalingGroup) -> Option<GroupState> {
    let name = text(group.auto_scaling_group_name()?);
    let instances = group.instances();
    let in_state = |wanted: fn(&str) -> bool| {
        let n = instances
            .iter()
            .filter(|i| i.lifecycle_state().is_some_and(|s| wanted(s.as_str())))
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    };
    let unhealthy = instances
        .iter()
        .filter(|i| {
            i.health_status()
                .is_some_and(|h| h.eq_ignore_ascii_case("unhealthy"))
        })
        .count();
    Some(GroupState {
        instance_type: text(&instance_type(group)),
        desired: count(group.desired_capacity().unwrap_or_default()),
        min: count(group.min_size().unwrap_or_default()),
        max: count(group.max_size().unwrap_or_default()),
        in_service: in_state(|s| s == "InService"),
        // Pending, Pending:Wait, Pending:Proceed; warm-pool states are not launches.
        pending: in_state(|s| s.starts_with("Pending")),
        unhealthy: u32::try_from(unhealthy).unwrap_or(u32::MAX),
        suspended: group
            .suspended_processes()
            .iter()
            .filter_map(|p| p.process_name().map(text))
            .collect(),
        name,
    })
}

/// The type the instances run; "mixed" when they differ or a mixed-instances policy chooses;
/// without instances, the launch template or configuration that would choose it, in
/// parentheses (a name, not a type).
fn instance_type(group: &AutoScalingGroup) -> String {
    let mut types: Vec<&str> = group
        .instances()
        .iter()
        .filter_map(|i| i.instance_type())
        .collect();
    types.sort_unstable();
    types.dedup();
    match types.as_slice() {
        [one] => return (*one).to_string(),
        [_, _, ..] => return "mixed".into(),
        [] => {}
    }
    if group.mixed_instances_policy().is_some() {
        return "mixed".into();
    }
    group
        .launch_template()
        .and_then(|t| t.launch_template_name().or(t.launch_template_id()))
        .or(group.launch_configuration_name())
        .map_or_else(|| "unknown".into(), |name| format!("({name})"))
}
