//! A scaling group's instances, alarms and histories: what explains its size.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::domain::Series;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Instance {
    pub id: String,
    pub zone: String,
    /// The lifecycle state as the cloud says it (`InService`, `Pending`, `Terminating`, …).
    pub lifecycle: String,
    pub healthy: Option<bool>,
    pub instance_type: String,
    pub launched_at: Option<DateTime<Utc>>,
}

/// An alarm behind a scaling policy: what it watches and whether it fires now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alarm {
    pub name: String,
    pub policy: String,
    pub metric: String,
    /// `>= 70` and the like, as the alarm compares.
    pub condition: String,
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct GroupExtras {
    /// `None` where the source cannot list instances.
    pub instances: Option<Vec<Instance>>,
    pub alarms: Option<Vec<Alarm>>,
    /// Time left before the group may scale again; `None` when unknown or not cooling down.
    #[serde(serialize_with = "crate::domain::series::seconds::option::serialize")]
    pub cooldown_remaining: Option<Duration>,
    pub cpu: Option<Series>,
    pub memory: Option<Series>,
}
