//! Evenly spaced time series. Gaps are NaN so that charts draw them as gaps, not as zero.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// Time of the last value.
    pub end: DateTime<Utc>,
    #[serde(serialize_with = "seconds::serialize")]
    pub step: Duration,
    pub values: Vec<f64>,
}

impl Series {
    pub fn new(end: DateTime<Utc>, step: Duration, values: Vec<f64>) -> Self {
        Self { end, step, values }
    }

    pub fn empty(step: Duration) -> Self {
        Self::new(DateTime::<Utc>::MIN_UTC, step, Vec::new())
    }

    /// The values that fall within `span` before `end` (all of them when the span is longer).
    pub fn tail(&self, span: Duration) -> &[f64] {
        let step_secs = self.step.num_seconds().max(1);
        let wanted = usize::try_from(span.num_seconds() / step_secs).unwrap_or(0) + 1;
        let start = self.values.len().saturating_sub(wanted);
        &self.values[start..]
    }

    pub fn last(&self) -> Option<f64> {
        self.values.last().copied().filter(|v| v.is_finite())
    }
}

/// One metric at two resolutions: `fine` for the last hours, `coarse` for the last days.
/// Keeps snapshots small (a few hundred points each) while a chart can still span a week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    pub fine: Series,
    pub coarse: Series,
}

impl Trend {
    /// The finest series that covers `span`, and its values within it.
    pub fn window(&self, span: Duration) -> (&Series, &[f64]) {
        let fine_covers =
            self.fine.step * i32::try_from(self.fine.values.len()).unwrap_or(i32::MAX);
        if fine_covers >= span || self.coarse.values.is_empty() {
            (&self.fine, self.fine.tail(span))
        } else {
            (&self.coarse, self.coarse.tail(span))
        }
    }
}

/// chrono durations as seconds in JSON (chrono has no serde form for them).
pub mod seconds {
    use chrono::Duration;
    use serde::Serializer;

    #[allow(clippy::cast_precision_loss)]
    fn as_seconds(d: &Duration) -> f64 {
        d.num_milliseconds() as f64 / 1000.0
    }

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(as_seconds(d))
    }

    /// std durations (ages, intervals) the same way.
    pub fn std<S: Serializer>(d: &std::time::Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(d.as_secs_f64())
    }

    pub fn std_option<S: Serializer>(
        d: &Option<std::time::Duration>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_some(&d.as_secs_f64()),
            None => s.serialize_none(),
        }
    }

    pub mod option {
        use chrono::Duration;
        use serde::Serializer;

        pub fn serialize<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => s.serialize_some(&super::as_seconds(d)),
                None => s.serialize_none(),
            }
        }
    }
}
