//! Auto scaling groups, their policy, scaling events, and the data tier behind them.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::scaling_event::{ScalingEvent, ScalingTimings};
use super::{Health, Trend};

mod data_tier;
mod undo;

pub use data_tier::{CacheStatus, DatabaseNode, DatabaseRole, database_targets};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScalingPolicy {
    pub scale_out_cpu_percent: f64,
    pub scale_out_memory_percent: f64,
    #[serde(serialize_with = "super::series::seconds::serialize")]
    pub scale_out_after: Duration,
    pub scale_in_cpu_percent: f64,
    #[serde(serialize_with = "super::series::seconds::serialize")]
    pub scale_in_after: Duration,
    #[serde(serialize_with = "super::series::seconds::serialize")]
    pub cooldown: Duration,
}

/// How a group is sized: by hand, by step rules (the phase plan's policy), by an autoscaler
/// that tracks a utilisation target (a Kubernetes HPA, AWS target tracking), or by scale rules
/// (an Azure container app's KEDA scalers).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Policy {
    Fixed,
    Step(ScalingPolicy),
    TargetTracking {
        cpu_percent: Option<f64>,
        memory_percent: Option<f64>,
    },
    /// AWS step or simple scaling policies, by name: their thresholds live in the CloudWatch
    /// alarms that trigger them, which the source does not read.
    Alarms {
        policies: Vec<String>,
    },
    /// Room to scale (min < max) but no policy: desired changes by hand or on a schedule.
    Manual,
    /// Scale rules, each a scaler with its threshold: the app scales out while any rule's
    /// metric is past its threshold (Azure Container Apps, KEDA).
    Rules {
        rules: Vec<ScaleRule>,
    },
}

/// One scale rule as configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScaleRule {
    pub name: String,
    /// `http`, `tcp`, `azure-queue`, or a custom KEDA scaler's type (`azure-servicebus`, `cpu`).
    pub scaler: String,
    /// What it scales on, as configured: "50 concurrent requests", "queueLength=5 (orders)".
    pub threshold: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScalingGroup {
    pub name: String,
    pub instance_type: String,
    pub in_service: u32,
    pub desired: u32,
    pub min: u32,
    pub max: u32,
    pub cpu_percent: Option<f64>,
    pub memory_percent: Option<f64>,
    /// The highest CPU of the last hour (`group.NAME.cpu_max_1h`): what says a group is
    /// over-provisioned, where one low sample would not. `None` without a full hour of samples.
    pub cpu_max_1h: Option<f64>,
    pub policy: Policy,
    /// Instances in service over time.
    pub instances: Trend,
    /// Instances launching and not yet in service; `None` where the source cannot tell.
    pub pending: Option<u32>,
    /// Instances the group reports unhealthy; `None` where the source cannot tell.
    pub unhealthy: Option<u32>,
    /// Auto Scaling processes suspended on the group (`Launch`, `AlarmNotification`, …).
    pub suspended: Vec<String>,
    /// Whether an operator's hold keeps the policy from scaling it back in.
    pub hold: Hold,
}

/// An operator's hold on a group's autoscaling (its minimum raised to the desired capacity
/// they set, restored by itself at the end), as far as the source can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case", tag = "state", content = "until")]
pub enum Hold {
    /// The source does not know of holds (Prometheus).
    #[default]
    Unknown,
    Free,
    Until(DateTime<Utc>),
}

impl Hold {
    pub fn until(self) -> Option<DateTime<Utc>> {
        match self {
            Self::Until(at) => Some(at),
            Self::Unknown | Self::Free => None,
        }
    }
}

impl ScalingGroup {
    /// A group that scales by itself and has reached its ceiling; a fixed-size or hand-sized
    /// group never is.
    pub fn at_max(&self) -> bool {
        !matches!(self.policy, Policy::Fixed | Policy::Manual) && self.desired >= self.max
    }

    /// Busy at or over `SATURATED_CPU_PERCENT` with no way to grow by itself: at its maximum,
    /// or sized by hand. A group with room and a policy is about to scale instead.
    pub fn saturated(&self) -> bool {
        let stuck =
            self.desired >= self.max || matches!(self.policy, Policy::Fixed | Policy::Manual);
        stuck && self.cpu_percent.is_some_and(|c| c >= SATURATED_CPU_PERCENT)
    }

    /// Where CPU and memory turn critical: the step policy's scale-out thresholds, else 90 %
    /// (an autoscaler tracking a target runs near it by design).
    pub fn limits(&self) -> (f64, f64) {
        match &self.policy {
            Policy::Step(p) => (p.scale_out_cpu_percent, p.scale_out_memory_percent),
            Policy::Fixed
            | Policy::Manual
            | Policy::TargetTracking { .. }
            | Policy::Alarms { .. }
            | Policy::Rules { .. } => (UNMANAGED_LIMIT, UNMANAGED_LIMIT),
        }
    }

    /// CPU against its limit; within 10 % of it a warning.
    pub fn cpu_health(&self) -> Health {
        let limit = self.limits().0;
        Health::rising(self.cpu_percent, limit * 0.9, limit)
    }

    pub fn memory_health(&self) -> Health {
        let limit = self.limits().1;
        Health::rising(self.memory_percent, limit * 0.9, limit)
    }

    /// A suspended process keeps the group from scaling: no launches, no terminations, or no
    /// alarm reaching its policies.
    pub fn blocks_scaling(&self) -> bool {
        self.suspended
            .iter()
            .any(|p| BLOCKING.contains(&p.as_str()))
    }

    /// Any suspended process is a warning: someone stopped part of the group's automation.
    pub fn suspended_health(&self) -> Health {
        if self.suspended.is_empty() {
            Health::Ok
        } else {
            Health::Warning
        }
    }

    /// Instances reported unhealthy are a warning; unknown when the source cannot tell.
    pub fn unhealthy_health(&self) -> Health {
        match self.unhealthy {
            Some(0) => Health::Ok,
            Some(_) => Health::Warning,
            None => Health::Unknown,
        }
    }

    /// The group's state in a word, worst first.
    pub fn status(&self) -> (&'static str, Health) {
        if self.saturated() {
            ("SATURATED", Health::Critical)
        } else if self.at_max() {
            ("AT MAX", Health::Critical)
        } else if self.blocks_scaling() {
            ("suspended", Health::Warning)
        } else if self.in_service != self.desired {
            ("scaling", Health::Warning)
        } else {
            ("steady", Health::Ok)
        }
    }
}

/// CPU or memory above this is critical for a group without step thresholds.
const UNMANAGED_LIMIT: f64 = 90.0;

/// Suspended, these stop a group from scaling.
const BLOCKING: [&str; 3] = ["Launch", "Terminate", "AlarmNotification"];

/// CPU from which a group that cannot grow is saturated.
pub const SATURATED_CPU_PERCENT: f64 = 90.0;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScalingView {
    pub groups: Vec<ScalingGroup>,
    /// Newest first, bounded by the source.
    pub events: Vec<ScalingEvent>,
    pub databases: Vec<DatabaseNode>,
    pub cache: Option<CacheStatus>,
    /// Trigger delay and provisioning time over the events the source knows of.
    pub timings: ScalingTimings,
}

impl ScalingView {
    /// The group that could lose capacity most easily: above its min, with the lowest CPU max
    /// over the last hour (a group without that hour is never picked on a guess).
    pub fn most_over_provisioned(&self) -> Option<&ScalingGroup> {
        self.groups
            .iter()
            .filter(|g| g.desired > g.min)
            .filter_map(|g| Some((g, g.cpu_max_1h.filter(|c| c.is_finite())?)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(g, _)| g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn group(policy: Policy, desired: u32, cpu: f64) -> ScalingGroup {
        let empty = super::super::Series {
            end: DateTime::<Utc>::MIN_UTC,
            step: Duration::minutes(1),
            values: Vec::new(),
        };
        ScalingGroup {
            name: "worker".into(),
            instance_type: "c5.2xlarge".into(),
            in_service: desired,
            desired,
            min: 10,
            max: 20,
            cpu_percent: Some(cpu),
            memory_percent: None,
            cpu_max_1h: None,
            policy,
            instances: Trend {
                fine: empty.clone(),
                coarse: empty,
            },
            pending: None,
            unhealthy: None,
            suspended: Vec::new(),
            hold: Hold::Unknown,
        }
    }

    #[test]
    fn the_most_over_provisioned_group_is_above_its_min_with_the_lowest_hour_of_cpu() {
        let sized = |name: &str, desired: u32, max_1h: Option<f64>| ScalingGroup {
            name: name.into(),
            cpu_max_1h: max_1h,
            ..group(Policy::Fixed, desired, 10.0)
        };
        let view = |groups| ScalingView {
            groups,
            events: Vec::new(),
            databases: Vec::new(),
            cache: None,
            timings: ScalingTimings::default(),
        };
        let pick = |v: &ScalingView| v.most_over_provisioned().map(|g| g.name.clone());
        let groups = vec![
            sized("at-min", 10, Some(5.0)),
            sized("busy", 14, Some(60.0)),
            sized("idle", 14, Some(19.0)),
            sized("unknown", 14, None),
        ];
        assert_eq!(pick(&view(groups)), Some("idle".into()));
        let none = vec![sized("at-min", 10, Some(5.0)), sized("unknown", 14, None)];
        assert_eq!(pick(&view(none)), None, "never a guess");
    }

    #[test]
    fn saturated_is_busy_with_no_way_to_grow_by_itself() {
        let tracking = || Policy::TargetTracking {
            cpu_percent: Some(75.0),
            memory_percent: None,
        };
        assert!(
            group(Policy::Fixed, 14, 100.0).saturated(),
            "fixed size at 100 %"
        );
        assert!(group(Policy::Fixed, 14, 90.0).saturated());
        assert!(!group(Policy::Fixed, 14, 89.9).saturated());
        assert!(group(tracking(), 20, 95.0).saturated(), "at its maximum");
        assert!(
            !group(tracking(), 14, 100.0).saturated(),
            "room to scale out"
        );
        let mut unknown = group(Policy::Fixed, 14, 0.0);
        unknown.cpu_percent = None;
        assert!(!unknown.saturated(), "no CPU figure, no verdict");
    }

    #[test]
    fn any_suspended_process_is_a_warning_and_some_stop_scaling() {
        let mut group = group(Policy::Manual, 14, 10.0);
        assert_eq!(group.suspended_health(), Health::Ok);
        group.suspended = vec!["AZRebalance".into()];
        assert_eq!(group.suspended_health(), Health::Warning);
        assert!(!group.blocks_scaling(), "rebalancing off still scales");
        group.suspended.push("Launch".into());
        assert!(group.blocks_scaling());
    }
}
