//! The AWS Scaling source against moto: groups, the filter, policies, CloudWatch CPU on the
//! rendered tab, observed transitions persisted across pollers, suspended processes.
#![cfg(feature = "aws")]

mod common;
mod stack;

use stack::moto::cpu_datum;

mod aws_scaling_support;

use aws_sdk_autoscaling::types::{
    MetricType, PredefinedMetricSpecification, StepAdjustment, TargetTrackingConfiguration,
};
use chrono::{Duration, Utc};
use opsconsole::domain::{Cause, Policy};
use opsconsole::sources::aws::scaling::{FILE_NAME, ScalingPoller};
use opsconsole::sources::aws::settings::GroupFilter;

use aws_scaling_support::{Fixture, group, line_with, only, rendered};

#[tokio::test]
async fn groups_come_with_their_sizes_policies_and_instance_states() {
    let fx = Fixture::new().await;
    let target = TargetTrackingConfiguration::builder()
        .predefined_metric_specification(
            PredefinedMetricSpecification::builder()
                .predefined_metric_type(MetricType::AsgAverageCpuUtilization)
                .build(),
        )
        .target_value(60.0)
        .build();
    fx.clients
        .autoscaling
        .put_scaling_policy()
        .auto_scaling_group_name("web")
        .policy_name("web-cpu-60")
        .policy_type("TargetTrackingScaling")
        .target_tracking_configuration(target)
        .send()
        .await
        .expect("target tracking policy");
    fx.clients
        .autoscaling
        .put_scaling_policy()
        .auto_scaling_group_name("worker")
        .policy_name("worker-out")
        .policy_type("StepScaling")
        .adjustment_type("ChangeInCapacity")
        .step_adjustments(
            StepAdjustment::builder()
                .metric_interval_lower_bound(0.0)
                .scaling_adjustment(1)
                .build(),
        )
        .send()
        .await
        .expect("step policy");

    let view = fx
        .poll(&mut ScalingPoller::new(&fx.settings), Utc::now())
        .await;
    let mut names: Vec<&str> = view.groups.iter().map(|g| g.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["bastion", "web", "worker"]);
    let web = group(&view, "web");
    assert_eq!(
        (web.desired, web.min, web.max, web.in_service),
        (2, 2, 6, 2)
    );
    assert_eq!((web.pending, web.unhealthy), (Some(0), Some(0)));
    assert_eq!(web.instance_type, "t3.large");
    assert!(web.suspended.is_empty());
    assert_eq!(
        web.policy,
        Policy::TargetTracking {
            cpu_percent: Some(60.0),
            memory_percent: None
        }
    );
    assert_eq!(
        group(&view, "worker").policy,
        Policy::Alarms {
            policies: vec!["worker-out".into()]
        }
    );
    assert_eq!(group(&view, "bastion").policy, Policy::Fixed);
    // No CloudWatch data was put: unknown, never 0.
    assert_eq!((web.cpu_percent, web.memory_percent), (None, None));
    assert!(view.databases.is_empty() && view.cache.is_none());

    let text = rendered(only(view, "web"), Utc::now());
    assert!(text.contains("target 60% (autoscaler)"), "{text}");
    assert!(
        text.contains("pending 0 · unhealthy 0 · no processes suspended"),
        "{text}"
    );
}

#[tokio::test]
async fn the_filter_keeps_named_groups_carrying_the_tags() {
    let mut fx = Fixture::new().await;
    fx.settings.groups = GroupFilter {
        names: Vec::new(),
        tags: vec![("team".into(), "web".into())],
    };
    let view = fx
        .poll(&mut ScalingPoller::new(&fx.settings), Utc::now())
        .await;
    let mut names: Vec<&str> = view.groups.iter().map(|g| g.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["bastion", "web"]);

    fx.settings.groups.names = vec!["web".into(), "worker".into()];
    let view = fx
        .poll(&mut ScalingPoller::new(&fx.settings), Utc::now())
        .await;
    let names: Vec<&str> = view.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["web"], "worker is named but not tagged team=web");
}

#[tokio::test]
async fn cloudwatch_cpu_shows_as_the_groups_cpu_on_the_tab() {
    let fx = Fixture::new().await;
    let now = Utc::now();
    let datum = |minutes_ago, value| cpu_datum("web", value, now - Duration::minutes(minutes_ago));
    fx.clients
        .cloudwatch
        .put_metric_data()
        .namespace("AWS/EC2")
        .metric_data(datum(12, 35.0))
        .metric_data(datum(2, 73.5))
        .send()
        .await
        .expect("put metric data");

    let view = fx.poll(&mut ScalingPoller::new(&fx.settings), now).await;
    assert_eq!(group(&view, "web").cpu_percent, Some(73.5), "the newest");
    assert_eq!(group(&view, "worker").cpu_percent, None);
    let text = rendered(view, now);
    let web = line_with(&text, "│web ");
    assert!(web.contains("73.5%") || web.contains("74%"), "{web}");
    let worker = line_with(&text, "│worker ");
    assert!(worker.contains('—'), "no data shows as a dash: {worker}");
}

#[tokio::test]
async fn an_observed_scale_out_is_persisted_and_timed_apart_as_unattributed() {
    let fx = Fixture::new().await;
    let t0 = Utc::now();
    let mut poller = ScalingPoller::new(&fx.settings);
    let first = fx.poll(&mut poller, t0).await;
    assert_eq!(first.timings.unattributed.events, 0);
    assert!(first.events.is_empty(), "moto keeps no activities");

    fx.set_desired("web", 4).await;
    let second = fx.poll(&mut poller, t0 + Duration::seconds(30)).await;
    let web = group(&second, "web");
    assert_eq!(
        (web.desired, web.in_service),
        (4, 4),
        "moto launches at once"
    );
    let event = &second.events[0];
    assert_eq!(
        (event.group.as_str(), event.from, event.to, event.at),
        ("web", 2, 4, t0)
    );
    // Who changed it is unknown to the console: an upper bound of provisioning, no trigger.
    assert_eq!((&event.cause, event.trigger), (&Cause::Unknown, None));
    assert_eq!(event.provisioning_time(), Some(Duration::seconds(30)));
    let timings = &second.timings;
    let observed = timings.unattributed.completion.expect("provisioning");
    assert_eq!(
        (observed.p50, observed.p95, observed.samples),
        (Duration::seconds(30), Duration::seconds(30), 1)
    );
    assert_eq!(timings.basis, "observed by the console");
    assert_eq!(
        (timings.automatic.events, timings.manual.events),
        (0, 0),
        "not counted as the autoscaler's nor as an operator's"
    );
    assert_eq!(
        group(&second, "web").instances.fine.values,
        [2.0, 4.0],
        "in service as observed, one slot per interval"
    );

    let journal = std::fs::read_to_string(fx.settings.state_dir.join(FILE_NAME)).expect("journal");
    assert_eq!(journal.lines().count(), 1, "{journal}");

    // A new console (a restart) reads it back; a scale-in is recorded but is no scale-out.
    let mut restarted = ScalingPoller::new(&fx.settings);
    assert_eq!(restarted.transitions(), poller.transitions());
    let t1 = t0 + Duration::minutes(5);
    fx.poll(&mut restarted, t1).await;
    fx.set_desired("web", 3).await;
    let third = fx.poll(&mut restarted, t1 + Duration::seconds(30)).await;
    assert_eq!(restarted.transitions().len(), 2);
    let observed = third.timings.unattributed.completion.expect("provisioning");
    assert_eq!((observed.samples, observed.p50), (1, Duration::seconds(30)));
    let removal = third.timings.scale_in.completion.expect("removal");
    assert_eq!((removal.samples, removal.p50), (1, Duration::seconds(30)));
    assert_eq!(
        third
            .events
            .iter()
            .map(|e| (e.from, e.to))
            .collect::<Vec<_>>(),
        [(4, 3), (2, 4)],
        "newest first"
    );

    let text = rendered(third, t1 + Duration::seconds(30));
    assert!(
        text.contains("unattributed out (1) p50/p95  provisioning 30s/30s"),
        "{text}"
    );
    drop(fx.moto);
}

#[tokio::test]
async fn suspended_processes_show_as_a_warning_on_the_tab() {
    let fx = Fixture::new().await;
    fx.clients
        .autoscaling
        .suspend_processes()
        .auto_scaling_group_name("web")
        .scaling_processes("Launch")
        .scaling_processes("AlarmNotification")
        .send()
        .await
        .expect("suspend processes");
    let view = fx
        .poll(&mut ScalingPoller::new(&fx.settings), Utc::now())
        .await;
    let mut suspended = group(&view, "web").suspended.clone();
    suspended.sort_unstable();
    assert_eq!(suspended, ["AlarmNotification", "Launch"]);
    assert!(group(&view, "worker").suspended.is_empty());

    let text = rendered(view.clone(), Utc::now());
    let web = line_with(&text, "│web ");
    assert!(web.contains("suspended"), "status column: {web}");
    let worker = line_with(&text, "│worker ");
    assert!(worker.contains("steady"), "{worker}");
    let text = rendered(only(view, "web"), Utc::now());
    assert!(
        text.contains("suspended: Launch, AlarmNotification (will not scale)")
            || text.contains("suspended: AlarmNotification, Launch (will not scale)"),
        "{text}"
    );
}
