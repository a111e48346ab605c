//! A latency histogram in the simulator's record: per sample, the buckets' increase since the
//! sample before (from the cumulative counters, so every request between samples counts), so
//! any period's histogram is the sum of its samples' increases, and its quantile that of the
//! period's requests. Memory is one row of buckets per sample, trimmed with the record.

use crate::domain::FleetSnapshot;
use crate::domain::runbook::figure::{self, HISTOGRAM_FIELD};
use crate::sources::simulator::{Histogram, Simulator};

#[derive(Debug, Clone)]
pub struct HistogramColumn {
    pub name: String,
    /// `service.SUBJECT.latency_seconds`: which services it merges.
    subject: String,
    /// Bucket increases, `width` per sample; NaN where the histogram could not be read.
    increases: Vec<f64>,
    width: usize,
    /// The cumulative counts at the previous sample.
    last: Option<Vec<f64>>,
}

impl HistogramColumn {
    /// A column when `name` is a histogram figure.
    pub fn new(name: &str) -> Option<Self> {
        let subject = name
            .strip_prefix("service.")?
            .strip_suffix(HISTOGRAM_FIELD)?
            .strip_suffix('.')?;
        Some(Self {
            name: name.into(),
            subject: subject.into(),
            increases: Vec::new(),
            width: Histogram::bounds().len() + 1,
            last: None,
        })
    }

    pub fn push(&mut self, simulator: &Simulator, snapshot: &FleetSnapshot) {
        let complete = figure::services_in(snapshot, &self.subject).is_some();
        let counts = simulator
            .latency_counts(|name| figure::in_set(&self.subject, name))
            .filter(|_| complete);
        self.add(counts.map(|h| h.cumulative));
    }

    /// Adds a sample's cumulative counts; the first sample only sets the baseline (counters may
    /// have counted before the record began).
    fn add(&mut self, cumulative: Option<Vec<f64>>) {
        let row: Vec<f64> = match (&self.last, &cumulative) {
            (Some(last), Some(now)) => now.iter().zip(last).map(|(n, l)| n - l).collect(),
            (None, Some(_)) => vec![0.0; self.width],
            (_, None) => vec![f64::NAN; self.width],
        };
        self.increases.extend(row);
        self.last = cumulative;
    }

    pub fn drain_front(&mut self, samples: usize) {
        let cells = (samples * self.width).min(self.increases.len());
        self.increases.drain(..cells);
    }

    /// The `q` quantile (seconds) of the requests of the samples `chosen` keeps (by index);
    /// `None` without a request. A sample that could not be read leaves the period unknown.
    pub fn quantile(&self, q: f64, chosen: impl Fn(usize) -> bool) -> Option<f64> {
        let mut merged = vec![0.0; self.width];
        let rows = self.increases.chunks(self.width).enumerate();
        for (_, row) in rows.filter(|(i, _)| chosen(*i)) {
            for (total, increase) in merged.iter_mut().zip(row) {
                *total += increase;
            }
        }
        if merged.iter().any(|count| count.is_nan()) {
            return None;
        }
        let quantile = Histogram { cumulative: merged }.quantile(q);
        quantile.is_finite().then_some(quantile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cumulative counts at each bound of `Histogram::bounds` and +Inf: `n` at every bound from
    /// `le` (seconds) up, on top of `base`.
    fn add_at(base: &[f64], le: f64, n: f64) -> Vec<f64> {
        let bounds = Histogram::bounds();
        (0..=bounds.len())
            .map(|i| {
                base[i]
                    + if bounds.get(i).is_none_or(|b| *b >= le) {
                        n
                    } else {
                        0.0
                    }
            })
            .collect()
    }

    #[test]
    fn a_periods_quantile_is_its_merged_histograms_not_the_mean_of_quantiles() {
        let mut column = HistogramColumn::new("service.*.latency_seconds").expect("histogram");
        let zero = vec![0.0; column.width];
        column.add(Some(zero.clone())); // the baseline
        // A quiet sample: 99 requests in (50 ms, 100 ms], one in (450 ms, 475 ms].
        let quiet = add_at(&add_at(&zero, 0.1, 99.0), 0.475, 1.0);
        column.add(Some(quiet.clone()));
        // A surge: 100 requests in (2.5 s, 5 s].
        column.add(Some(add_at(&quiet, 5.0, 100.0)));
        let p99 = |chosen: fn(usize) -> bool| column.quantile(0.99, chosen).expect("requests");
        // Quiet alone: rank 99 of 100 ends the (50, 100] ms bucket: 100 ms.
        assert!((p99(|i| i == 1) - 0.1).abs() < 1e-12);
        // Surge alone: rank 99 of 100 in (2.5, 5] s: 2.5 + 2.5 × 99/100 = 4.975 s.
        assert!((p99(|i| i == 2) - 4.975).abs() < 1e-12);
        // Both: rank 198 of 200; 100 at or below 2.5 s, so 2.5 + 2.5 × 98/100 = 4.95 s, where
        // the mean of the two p99s would say 2.5375 s.
        assert!((p99(|i| i >= 1) - 4.95).abs() < 1e-12);
        assert_eq!(
            column.quantile(0.99, |i| i == 0),
            None,
            "no request, no p99"
        );
        column.add(None);
        assert_eq!(
            column.quantile(0.99, |_| true),
            None,
            "a gap leaves the period unknown"
        );
        column.drain_front(3);
        assert_eq!(column.increases.len(), column.width);
        assert!(HistogramColumn::new("service.*.rps").is_none());
    }
}
