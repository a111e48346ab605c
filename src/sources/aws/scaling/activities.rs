//! DescribeScalingActivities as scaling events. The decision time is only in the free-text
//! `Cause` ("At 2025-01-07T10:15:30Z a monitor alarm … changing the desired capacity from 2
//! to 4. At … an instance was started …"), so it is parsed defensively: an activity whose
//! cause does not say falls back to its start time, and one without a from → to is skipped.
//!
//! The breach itself is not in the activity: the cause's time is when the alarm went to ALARM,
//! after its evaluation periods (in CloudWatch, not read). So the trigger delay is measured
//! from the alarm ([`TriggerBasis::Alarm`]), a lower bound of the delay from the breach.

use std::collections::BTreeMap;

use aws_sdk_autoscaling::types::{Activity, ScalingActivityStatusCode};
use chrono::{DateTime, Utc};

use super::super::error::describe;
use super::super::text;
use super::samples::from_aws;
use crate::domain::{Cause as Decider, ScalingEvent, Trigger, TriggerBasis};

/// Activities read per poll (one page, newest first).
const MAX_ACTIVITIES: i32 = 100;

/// What a `Cause` says, as far as it says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    /// The first timestamp: when the alarm or the user changed the desired capacity.
    pub trigger: Option<DateTime<Utc>>,
    pub from: Option<u32>,
    pub to: Option<u32>,
    /// The words between the first timestamp and the change, e.g. "a monitor alarm … triggered
    /// policy …" or "a user request explicitly set group desired capacity".
    pub reason: Option<String>,
}

pub fn parse_cause(cause: &str) -> Cause {
    let after_at = cause.find("At ").map(|i| &cause[i + 3..]);
    let (trigger, rest) = match after_at.and_then(|t| t.split_once(char::is_whitespace)) {
        Some((stamp, rest)) => (
            DateTime::parse_from_rfc3339(stamp.trim_end_matches([',', '.']))
                .ok()
                .map(|t| t.with_timezone(&Utc)),
            rest,
        ),
        None => (None, cause),
    };
    let (reason, change) = match rest.find("changing the desired capacity") {
        Some(i) => (Some(&rest[..i]), Some(&rest[i..])),
        None => (None, rest.find("capacity from").map(|i| &rest[i..])),
    };
    let (from, to) = change.map_or((None, None), from_to);
    Cause {
        trigger,
        from,
        to,
        reason: reason
            .map(|r| r.trim().trim_end_matches(',').to_string())
            .filter(|r| !r.is_empty()),
    }
}

/// "… from 2 to 4 …" → (2, 4).
fn from_to(text: &str) -> (Option<u32>, Option<u32>) {
    let number = |word: &str| word.trim_end_matches(['.', ',']).parse::<u32>().ok();
    let words: Vec<&str> = text.split_whitespace().collect();
    let after = |key: &str| {
        let i = words.iter().position(|w| *w == key)?;
        number(words.get(i + 1)?)
    };
    (after("from"), after("to"))
}

/// Activities of one decision: the same group, trigger and change.
type Decision = (String, DateTime<Utc>, u32, u32);
/// A decision's reason, the time its cause states, and its activities.
type Members<'a> = (Option<String>, Option<DateTime<Utc>>, Vec<&'a Activity>);

/// Who decided, from the cause's reason: an alarm's policy, a user, or a scheduled action.
fn decider(reason: &str) -> Decider {
    if let Some((_, policy)) = reason.split_once("triggered policy ") {
        Decider::Automatic {
            policy: text(policy.trim()),
        }
    } else if reason.contains("scheduled action") {
        Decider::Automatic {
            policy: "scheduled action".into(),
        }
    } else if reason.contains("user request") {
        Decider::Manual
    } else {
        Decider::Unknown
    }
}

/// One event per decision, newest first. It starts with its first activity and is done at
/// the last activity's end, once every activity of it succeeded; failed or cancelled ones say
/// so in the reason and are never done. An alarm's time is its trigger.
pub fn events(activities: &[Activity]) -> Vec<ScalingEvent> {
    let mut decisions: BTreeMap<Decision, Members> = BTreeMap::new();
    for activity in activities {
        let cause = parse_cause(activity.cause().unwrap_or_default());
        let start = activity.start_time().and_then(from_aws);
        let (Some(group), Some(at), Some(from), Some(to)) = (
            activity.auto_scaling_group_name(),
            cause.trigger.or(start),
            cause.from,
            cause.to,
        ) else {
            continue;
        };
        let (_, _, members) = decisions
            .entry((text(group), at, from, to))
            .or_insert_with(|| {
                (
                    cause
                        .reason
                        .or_else(|| activity.description().map(str::to_string))
                        .map(|reason| text(&reason)),
                    cause.trigger,
                    Vec::new(),
                )
            });
        members.push(activity);
    }
    let mut events: Vec<ScalingEvent> = decisions
        .into_iter()
        .map(|((group, decided, from, to), (reason, stated, members))| {
            let reason = reason.unwrap_or_default();
            let status = |code: &ScalingActivityStatusCode| {
                members.iter().any(|a| a.status_code() == Some(code))
            };
            let done = members
                .iter()
                .all(|a| a.status_code() == Some(&ScalingActivityStatusCode::Successful));
            let end = members
                .iter()
                .filter_map(|a| a.end_time().and_then(from_aws))
                .max();
            let start = members
                .iter()
                .filter_map(|a| a.start_time().and_then(from_aws))
                .min()
                .unwrap_or(decided);
            let trigger = stated
                .filter(|_| reason.contains("monitor alarm"))
                .map(|at| Trigger {
                    at,
                    basis: TriggerBasis::Alarm,
                });
            let cause = decider(&reason);
            let (reason, done) = if status(&ScalingActivityStatusCode::Failed) {
                (format!("failed: {reason}"), None)
            } else if status(&ScalingActivityStatusCode::Cancelled) {
                (format!("cancelled: {reason}"), None)
            } else {
                (reason, end.filter(|_| done))
            };
            ScalingEvent {
                group,
                at: start,
                from,
                to,
                reason,
                cause,
                trigger,
                done,
            }
        })
        .collect();
    events.sort_by_key(|e| std::cmp::Reverse(e.at));
    events
}

/// The newest activities of the account's groups that `keep` keeps, as events.
pub async fn read(
    client: &aws_sdk_autoscaling::Client,
    keep: impl Fn(&str) -> bool,
) -> Result<Vec<ScalingEvent>, String> {
    let answer = client
        .describe_scaling_activities()
        .max_records(MAX_ACTIVITIES)
        .send()
        .await
        .map_err(|e| describe("autoscaling:DescribeScalingActivities", &e))?;
    let kept: Vec<Activity> = answer
        .activities()
        .iter()
        .filter(|a| a.auto_scaling_group_name().is_some_and(&keep))
        .cloned()
        .collect();
    Ok(events(&kept))
}
