//! One cost line's days, for its chart and its anomalies.

use serde::Serialize;

use crate::domain::DailyCost;

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct CostExtras {
    /// This line's spend per day, oldest first.
    pub daily: Vec<DailyCost>,
    /// Last month's spend on this line, where the source has it.
    pub last_month: Option<f64>,
}
