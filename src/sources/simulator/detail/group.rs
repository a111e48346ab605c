//! A simulated group's detail: its instances from the roster, the alarms its step policy
//! implies, the cooldown left, and its CPU and memory recorded a minute at a time.

use chrono::Duration;

use crate::domain::ScalingPolicy;
use crate::domain::detail::{Alarm, Extras, GroupExtras, Instance, Provenance};

use super::super::Simulator;
use super::super::group::Group;

impl Simulator {
    pub(super) fn group_detail(&self, name: &str) -> Option<(Extras, Vec<Provenance>)> {
        let (group, view) = self
            .groups
            .iter()
            .zip(self.group_views())
            .find(|(g, _)| g.name == name)?;
        let [cpu, memory, _] = &group.history;
        let extras = GroupExtras {
            instances: Some(instances(group)),
            // A group without a policy has no alarms behind it: none, not unknown.
            alarms: Some(group.policy.as_ref().map_or_else(Vec::new, |policy| {
                alarms(
                    name,
                    policy,
                    view.cpu_percent.unwrap_or(f64::NAN),
                    view.memory_percent.unwrap_or(f64::NAN),
                )
            })),
            cooldown_remaining: group.cooldown_remaining(self.now),
            cpu: Some(cpu.trend().fine),
            memory: Some(memory.trend().fine),
        };
        Some((Extras::Group(extras), provenance(name)))
    }
}

fn instances(group: &Group) -> Vec<Instance> {
    group
        .roster
        .machines()
        .iter()
        .map(|m| Instance {
            id: m.id.clone(),
            zone: m.zone.to_string(),
            lifecycle: m.lifecycle.name().to_string(),
            // The model runs no health checks; the tab says unknown too.
            healthy: None,
            instance_type: group.instance_type.clone(),
            launched_at: Some(m.launched_at),
        })
        .collect()
}

/// The CloudWatch alarms a step policy like the phase plan's stands on: CPU or memory above
/// its threshold scales out, CPU below its own scales in. Their state is the figures' now.
fn alarms(group: &str, policy: &ScalingPolicy, cpu: f64, memory: f64) -> Vec<Alarm> {
    let alarm = |(suffix, metric, comparison, threshold, period, value): (
        &str,
        &str,
        &str,
        f64,
        Duration,
        f64,
    )| {
        let firing = if comparison == ">" {
            value > threshold
        } else {
            value < threshold
        };
        let state = if value.is_nan() {
            "INSUFFICIENT_DATA"
        } else if firing {
            "ALARM"
        } else {
            "OK"
        };
        let direction = if comparison == ">" { "out" } else { "in" };
        Alarm {
            name: format!("{group}-{suffix}"),
            policy: format!("{group}-scale-{direction}"),
            metric: metric.into(),
            comparison: comparison.into(),
            threshold,
            period: Some(period),
            state: state.into(),
        }
    };
    let p = policy;
    [
        (
            "cpu-high",
            "CPUUtilization",
            ">",
            p.scale_out_cpu_percent,
            p.scale_out_after,
            cpu,
        ),
        (
            "memory-high",
            "MemoryUtilization",
            ">",
            p.scale_out_memory_percent,
            p.scale_out_after,
            memory,
        ),
        (
            "cpu-low",
            "CPUUtilization",
            "<",
            p.scale_in_cpu_percent,
            p.scale_in_after,
            cpu,
        ),
    ]
    .into_iter()
    .map(alarm)
    .collect()
}

/// The catalogue's figure ids for the tab's figures, and the model's names for the rest.
fn provenance(group: &str) -> Vec<Provenance> {
    let figure = |figure: String, from: String| Provenance { figure, from };
    let mut found: Vec<Provenance> = ["in_service", "desired", "min", "max", "cpu", "memory"]
        .into_iter()
        .map(|f| {
            figure(
                format!("group.{group}.{f}"),
                "the simulator's model (the Scaling tab's figure)".into(),
            )
        })
        .collect();
    found.extend([
        figure(
            "instances".into(),
            format!("the simulator's roster of {group}: seeded ids, three zones, launches and terminations"),
        ),
        figure(
            "alarms".into(),
            format!("the simulator's step policy of {group} (phase plan thresholds), judged on the figures now"),
        ),
        figure(
            "cooldown".into(),
            "the step policy's cooldown since the group's last change".into(),
        ),
        figure(
            format!("history of group.{group}.cpu, group.{group}.memory, group.{group}.in_service"),
            "the simulator's trend buffers, one point a minute".into(),
        ),
    ]);
    found
}
