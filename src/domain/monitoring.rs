//! The health of the monitoring stack itself: are targets scraped, do rules evaluate, does
//! Alertmanager answer. A console that hides a broken scrape would show stale calm as health.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonitoringHealth {
    /// Active scrape targets up; `None` until known.
    pub targets_up: Option<usize>,
    /// (job and instance, last scrape error) of the targets that are down.
    pub targets_down: Vec<(String, String)>,
    /// Targets not scraped yet.
    pub targets_unknown: usize,
    pub rules_total: Option<usize>,
    /// (group/rule, last evaluation error) of the rules that are not healthy.
    pub rules_unhealthy: Vec<(String, String)>,
    pub alertmanager: AlertmanagerStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", content = "error", rename_all = "kebab-case")]
pub enum AlertmanagerStatus {
    NotConfigured,
    Reachable,
    Unknown,
    Failed(String),
}
