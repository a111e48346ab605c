//! Active alerts as Prometheus (`/api/v1/alerts`) and Alertmanager (`/api/v2/alerts`) report
//! them. Prometheus knows whether an alert is pending or firing; Alertmanager knows whether a
//! firing alert is silenced or inhibited, and by what.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::fields::{annotations, go_time, labels, optional_value};
use super::{Labels, malformed, unwrap_envelope};
use crate::domain::remote_text::clean_owned;
use crate::sources::prometheus::FetchError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AlertState {
    Pending,
    Firing,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PromAlert {
    #[serde(deserialize_with = "labels")]
    pub labels: Labels,
    #[serde(default, deserialize_with = "annotations")]
    pub annotations: Labels,
    pub state: AlertState,
    #[serde(default, deserialize_with = "go_time")]
    pub active_at: Option<DateTime<Utc>>,
    /// The value of the alert expression when it last fired.
    #[serde(default, deserialize_with = "optional_value")]
    pub value: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AmState {
    Active,
    Suppressed,
    Unprocessed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AmAlert {
    pub labels: Labels,
    pub annotations: Labels,
    pub starts_at: Option<DateTime<Utc>>,
    pub state: AmState,
    /// Silence IDs.
    pub silenced_by: Vec<String>,
    /// Fingerprints of the inhibiting alerts.
    pub inhibited_by: Vec<String>,
    pub fingerprint: String,
}

pub fn decode_alerts(body: &[u8]) -> Result<Vec<PromAlert>, FetchError> {
    #[derive(Deserialize)]
    struct Data {
        alerts: Vec<PromAlert>,
    }
    unwrap_envelope::<Data>(body).map(|data| data.alerts)
}

/// Decodes Alertmanager's `GettableAlerts`: a bare array, no envelope.
pub fn decode_alertmanager_alerts(body: &[u8]) -> Result<Vec<AmAlert>, FetchError> {
    let raw: Vec<RawAmAlert> = serde_json::from_slice(body).map_err(malformed)?;
    Ok(raw.into_iter().map(AmAlert::from).collect())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawAmAlert {
    #[serde(deserialize_with = "labels")]
    labels: Labels,
    #[serde(default, deserialize_with = "annotations")]
    annotations: Labels,
    #[serde(default, deserialize_with = "go_time")]
    starts_at: Option<DateTime<Utc>>,
    fingerprint: String,
    status: RawAmStatus,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawAmStatus {
    state: AmState,
    #[serde(default)]
    silenced_by: Vec<String>,
    #[serde(default)]
    inhibited_by: Vec<String>,
}

impl From<RawAmAlert> for AmAlert {
    /// Silence IDs and fingerprints are shown too: cleaned like the labels.
    fn from(raw: RawAmAlert) -> Self {
        let clean = |ids: Vec<String>| ids.into_iter().map(clean_owned).collect();
        AmAlert {
            labels: raw.labels,
            annotations: raw.annotations,
            starts_at: raw.starts_at,
            state: raw.status.state,
            silenced_by: clean(raw.status.silenced_by),
            inhibited_by: clean(raw.status.inhibited_by),
            fingerprint: clean_owned(raw.fingerprint),
        }
    }
}
