//! Auto scaling groups, their policy, scaling events, and the data tier behind them.

use chrono::Duration;
use serde::Serialize;

use super::Trend;
use super::scaling_event::{ScalingEvent, ScalingTimings};

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

/// How a group is sized: by hand, by step rules (the phase plan's policy), or by an
/// autoscaler that tracks a utilisation target (a Kubernetes HPA, AWS target tracking).
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
    pub policy: Policy,
    /// Instances in service over time.
    pub instances: Trend,
    /// Instances launching and not yet in service; `None` where the source cannot tell.
    pub pending: Option<u32>,
    /// Instances the group reports unhealthy; `None` where the source cannot tell.
    pub unhealthy: Option<u32>,
    /// Auto Scaling processes suspended on the group (`Launch`, `AlarmNotification`, …).
    pub suspended: Vec<String>,
}

impl ScalingGroup {
    /// A group that scales by itself and has reached its ceiling; a fixed-size or hand-sized
    /// group never is.
    pub fn at_max(&self) -> bool {
        !matches!(self.policy, Policy::Fixed | Policy::Manual) && self.desired >= self.max
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DatabaseRole {
    Primary,
    Replica,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DatabaseNode {
    pub name: String,
    pub role: DatabaseRole,
    pub class: String,
    pub cpu_percent: Option<f64>,
    /// Replicas only.
    pub replication_lag_seconds: Option<f64>,
    pub healthy: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CacheStatus {
    pub name: String,
    pub hit_ratio: Option<f64>,
    pub connections_in_use: u32,
    pub pool_size: u32,
}

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
