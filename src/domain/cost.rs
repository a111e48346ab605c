//! Spend against budget.

use serde::Serialize;
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceCost {
    pub service: String,
    pub month_to_date: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DailyCost {
    pub date: NaiveDate,
    pub amount: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostView {
    pub currency: String,
    pub monthly_budget: f64,
    pub month_to_date: f64,
    pub forecast_month_end: Option<f64>,
    /// How the forecast was made, shown next to it (e.g. "projected from daily spend").
    pub forecast_method: String,
    pub hourly_rate: Option<f64>,
    pub by_service: Vec<ServiceCost>,
    /// Oldest first.
    pub daily: Vec<DailyCost>,
    /// Fraction of eligible usage covered by reservations.
    pub reserved_coverage: Option<f64>,
    pub savings_estimate_monthly: Option<f64>,
    pub savings_note: String,
}
