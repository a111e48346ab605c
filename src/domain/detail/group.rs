//! A scaling group's instances, alarms and histories, and the verdict on what keeps it from
//! scaling now: what explains its size.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::domain::scaling_event::seconds;
use crate::domain::{Health, Policy, ScalingGroup, Series, Unit};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Instance {
    pub id: String,
    pub zone: String,
    /// The lifecycle state as the cloud says it (`InService`, `Pending`, `Terminating`, …).
    pub lifecycle: String,
    pub healthy: Option<bool>,
    pub instance_type: String,
    /// `None` where the source does not say (Auto Scaling's own calls do not).
    pub launched_at: Option<DateTime<Utc>>,
}

/// The lifecycle state of an instance that takes traffic.
pub const IN_SERVICE: &str = "InService";

/// An alarm behind a scaling policy: what it watches and whether it fires now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alarm {
    pub name: String,
    pub policy: String,
    pub metric: String,
    /// `>=`, `<` and the like, as the alarm compares.
    pub comparison: String,
    pub threshold: f64,
    /// How long the condition must hold (period × evaluation periods); `None` when unknown.
    #[serde(serialize_with = "crate::domain::series::seconds::option::serialize")]
    pub period: Option<Duration>,
    /// `ALARM`, `OK` or `INSUFFICIENT_DATA`, as CloudWatch says it.
    pub state: String,
}

impl Alarm {
    /// `CPUUtilization > 75 for 2m`.
    pub fn condition(&self) -> String {
        let threshold = Unit::Count.text(Some(self.threshold));
        let held = self
            .period
            .map(|p| format!(" for {}", Unit::Seconds.text(Some(seconds(p)))))
            .unwrap_or_default();
        format!("{} {} {threshold}{held}", self.metric, self.comparison)
    }

    pub fn health(&self) -> Health {
        match self.state.as_str() {
            "OK" => Health::Ok,
            "ALARM" => Health::Warning,
            _ => Health::Unknown,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct GroupExtras {
    /// `None` where the source cannot list instances.
    pub instances: Option<Vec<Instance>>,
    pub alarms: Option<Vec<Alarm>>,
    /// Time left before the group may scale again: zero when it may, `None` when unknown.
    #[serde(serialize_with = "crate::domain::series::seconds::option::serialize")]
    pub cooldown_remaining: Option<Duration>,
    pub cpu: Option<Series>,
    pub memory: Option<Series>,
}

impl GroupExtras {
    /// Instances taking traffic; `None` when the source cannot list them.
    pub fn in_service(&self) -> Option<usize> {
        let instances = self.instances.as_ref()?;
        Some(
            instances
                .iter()
                .filter(|i| i.lifecycle == IN_SERVICE)
                .count(),
        )
    }
}

/// One thing that keeps a group from scaling now, worst kinds first in [`limits`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "limit")]
pub enum ScalingLimit {
    /// No policy: the group changes only by hand.
    NoPolicy,
    /// Desired is at the maximum: no scale-out however busy.
    AtMax { max: u32 },
    /// Suspended processes; `blocking` when they stop launches, terminations or alarms.
    Suspended {
        processes: Vec<String>,
        blocking: bool,
    },
    /// The last change's cooldown still runs.
    Cooldown {
        #[serde(serialize_with = "crate::domain::series::seconds::serialize")]
        remaining: Duration,
    },
    /// Instances still launching: capacity asked for, not yet in service.
    Launching { pending: u32 },
    /// Desired is at the minimum: no scale-in however idle.
    AtMin { min: u32 },
}

impl ScalingLimit {
    pub fn sentence(&self) -> String {
        match self {
            Self::NoPolicy => "no scaling policy: the group changes size only by hand".into(),
            Self::AtMax { max } => format!("at its maximum of {max}: it cannot scale out"),
            Self::Suspended {
                processes,
                blocking,
            } => {
                let effect = if *blocking {
                    "scaling is stopped"
                } else {
                    "scaling still works"
                };
                format!("suspended: {}; {effect}", processes.join(", "))
            }
            Self::Cooldown { remaining } => format!(
                "cooling down: the policy may act again in {}",
                Unit::Seconds.text(Some(seconds(*remaining)))
            ),
            Self::Launching { pending } => {
                format!("{pending} launching, not yet in service")
            }
            Self::AtMin { min } => format!("at its minimum of {min}: it cannot scale in"),
        }
    }

    pub fn health(&self) -> Health {
        match self {
            Self::AtMax { .. } => Health::Critical,
            Self::Suspended { blocking: true, .. } => Health::Warning,
            Self::Launching { .. } | Self::Cooldown { .. } => Health::Warning,
            Self::NoPolicy | Self::AtMin { .. } | Self::Suspended { .. } => Health::Ok,
        }
    }
}

/// What keeps `group` from scaling now, worst first; empty when nothing does. `extras` adds
/// what only a detail knows (the cooldown).
pub fn limits(group: &ScalingGroup, extras: Option<&GroupExtras>) -> Vec<ScalingLimit> {
    let mut found = Vec::new();
    if matches!(group.policy, Policy::Fixed | Policy::Manual) {
        found.push(ScalingLimit::NoPolicy);
    }
    if group.at_max() {
        found.push(ScalingLimit::AtMax { max: group.max });
    }
    if !group.suspended.is_empty() {
        found.push(ScalingLimit::Suspended {
            processes: group.suspended.clone(),
            blocking: group.blocks_scaling(),
        });
    }
    if let Some(remaining) = extras
        .and_then(|e| e.cooldown_remaining)
        .filter(|r| *r > Duration::zero())
    {
        found.push(ScalingLimit::Cooldown { remaining });
    }
    if let Some(pending) = group.pending.filter(|p| *p > 0) {
        found.push(ScalingLimit::Launching { pending });
    }
    if group.desired <= group.min && !matches!(group.policy, Policy::Fixed | Policy::Manual) {
        found.push(ScalingLimit::AtMin { min: group.min });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Trend;
    use crate::sources::simulator::demo_policy;

    fn group(policy: Policy, (min, desired, max): (u32, u32, u32)) -> ScalingGroup {
        let empty = Series::empty(Duration::minutes(1));
        ScalingGroup {
            name: "web".into(),
            instance_type: "t3.large".into(),
            in_service: desired,
            desired,
            min,
            max,
            cpu_percent: Some(80.0),
            memory_percent: Some(60.0),
            cpu_max_1h: None,
            policy,
            instances: Trend {
                fine: empty.clone(),
                coarse: empty,
            },
            pending: Some(0),
            unhealthy: Some(0),
            suspended: Vec::new(),
            hold: crate::domain::scaling::Hold::Unknown,
        }
    }

    #[test]
    fn a_group_with_room_and_a_policy_has_no_limit() {
        assert_eq!(limits(&group(demo_policy(), (5, 8, 12)), None), []);
    }

    #[test]
    fn limits_come_worst_first_with_their_sentences() {
        let mut g = group(demo_policy(), (5, 12, 12));
        g.pending = Some(2);
        g.suspended = vec!["AZRebalance".into(), "Launch".into()];
        let extras = GroupExtras {
            cooldown_remaining: Some(Duration::seconds(80)),
            ..GroupExtras::default()
        };
        let found = limits(&g, Some(&extras));
        let sentences: Vec<String> = found.iter().map(ScalingLimit::sentence).collect();
        assert_eq!(
            sentences,
            [
                "at its maximum of 12: it cannot scale out",
                "suspended: AZRebalance, Launch; scaling is stopped",
                "cooling down: the policy may act again in 1m20s",
                "2 launching, not yet in service",
            ]
        );
        let health: Vec<Health> = found.iter().map(ScalingLimit::health).collect();
        assert_eq!(
            health,
            [
                Health::Critical,
                Health::Warning,
                Health::Warning,
                Health::Warning
            ]
        );
    }

    #[test]
    fn a_hand_sized_group_is_limited_by_having_no_policy_not_by_its_bounds() {
        let found = limits(&group(Policy::Manual, (10, 10, 20)), None);
        assert_eq!(found, [ScalingLimit::NoPolicy]);
        let rebalance = GroupExtras {
            cooldown_remaining: Some(Duration::zero()),
            ..GroupExtras::default()
        };
        let mut g = group(demo_policy(), (5, 5, 12));
        g.suspended = vec!["AZRebalance".into()];
        let found = limits(&g, Some(&rebalance));
        assert_eq!(found.len(), 2, "a finished cooldown is no limit: {found:?}");
        assert_eq!(
            found[0].health(),
            Health::Ok,
            "rebalancing off still scales"
        );
        assert_eq!(found[1], ScalingLimit::AtMin { min: 5 });
    }

    #[test]
    fn alarms_read_as_their_condition_and_state() {
        let alarm = Alarm {
            name: "web-cpu-high".into(),
            policy: "web-scale-out".into(),
            metric: "CPUUtilization".into(),
            comparison: ">".into(),
            threshold: 75.0,
            period: Some(Duration::minutes(2)),
            state: "ALARM".into(),
        };
        assert_eq!(alarm.condition(), "CPUUtilization > 75 for 2m");
        assert_eq!(alarm.health(), Health::Warning);
        let unknown = Alarm {
            state: "INSUFFICIENT_DATA".into(),
            period: None,
            threshold: 0.5,
            ..alarm
        };
        assert_eq!(unknown.condition(), "CPUUtilization > 0.500");
        assert_eq!(unknown.health(), Health::Unknown);
    }
}
