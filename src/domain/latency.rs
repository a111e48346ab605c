//! Per-service latency quantiles, traffic and SLO figures.

use super::Trend;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceLatency {
    pub name: String,
    pub p50_ms: Option<f64>,
    pub p90_ms: Option<f64>,
    pub p95_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub requests_per_second: Option<f64>,
    /// Fraction of requests that failed (0.0003 = 0.03 %).
    pub error_ratio: Option<f64>,
    pub p99_target_ms: f64,
    /// Availability objective as a fraction (0.999).
    pub availability_target: f64,
    /// Fraction of the SLO window's error budget left; negative when overspent.
    pub error_budget_remaining: Option<f64>,
    pub burn_rate_1h: Option<f64>,
    pub burn_rate_6h: Option<f64>,
    pub p99_history: Trend,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LatencyView {
    pub services: Vec<ServiceLatency>,
    pub slo_window_days: u32,
}
