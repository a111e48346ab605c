//! A readiness check's history: when it changed state.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::CheckState;

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct CheckExtras {
    /// (since, state), oldest first.
    pub history: Vec<(DateTime<Utc>, CheckState)>,
}
