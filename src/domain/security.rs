//! Vulnerabilities, security score and certificates.

use serde::Serialize;
use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct VulnerabilityCounts {
    pub critical: u32,
    pub high: u32,
    pub medium: u32,
    pub low: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Certificate {
    pub name: String,
    pub not_after: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SecurityView {
    pub vulnerabilities: VulnerabilityCounts,
    /// One entry per day, oldest first.
    pub trend: Vec<(NaiveDate, VulnerabilityCounts)>,
    /// 0–100.
    pub score_percent: Option<f64>,
    pub score_target_percent: f64,
    pub certificates: Vec<Certificate>,
}
