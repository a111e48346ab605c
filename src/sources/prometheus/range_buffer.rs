//! A chart's data: fetched in full once, then only the steps that have passed since, merged in
//! and trimmed to the span, so a week-long chart costs one small request per step, not a week
//! of points per refresh, and memory stays flat: at most `max_series` series are kept, and a
//! merge is O(series) through a label index.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{Labels, RangeSeries};
use crate::domain::Series;

#[derive(Debug, Clone, PartialEq)]
pub struct RangeBuffer {
    span: f64,
    step: f64,
    /// The last evaluation time fetched (a multiple of the step), unix seconds.
    end: Option<f64>,
    series: Vec<RangeSeries>,
    max_series: usize,
}

#[allow(clippy::cast_precision_loss)]
fn seconds(d: chrono::Duration) -> f64 {
    d.num_milliseconds() as f64 / 1000.0
}

impl RangeBuffer {
    pub fn new(span: chrono::Duration, step: chrono::Duration, max_series: usize) -> Self {
        Self {
            span: seconds(span),
            step: seconds(step).max(1.0),
            end: None,
            series: Vec::new(),
            max_series,
        }
    }

    /// The (start, end) to fetch at `now` (unix seconds), aligned to the step so every
    /// refresh asks for the same timestamps; `None` until a new step has passed.
    pub fn next_window(&self, now: f64) -> Option<(f64, f64)> {
        let end = (now / self.step).floor() * self.step;
        let start = match self.end {
            Some(last) => last + self.step,
            None => end - self.span,
        };
        (start <= end).then_some((start, end))
    }

    /// Unix seconds at which the next step's point can be fetched.
    pub fn next_due(&self, now: f64) -> f64 {
        self.end.map_or(now, |end| end + self.step)
    }

    /// Adds the fetched steps. Series first seen once `max_series` are kept are left out.
    pub fn merge(&mut self, end: f64, fetched: Vec<RangeSeries>) {
        let slots: Vec<Option<usize>> = {
            let index: HashMap<&Labels, usize> = self
                .series
                .iter()
                .enumerate()
                .map(|(i, s)| (&s.labels, i))
                .collect();
            fetched
                .iter()
                .map(|s| index.get(&s.labels).copied())
                .collect()
        };
        for (incoming, slot) in fetched.into_iter().zip(slots) {
            match slot {
                Some(i) => {
                    let existing = &mut self.series[i];
                    let last = existing.points.last().map_or(f64::MIN, |p| p.0);
                    existing
                        .points
                        .extend(incoming.points.into_iter().filter(|p| p.0 > last));
                }
                None if self.series.len() < self.max_series => self.series.push(incoming),
                None => {}
            }
        }
        let oldest = end - self.span;
        for series in &mut self.series {
            let keep_from = series.points.partition_point(|p| p.0 < oldest);
            series.points.drain(..keep_from);
        }
        self.series.retain(|s| !s.points.is_empty());
        self.end = Some(self.end.map_or(end, |e| e.max(end)));
    }

    pub fn series(&self) -> &[RangeSeries] {
        &self.series
    }

    /// One of this buffer's series as evenly spaced values over the span ending at the last
    /// fetch; steps without a point are NaN, so charts show gaps rather than zeros.
    pub fn evenly(&self, series: &RangeSeries) -> Option<Series> {
        let end = self.end?;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let count = (self.span / self.step).round() as usize + 1;
        let first = end - self.step * (count - 1) as f64;
        let mut values = vec![f64::NAN; count];
        for &(at, value) in &series.points {
            let index = ((at - first) / self.step).round();
            if index >= 0.0 && index < count as f64 {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let slot = index as usize;
                values[slot] = value;
            }
        }
        #[allow(clippy::cast_possible_truncation)]
        let end_time = DateTime::<Utc>::from_timestamp(end as i64, 0)?;
        let step = chrono::Duration::milliseconds((self.step * 1000.0) as i64);
        Some(Series::new(end_time, step, values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(name: &str, points: &[(f64, f64)]) -> RangeSeries {
        RangeSeries {
            labels: vec![("service".into(), name.into())],
            points: points.to_vec(),
        }
    }

    #[test]
    fn fetches_the_span_once_then_only_new_steps() {
        let mut buffer = RangeBuffer::new(
            chrono::Duration::minutes(5),
            chrono::Duration::minutes(1),
            10,
        );
        assert_eq!(buffer.next_window(1_000.0), Some((660.0, 960.0)));
        buffer.merge(
            960.0,
            vec![series("api", &[(660.0, 1.0), (900.0, 2.0), (960.0, 3.0)])],
        );
        assert_eq!(buffer.next_window(1_010.0), None, "no new step yet");
        assert_eq!(buffer.next_due(1_010.0), 1_020.0);
        assert_eq!(buffer.next_window(1_030.0), Some((1_020.0, 1_020.0)));
        buffer.merge(
            1_020.0,
            vec![
                series("api", &[(1_020.0, 4.0)]),
                series("web", &[(1_020.0, 9.0)]),
            ],
        );
        let api = &buffer.series()[0];
        assert_eq!(
            api.points.first().map(|p| p.0),
            Some(900.0),
            "older than the span is dropped"
        );
        let even = buffer.evenly(api).expect("series");
        assert_eq!(even.values.len(), 6);
        assert!(
            even.values[0].is_nan() && even.values[1].is_nan(),
            "missing steps are gaps"
        );
        assert_eq!(&even.values[3..], &[2.0, 3.0, 4.0]);
    }

    #[test]
    fn keeps_at_most_max_series() {
        let mut buffer = RangeBuffer::new(
            chrono::Duration::minutes(5),
            chrono::Duration::minutes(1),
            2,
        );
        let fetched = ["a", "b", "c"].map(|n| series(n, &[(960.0, 1.0)])).to_vec();
        buffer.merge(960.0, fetched);
        buffer.merge(
            1_020.0,
            vec![
                series("c", &[(1_020.0, 2.0)]),
                series("a", &[(1_020.0, 3.0)]),
            ],
        );
        let names: Vec<&str> = buffer
            .series()
            .iter()
            .map(|s| s.labels[0].1.as_str())
            .collect();
        assert_eq!(
            names,
            ["a", "b"],
            "the first two seen are kept, c never enters"
        );
        assert_eq!(buffer.series()[0].points, [(960.0, 1.0), (1_020.0, 3.0)]);
    }
}
