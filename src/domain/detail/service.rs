//! A service's objective page beyond its row: percentile histories, the budget over the window,
//! and its endpoints.

use serde::Serialize;

use crate::domain::Series;

/// One route of a service over the last five minutes, as the tab's row is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Endpoint {
    pub route: String,
    pub requests_per_second: Option<f64>,
    pub error_ratio: Option<f64>,
    pub p99_ms: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct ServiceExtras {
    pub endpoints: Option<Vec<Endpoint>>,
    pub p50_ms: Option<Series>,
    pub p90_ms: Option<Series>,
    pub p95_ms: Option<Series>,
    /// Fraction of the window's error budget left, over the window.
    pub budget_remaining: Option<Series>,
}
