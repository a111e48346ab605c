//! Evaluating the weekly checkpoint: criteria measured per ISO week on the environment's source
//! (PromQL on Prometheus, the replayed record on the simulator), the phase plan's state, the
//! week's runbook runs from the audit and its alerts, assembled into a `WeeklyReport` that the
//! tab, `opsconsole report` and `opsconsole check` share.

mod counters;
pub mod evaluate;
pub mod live;
pub mod prometheus;
pub mod record;
pub mod recorder;
pub mod render;
pub mod runs;

use std::path::PathBuf;
use std::sync::Arc;

use chrono::Duration;
use chrono_tz::Tz;

use crate::domain::SourceId;
use crate::domain::checkpoint::{Criterion, PhasePlan};
use crate::sources::prometheus::PrometheusClient;

pub use evaluate::{check, weekly_report};
pub use live::LiveSamples;
pub use record::Record;
pub use recorder::Recorder;

/// `[checkpoint]` of the config, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckpointSettings {
    pub criteria: Vec<Criterion>,
    /// `None`: no phase plan (the demo then shows its own).
    pub phase: Option<PhasePlan>,
    /// Spacing of the samples a week is folded from.
    pub step: Duration,
    pub timezone: Tz,
}

impl CheckpointSettings {
    /// The figures the criteria name, which a record samples.
    pub fn figures(&self) -> Vec<String> {
        self.criteria
            .iter()
            .flat_map(|c| [c.figure.clone(), c.denominator_figure.clone()])
            .flatten()
            .collect()
    }
}

impl Default for CheckpointSettings {
    fn default() -> Self {
        Self {
            criteria: crate::domain::checkpoint::defaults::criteria(),
            phase: None,
            step: Duration::minutes(5),
            timezone: Tz::UTC,
        }
    }
}

/// Where the figures come from.
#[derive(Clone)]
pub enum Source {
    Prometheus {
        client: PrometheusClient,
        /// One poll of the environment now, for criteria measured by a figure (readiness):
        /// those have a value for the running period only.
        live: Option<Arc<crate::domain::FleetSnapshot>>,
        /// The environment's monthly cost baseline, for `$__baseline` in queries.
        baseline: f64,
        /// The environment's cloud parts: a criterion on a figure one of them measures
        /// ([`SourceId::measures`]) reads it from `live`, not from its PromQL.
        clouds: Vec<SourceId>,
    },
    /// The demo: the simulator replayed over the weeks the checkpoint can show.
    Simulator(Arc<Record>),
}

/// One environment's checkpoint inputs.
#[derive(Clone)]
pub struct Inputs {
    pub environment: String,
    pub source: Source,
    pub settings: Arc<CheckpointSettings>,
    /// The audit trail to list the week's runs from.
    pub audit_file: Option<PathBuf>,
    /// The demo shows a phase of its own when none is configured.
    pub demo: bool,
}
