//! One cost line's days, for its chart and its anomalies, and what reserving its instances
//! would save.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::DailyCost;

mod anomaly;
mod savings;

pub use anomaly::{ANOMALY_METHOD, Anomalies, Anomaly, TRAILING_DAYS, anomalies};
pub use savings::{DISCOUNTS, Discount, Family, Reservable, SavingsOption, savings};

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct CostExtras {
    /// This line's spend per day, oldest first; today's day is still running.
    pub daily: Vec<DailyCost>,
    /// Last month's spend on this line, where the source has it.
    pub last_month: Option<f64>,
    /// Set when `last_month` covers only the days from this date (the record starts then).
    pub last_month_since: Option<NaiveDate>,
    /// The instances behind the line that could be reserved; `None`: no savings data.
    pub reservable: Option<Reservable>,
}
