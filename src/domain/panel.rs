//! A panel is one query behind figures on a tab. Its reading carries the query, the raw result
//! (bounded) and its freshness, so any figure can be traced to where it came from.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::series::seconds;
use super::{Health, Topic};

/// How a panel's numbers are read and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    Seconds,
    Milliseconds,
    Percent,
    /// A fraction shown as a percentage (0.0003 → 0.03 %).
    Ratio,
    PerSecond,
    Dollars,
    DollarsPerHour,
    Count,
    Days,
    Bytes,
    /// A multiple, such as a burn rate (2.3×).
    Times,
    None,
}

impl Unit {
    pub const ALL: [Self; 12] = [
        Self::Seconds,
        Self::Milliseconds,
        Self::Percent,
        Self::Ratio,
        Self::PerSecond,
        Self::Dollars,
        Self::DollarsPerHour,
        Self::Count,
        Self::Days,
        Self::Bytes,
        Self::Times,
        Self::None,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Seconds => "s",
            Self::Milliseconds => "ms",
            Self::Percent => "percent",
            Self::Ratio => "ratio",
            Self::PerSecond => "per-second",
            Self::Dollars => "usd",
            Self::DollarsPerHour => "usd-per-hour",
            Self::Count => "count",
            Self::Days => "days",
            Self::Bytes => "bytes",
            Self::Times => "times",
            Self::None => "none",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.name() == name)
    }
}

/// Data older than this many refresh intervals is stale: one late answer is jitter, a second
/// missed one means the figures no longer describe now.
pub const STALE_AFTER_INTERVALS: u32 = 2;

/// Loading until the first answer; stale once older than [`STALE_AFTER_INTERVALS`]; failed
/// keeps the age of the last good value, which stays on screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum Freshness {
    Loading,
    Fresh {
        age: Duration,
    },
    Stale {
        age: Duration,
    },
    Failed {
        error: String,
        age: Option<Duration>,
    },
}

impl Freshness {
    /// The one freshness rule, for a source and a panel alike. `age` is the last good answer's
    /// (`None` before the first); `error` the last attempt's, cleared by a success.
    pub fn of(age: Option<Duration>, interval: Duration, error: Option<&str>) -> Self {
        match (error, age) {
            (Some(error), age) => Self::Failed {
                error: error.to_string(),
                age,
            },
            (None, None) => Self::Loading,
            (None, Some(age)) if age > interval * STALE_AFTER_INTERVALS => Self::Stale { age },
            (None, Some(age)) => Self::Fresh { age },
        }
    }

    /// Worse states first: failed, stale, loading, fresh; used to summarise several panels.
    fn rank(&self) -> u8 {
        match self {
            Self::Failed { .. } => 3,
            Self::Stale { .. } => 2,
            Self::Loading => 1,
            Self::Fresh { .. } => 0,
        }
    }

    pub fn worst(self, other: Self) -> Self {
        if other.rank() > self.rank() {
            other
        } else {
            self
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelStatus {
    /// Wall-clock time of the last successful answer.
    pub last_success: Option<DateTime<Utc>>,
    /// The last attempt's error; cleared by the next success.
    pub error: Option<String>,
    /// How often the panel is meant to refresh.
    #[serde(serialize_with = "seconds::std")]
    pub interval: Duration,
}

impl PanelStatus {
    pub fn freshness(&self, now: DateTime<Utc>) -> Freshness {
        let age = self
            .last_success
            .map(|at| (now - at).to_std().unwrap_or(Duration::ZERO));
        Freshness::of(age, self.interval, self.error.as_deref())
    }
}

/// One series of a panel's result: its labels as PromQL writes them, and its latest value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelValue {
    pub labels: String,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelReading {
    pub id: String,
    pub title: String,
    /// A panel the user added (not a built-in): shown as its own figure on its tab.
    pub custom: bool,
    /// `None` for panels that feed the header or the alert list.
    pub tab: Option<Topic>,
    /// The PromQL (or the API path for alerts, rules and targets).
    pub query: String,
    /// "instant", or the range and step of a chart query.
    pub kind: String,
    pub unit: Unit,
    pub warn: Option<f64>,
    pub critical: Option<f64>,
    pub higher_is_better: bool,
    pub target: Option<f64>,
    pub status: PanelStatus,
    /// The first series of the result (bounded); `series` counts them all.
    pub values: Vec<PanelValue>,
    pub series: usize,
}

impl PanelReading {
    /// Health of `value` against the panel's thresholds; NaN or no thresholds are unknown/ok.
    pub fn health(&self, value: f64) -> Health {
        if !value.is_finite() {
            return Health::Unknown;
        }
        let beyond = |limit: Option<f64>| {
            limit.is_some_and(|l| {
                if self.higher_is_better {
                    value < l
                } else {
                    value > l
                }
            })
        };
        if beyond(self.critical) {
            Health::Critical
        } else if beyond(self.warn) {
            Health::Warning
        } else {
            Health::Ok
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_after_two_intervals_and_an_error_wins() {
        let interval = Duration::from_secs(5);
        let age = |ms| Some(Duration::from_millis(ms));
        assert_eq!(Freshness::of(None, interval, None), Freshness::Loading);
        assert_eq!(
            Freshness::of(age(10_000), interval, None),
            Freshness::Fresh {
                age: Duration::from_secs(10)
            }
        );
        assert_eq!(
            Freshness::of(age(10_001), interval, None),
            Freshness::Stale {
                age: Duration::from_millis(10_001)
            }
        );
        assert_eq!(
            Freshness::of(age(1_000), interval, Some("timed out after 4s")),
            Freshness::Failed {
                error: "timed out after 4s".into(),
                age: age(1_000)
            }
        );
    }
}
