use chrono::{DateTime, Duration, TimeZone, Utc};

use super::activities::{events, parse_cause};
use crate::sources::observed_scaling::journal::Transition;
use crate::sources::observed_scaling::timeline::merge;
use aws_sdk_autoscaling::primitives::DateTime as AwsTime;
use aws_sdk_autoscaling::types::{Activity, ScalingActivityStatusCode};

use crate::domain::scaling_event::Timings;
use crate::domain::{Cause, Trigger, TriggerBasis};

fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 7, 10, 0, 0)
        .single()
        .unwrap_or_default()
        + Duration::minutes(minute)
}

const ALARM: &str = "At 2025-01-07T10:15:30Z a monitor alarm web-cpu-high in state ALARM triggered policy web-out changing the desired capacity from 2 to 4.  At 2025-01-07T10:15:41Z an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 2 to 4.";

#[test]
fn a_cause_gives_the_trigger_the_change_and_the_reason() {
    let cause = parse_cause(ALARM);
    assert_eq!(cause.trigger, Some(at(15) + Duration::seconds(30)));
    assert_eq!((cause.from, cause.to), (Some(2), Some(4)));
    assert_eq!(
        cause.reason.as_deref(),
        Some("a monitor alarm web-cpu-high in state ALARM triggered policy web-out")
    );
    let user = parse_cause(
        "At 2025-01-07T10:00:00Z a user request explicitly set group desired capacity changing the desired capacity from 4 to 3.",
    );
    assert_eq!(
        (user.trigger, user.from, user.to),
        (Some(at(0)), Some(4), Some(3))
    );
    let odd = parse_cause("an instance was taken out of service in response to a health check");
    assert_eq!(
        (odd.trigger, odd.from, odd.to, odd.reason),
        (None, None, None, None)
    );
    let garbled = parse_cause("At yesterday something changing the desired capacity from x to 5");
    assert_eq!(
        (garbled.trigger, garbled.from, garbled.to),
        (None, None, Some(5))
    );
}

fn activity(
    cause: &str,
    start: i64,
    end: Option<i64>,
    status: ScalingActivityStatusCode,
) -> Activity {
    Activity::builder()
        .activity_id(format!("a{start}"))
        .auto_scaling_group_name("web")
        .cause(cause)
        .description("Launching a new EC2 instance")
        .start_time(AwsTime::from_secs(at(start).timestamp()))
        .set_end_time(end.map(|m| AwsTime::from_secs(at(m).timestamp())))
        .status_code(status)
        .build()
}

#[test]
fn launches_of_one_decision_are_one_event_timed_from_the_alarm_and_the_first_start() {
    let done = ScalingActivityStatusCode::Successful;
    let both = [
        activity(ALARM, 16, Some(18), done.clone()),
        activity(ALARM, 16, Some(19), done),
    ];
    let found = events(&both);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].from, found[0].to), (2, 4));
    assert_eq!(found[0].at, at(16), "the first activity's start");
    assert_eq!(
        found[0].cause,
        Cause::Automatic {
            policy: "web-out".into()
        }
    );
    assert_eq!(
        found[0].trigger,
        Some(Trigger {
            at: at(15) + Duration::seconds(30),
            basis: TriggerBasis::Alarm
        })
    );
    assert_eq!(found[0].trigger_delay(), Some(Duration::seconds(30)));
    assert_eq!(found[0].provisioning_time(), Some(Duration::minutes(3)));
    let in_progress = [activity(
        ALARM,
        16,
        None,
        ScalingActivityStatusCode::InProgress,
    )];
    assert_eq!(events(&in_progress)[0].provisioning_time(), None);
    let failed = [activity(
        ALARM,
        16,
        Some(17),
        ScalingActivityStatusCode::Failed,
    )];
    let failed = events(&failed);
    assert!(
        failed[0].reason.starts_with("failed: a monitor alarm"),
        "{}",
        failed[0].reason
    );
    assert_eq!(failed[0].done, None);
    let user = activity(
        "At 2025-01-07T10:00:00Z a user request explicitly set group desired capacity changing the desired capacity from 4 to 6.",
        1,
        Some(3),
        ScalingActivityStatusCode::Successful,
    );
    let manual = &events(&[user])[0];
    assert_eq!((&manual.cause, manual.trigger), (&Cause::Manual, None));
    assert_eq!(manual.provisioning_time(), Some(Duration::minutes(2)));
}

#[test]
fn an_activity_and_the_observed_transition_of_it_count_once() {
    let done = ScalingActivityStatusCode::Successful;
    let activities = events(&[activity(ALARM, 16, Some(18), done)]);
    let same = Transition {
        group: "web".into(),
        from: 2,
        to: 4,
        decided: at(15),
        done: at(19),
    };
    let other = Transition {
        group: "worker".into(),
        from: 1,
        to: 2,
        decided: at(30),
        done: at(31),
    };
    let (merged, timings) = merge(activities, &[same, other], Vec::new());
    assert_eq!(merged.len(), 2);
    assert_eq!(merged[0].group, "worker", "newest first");
    assert_eq!(timings.basis, "activities + observed");
    let provisioning = |t: Timings| t.completion.map(|p| (p.samples, p.p95));
    // The alarm's scale-out: 10:16 → 10:18.
    assert_eq!(
        provisioning(timings.automatic),
        Some((1, Duration::minutes(2)))
    );
    assert_eq!(
        timings.automatic.trigger_delay.map(|p| p.p50),
        Some(Duration::seconds(30))
    );
    // The worker's, seen by the console only: who made it is unknown.
    assert_eq!(
        provisioning(timings.unattributed),
        Some((1, Duration::minutes(1)))
    );
    assert_eq!(timings.manual.events, 0);
}
