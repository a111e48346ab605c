//! What a certificate and a finding are, beyond the tab's row.

use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct CertificateExtras {
    pub issuer: Option<String>,
    pub subject: Option<String>,
    pub sans: Vec<String>,
    pub not_before: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct FindingExtras {
    pub package: Option<String>,
    pub installed_version: Option<String>,
    pub fixed_version: Option<String>,
    pub first_seen: Option<DateTime<Utc>>,
    pub description: Option<String>,
}
