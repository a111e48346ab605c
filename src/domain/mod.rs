//! Plain data shared by sources, the app and the UI. No I/O, no terminal, no tokio.
//!
//! A source (the simulator now; Prometheus and AWS later) produces a [`FleetSnapshot`]: an owned
//! picture of everything it knows at one moment. Parts a source cannot provide are `None`, and
//! single figures it could not obtain are `None` or NaN; the UI shows those as missing, never as
//! healthy or zero.

pub mod cost;
pub mod latency;
pub mod readiness;
pub mod scaling;
pub mod security;
pub mod series;

use chrono::{DateTime, Utc};

pub use cost::{CostView, DailyCost, ServiceCost};
pub use latency::{LatencyView, ServiceLatency};
pub use readiness::{Category, CheckState, ReadinessCheck, ReadinessLevel, ReadinessView};
pub use scaling::{
    CacheStatus, DatabaseNode, DatabaseRole, ScalingEvent, ScalingGroup, ScalingPolicy, ScalingView,
};
pub use security::{Certificate, SecurityView, VulnerabilityCounts};
pub use series::{Series, Trend};

/// Which source produced an update. One variant per kind of source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceId {
    Simulator,
}

impl SourceId {
    pub fn label(self) -> &'static str {
        match self {
            Self::Simulator => "sim",
        }
    }
}

/// How bad something is; themes colour these meanings, not widgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Health {
    Ok,
    Warning,
    Critical,
    /// No data, stale data or NaN: never shown as healthy.
    Unknown,
}

/// The tab an alert concerns (alerts are routed by their labels in later sources).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    Scaling,
    Latency,
    Cost,
    Security,
    Readiness,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub name: String,
    pub severity: Health,
    pub topic: Topic,
    pub since: DateTime<Utc>,
    pub summary: String,
}

/// Everything one source knows at `taken_at` (the source's clock: simulated time for the demo).
#[derive(Debug, Clone, PartialEq)]
pub struct FleetSnapshot {
    pub taken_at: DateTime<Utc>,
    pub scaling: Option<ScalingView>,
    pub latency: Option<LatencyView>,
    pub cost: Option<CostView>,
    pub security: Option<SecurityView>,
    pub readiness: Option<ReadinessView>,
    pub alerts: Vec<Alert>,
}

/// What a source task sends to the loop after each poll.
#[derive(Debug, Clone)]
pub struct SourceUpdate {
    pub source: SourceId,
    pub result: Result<Box<FleetSnapshot>, String>,
}
