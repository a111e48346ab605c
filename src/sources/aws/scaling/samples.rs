//! What CloudWatch and Auto Scaling send, in the console's terms: SDK timestamps as chrono
//! ones, irregular (time, value) points as an evenly spaced [`Series`] with gaps as NaN.

use aws_sdk_autoscaling::primitives::DateTime as AwsTime;
use chrono::{DateTime, Duration, Utc};

use crate::domain::Series;

/// `None` outside chrono's range (never for a timestamp AWS sends).
pub fn from_aws(at: &AwsTime) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(at.secs(), at.subsec_nanos())
}

/// Each point goes to the slot nearest its time, counted from the oldest point; a later point
/// in the same slot wins. `None` without points.
pub fn series(
    points: impl IntoIterator<Item = (DateTime<Utc>, f64)>,
    step: Duration,
) -> Option<Series> {
    let mut points: Vec<_> = points.into_iter().collect();
    points.sort_by_key(|(at, _)| *at);
    let start = points.first()?.0;
    let step_ms = step.num_milliseconds().max(1);
    let slot = |at: DateTime<Utc>| {
        let offset = (at - start).num_milliseconds();
        usize::try_from((offset + step_ms / 2) / step_ms).unwrap_or(0)
    };
    let last = slot(points.last()?.0);
    let mut values = vec![f64::NAN; last + 1];
    for (at, value) in points {
        values[slot(at)] = value;
    }
    let end = start + step * i32::try_from(last).unwrap_or(i32::MAX);
    Some(Series::new(end, step, values))
}
