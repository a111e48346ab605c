//! Plain data shared by sources, the app and the UI. No I/O, no terminal, no tokio.
//!
//! A source (the simulator now; Prometheus and AWS later) produces a [`FleetSnapshot`]: an owned
//! picture of everything it knows at one moment. Parts a source cannot provide are `None`, and
//! single figures it could not obtain are `None` or NaN; the UI shows those as missing, never as
//! healthy or zero.

pub mod alert;
pub mod approval;
pub mod audit;
pub mod checkpoint;
pub mod cost;
pub mod cost_budget;
pub mod cost_month;
pub mod cost_movers;
pub mod detail;
pub mod duration;
pub mod figure;
pub mod health;
pub mod latency;
pub mod merge;
pub mod monitoring;
pub mod panel;
pub mod readiness;
pub mod redact;
pub mod remote_text;
pub mod runbook;
pub mod scaling;
pub mod scaling_event;
pub mod security;
pub mod series;
pub mod slo;
pub mod topic;

use chrono::{DateTime, Utc};
use serde::Serialize;

pub use alert::{Alert, AlertState};
pub use health::Health;
pub use topic::Topic;

pub use cost::{CostView, DailyCost, ServiceCost};
pub use latency::{BurnRate, BurnVerdict, LatencyView, ServiceLatency};
pub use monitoring::MonitoringHealth;
pub use panel::{Freshness, PanelReading, PanelStatus, PanelValue, Unit};
pub use readiness::{
    Category, CheckState, ReadinessCheck, ReadinessLevel, ReadinessView, group_health,
};
pub use scaling::{
    CacheStatus, DatabaseNode, DatabaseRole, Policy, ScaleRule, ScalingGroup, ScalingPolicy,
    ScalingView,
};
pub use scaling_event::{Cause, ScalingEvent, ScalingTimings, Trigger, TriggerBasis};
pub use security::{
    Certificate, Finding, Findings, SCORE_TARGET_PERCENT, SecurityView, Severity,
    VulnerabilityCounts, WorkflowStatus,
};
pub use series::{Series, Trend};

/// Which source produced an update. One variant per kind of source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceId {
    Simulator,
    Prometheus,
    /// Auto Scaling groups with their CloudWatch metrics.
    AwsScaling,
    /// Cost Explorer, cached for an hour.
    AwsCost,
    /// Security Hub findings.
    AwsSecurity,
    /// Azure Container Apps with their scale rules and replicas.
    AzureApps,
    /// Cost Management, cached for an hour.
    AzureCost,
    /// Defender for Cloud's secure score and assessments.
    AzureDefender,
}

impl SourceId {
    pub fn label(self) -> &'static str {
        match self {
            Self::Simulator => "sim",
            Self::Prometheus => "prom",
            Self::AwsScaling => "aws:asg",
            Self::AwsCost => "aws:cost",
            Self::AwsSecurity => "aws:hub",
            Self::AzureApps => "azure:apps",
            Self::AzureCost => "azure:cost",
            Self::AzureDefender => "azure:defender",
        }
    }

    /// The figures this source measures itself (a cloud's own score), which a criterion on
    /// them reads from it rather than from its PromQL.
    pub fn measures(self) -> &'static [&'static str] {
        match self {
            Self::AzureDefender => &["security.score_percent"],
            _ => &[],
        }
    }
}

/// Everything one source knows at `taken_at` (the source's clock: simulated time for the demo).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FleetSnapshot {
    pub taken_at: DateTime<Utc>,
    pub scaling: Option<ScalingView>,
    pub latency: Option<LatencyView>,
    pub cost: Option<CostView>,
    pub security: Option<SecurityView>,
    pub readiness: Option<ReadinessView>,
    pub alerts: Vec<Alert>,
    /// The queries behind the figures, for inspection; empty for the simulator.
    pub panels: Vec<PanelReading>,
    /// Scrape targets, rule health and Alertmanager reachability; `None` for the simulator.
    pub monitoring: Option<MonitoringHealth>,
    /// The open detail's own data (see [`detail`]); `None` while no detail asks for it.
    pub detail: Option<detail::ObjectDetail>,
}

impl FleetSnapshot {
    /// Nothing known yet: each part a source fills replaces its `None`.
    pub fn empty(taken_at: DateTime<Utc>) -> Self {
        Self {
            taken_at,
            scaling: None,
            latency: None,
            cost: None,
            security: None,
            readiness: None,
            alerts: Vec::new(),
            panels: Vec::new(),
            monitoring: None,
            detail: None,
        }
    }
}

/// What a source task sends to the loop after each poll.
#[derive(Debug, Clone)]
pub struct SourceUpdate {
    pub source: SourceId,
    pub result: Result<Box<FleetSnapshot>, String>,
}
