//! `group/NAME` from AWS against moto: while focused, the scaling poll lists the group's
//! instances as Auto Scaling reports them, the alarm behind its policy, and names each call;
//! unfocused it reads nothing more.
#![cfg(feature = "aws")]

mod common;
mod stack;

mod aws_scaling_support;

use aws_scaling_support::Fixture;
use aws_sdk_autoscaling::types::StepAdjustment;
use aws_sdk_cloudwatch::types::{ComparisonOperator, Statistic};
use chrono::{Duration, Utc};
use opsconsole::app::detail::{Detail, Inputs, build};
use opsconsole::domain::FleetSnapshot;
use opsconsole::domain::detail::{Extras, Kind, Subject};
use opsconsole::sources::aws::scaling::ScalingPoller;

/// A step policy on web and the CloudWatch alarm that triggers it.
async fn alarmed_policy(fx: &Fixture) {
    fx.clients
        .autoscaling
        .put_scaling_policy()
        .auto_scaling_group_name("web")
        .policy_name("web-out")
        .policy_type("StepScaling")
        .adjustment_type("ChangeInCapacity")
        .step_adjustments(
            StepAdjustment::builder()
                .metric_interval_lower_bound(0.0)
                .scaling_adjustment(2)
                .build(),
        )
        .send()
        .await
        .expect("step policy");
    let policies = fx
        .clients
        .autoscaling
        .describe_policies()
        .auto_scaling_group_name("web")
        .send()
        .await
        .expect("policies");
    let arn = policies.scaling_policies()[0]
        .policy_arn()
        .expect("policy arn");
    fx.clients
        .cloudwatch
        .put_metric_alarm()
        .alarm_name("web-cpu-high")
        .namespace("AWS/EC2")
        .metric_name("CPUUtilization")
        .statistic(Statistic::Average)
        .comparison_operator(ComparisonOperator::GreaterThanThreshold)
        .threshold(70.0)
        .period(60)
        .evaluation_periods(5)
        .alarm_actions(arn)
        .send()
        .await
        .expect("alarm");
}

#[tokio::test]
async fn a_focused_group_lists_its_instances_as_auto_scaling_reports_them() {
    let fx = Fixture::new().await;
    alarmed_policy(&fx).await;
    fx.set_desired("web", 4).await;
    let mut poller = ScalingPoller::new(&fx.settings);
    let now = Utc::now();

    let (_, unfocused) = poller
        .poll_focused(&fx.clients, &fx.settings, now, None)
        .await
        .expect("poll");
    assert_eq!(unfocused, None, "no detail read without a focus");
    let gone = Subject::new(Kind::Group, "nope");
    let (_, missing) = poller
        .poll_focused(&fx.clients, &fx.settings, now, Some(&gone))
        .await
        .expect("poll");
    assert_eq!(missing, None, "no detail for a group that is not there");

    let subject = Subject::new(Kind::Group, "web");
    let (view, detail) = poller
        .poll_focused(&fx.clients, &fx.settings, now, Some(&subject))
        .await
        .expect("poll");
    let detail = detail.expect("focused on web");
    let Extras::Group(extras) = &detail.extras else {
        panic!("{:?}", detail.extras)
    };

    let reported = fx
        .clients
        .autoscaling
        .describe_auto_scaling_instances()
        .send()
        .await
        .expect("instances");
    let mut expected: Vec<(String, String, String)> = reported
        .auto_scaling_instances()
        .iter()
        .filter(|i| i.auto_scaling_group_name() == Some("web"))
        .map(|i| {
            (
                i.instance_id().unwrap_or_default().to_string(),
                i.availability_zone().unwrap_or_default().to_string(),
                i.lifecycle_state().unwrap_or_default().to_string(),
            )
        })
        .collect();
    expected.sort();
    let mut listed: Vec<(String, String, String)> = extras
        .instances
        .iter()
        .flatten()
        .map(|i| (i.id.clone(), i.zone.clone(), i.lifecycle.clone()))
        .collect();
    listed.sort();
    assert_eq!(listed.len(), 4);
    assert_eq!(listed, expected);
    assert!(
        extras
            .instances
            .iter()
            .flatten()
            .all(|i| i.instance_type == "t3.large"),
        "{extras:?}"
    );

    let alarms = extras.alarms.as_ref().expect("alarms read");
    assert_eq!(alarms.len(), 1, "{alarms:?}");
    assert_eq!(
        (alarms[0].name.as_str(), alarms[0].policy.as_str()),
        ("web-cpu-high", "web-out")
    );
    assert_eq!(alarms[0].condition(), "CPUUtilization > 70 for 5m");
    assert!(
        detail
            .provenance
            .iter()
            .any(|p| p.from == "autoscaling:DescribeAutoScalingGroups AutoScalingGroupNames=[web]"),
        "{:?}",
        detail.provenance
    );
    assert!(detail.provenance.iter().any(|p| {
        p.from
            .starts_with("cloudwatch:DescribeAlarms ActionPrefix=arn:")
    }));

    // The app's model: the tab's group with these instances, in service as the tab counts.
    let snapshot = FleetSnapshot {
        scaling: Some(view),
        detail: Some(detail.clone()),
        ..FleetSnapshot::empty(now)
    };
    let inputs = Inputs {
        snapshot: Some(&snapshot),
        report: None,
    };
    let Ok(Detail::Group(model)) = build(&inputs, &subject) else {
        panic!("group/web builds")
    };
    let in_service = model.extras.as_ref().and_then(|e| e.in_service());
    assert_eq!(in_service, Some(model.group.in_service as usize));
    // moto's default cooldown is 300 s, counted from the last finished activity.
    let cooldown = model.extras.as_ref().and_then(|e| e.cooldown_remaining);
    assert!(
        cooldown.is_some_and(|c| c <= Duration::seconds(300)),
        "{cooldown:?}"
    );
}
