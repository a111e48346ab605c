//! The moto account tests/aws_scaling.rs polls: three tagged groups and the helpers that read
//! the poller's view and the rendered Scaling tab.
#![allow(dead_code)]

use crate::common;
use crate::stack::moto::{Moto, REGION};
use aws_sdk_autoscaling::types::Tag;
use chrono::{DateTime, Utc};
use opsconsole::app::Topic;
use opsconsole::domain::{FleetSnapshot, ScalingGroup, ScalingView};
use opsconsole::sources::aws::clients::AwsClients;
use opsconsole::sources::aws::scaling::ScalingPoller;
use opsconsole::sources::aws::settings::AwsSettings;

pub struct Fixture {
    pub moto: Moto,
    pub clients: AwsClients,
    pub settings: AwsSettings,
}

impl Fixture {
    /// moto with a launch configuration and three groups: web (2–6, team=web), worker (1–3,
    /// team=batch) and bastion (1–1, team=web).
    pub async fn new() -> Self {
        let moto = Moto::start();
        let (clients, settings) = moto.console().await;
        clients
            .autoscaling
            .create_launch_configuration()
            .launch_configuration_name("app")
            .image_id("ami-12c6146b")
            .instance_type("t3.large")
            .send()
            .await
            .expect("launch configuration");
        for (name, min, max, team) in [
            ("web", 2, 6, "web"),
            ("worker", 1, 3, "batch"),
            ("bastion", 1, 1, "web"),
        ] {
            let tag = Tag::builder()
                .key("team")
                .value(team)
                .resource_id(name)
                .resource_type("auto-scaling-group")
                .propagate_at_launch(false)
                .build();
            clients
                .autoscaling
                .create_auto_scaling_group()
                .auto_scaling_group_name(name)
                .launch_configuration_name("app")
                .min_size(min)
                .max_size(max)
                .desired_capacity(min)
                .availability_zones(format!("{REGION}a"))
                .tags(tag)
                .send()
                .await
                .expect("group");
        }
        Self {
            moto,
            clients,
            settings,
        }
    }

    pub async fn poll(&self, poller: &mut ScalingPoller, now: DateTime<Utc>) -> ScalingView {
        poller
            .poll(&self.clients, &self.settings, now)
            .await
            .expect("poll")
    }

    pub async fn set_desired(&self, group: &str, desired: i32) {
        self.clients
            .autoscaling
            .set_desired_capacity()
            .auto_scaling_group_name(group)
            .desired_capacity(desired)
            .send()
            .await
            .expect("set desired capacity");
    }
}

pub fn group<'a>(view: &'a ScalingView, name: &str) -> &'a ScalingGroup {
    view.groups
        .iter()
        .find(|g| g.name == name)
        .unwrap_or_else(|| panic!("no group {name} in {:?}", view.groups))
}

pub fn rendered(view: ScalingView, taken_at: DateTime<Utc>) -> String {
    let snapshot = FleetSnapshot {
        scaling: Some(view),
        ..FleetSnapshot::empty(taken_at)
    };
    let mut state = common::state_with(snapshot, Topic::Scaling);
    common::text(&common::draw(&mut state, 200, 50, false))
}

/// The view with `name` alone, so that the group box shows it.
pub fn only(mut view: ScalingView, name: &str) -> ScalingView {
    view.groups.retain(|g| g.name == name);
    view
}

pub fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line contains {needle:?} in\n{text}"))
}
