//! Vulnerabilities, security score and certificates.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

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
    /// `None` when the source has no vulnerability data (unknown, not zero).
    pub vulnerabilities: Option<VulnerabilityCounts>,
    /// One entry per day, oldest first.
    pub trend: Vec<(NaiveDate, VulnerabilityCounts)>,
    /// 0–100.
    pub score_percent: Option<f64>,
    pub score_target_percent: f64,
    pub certificates: Vec<Certificate>,
}
