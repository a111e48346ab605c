//! The weekly checkpoint leads review: success criteria measured per ISO week, the phase plan's
//! progress, and the report every surface (tab, Markdown, HTML, JSON) shows the same way.

pub mod criterion;
pub mod defaults;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod fold;
pub mod format;
pub mod health;
pub mod phase;
pub mod report;
pub mod services;
pub mod week;

pub use criterion::{Aggregation, Comparator, Criterion, Verdict};
pub use health::severity_health;
pub use phase::{PhasePlan, PhaseStatus, StepState};
pub use report::{
    AlertSummary, CriterionResult, FiredAlert, Measurement, RunSummary, Summary, WeeklyReport,
};
pub use week::{IsoWeek, WeekRange, parse_tz};
