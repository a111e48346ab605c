//! Alerts from any source, with where they came from and whether someone silenced them.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Health, Topic};

/// Pending alerts have not yet held for their `for` duration; silenced ones fire but are muted
/// in Alertmanager (by a silence or an inhibition).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AlertState {
    Firing,
    Pending,
    Silenced,
}

impl AlertState {
    pub fn label(self) -> &'static str {
        match self {
            Self::Firing => "firing",
            Self::Pending => "pending",
            Self::Silenced => "silenced",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    pub name: String,
    pub severity: Health,
    pub state: AlertState,
    /// `None` when no label or name ties it to a tab: then it shows only in the alert list.
    pub topic: Option<Topic>,
    pub since: DateTime<Utc>,
    pub summary: String,
    /// Every label, sorted, for the alert list.
    pub labels: Vec<(String, String)>,
    /// Ids of the Alertmanager silences muting it (empty when not silenced).
    pub silenced_by: Vec<String>,
}

/// The alerts concerning `topic` as a tab lists them in its alert lines: firing first, then
/// pending, then silenced; the most severe first within each.
pub fn on_topic(alerts: &[Alert], topic: Topic) -> Vec<&Alert> {
    let mut relevant: Vec<&Alert> = alerts.iter().filter(|a| a.topic == Some(topic)).collect();
    relevant.sort_by_key(|a| (a.state, std::cmp::Reverse(a.severity)));
    relevant
}
