//! Request counters in the simulator's record, per set of services: per sample, the increase
//! since the sample before of the latency buckets and the failed requests (from the cumulative
//! counters, so every request between samples counts). A period's counts are the sum of its
//! samples' increases: its ratios from summed counters and its percentiles from its merged
//! histogram, as Prometheus's `increase(…[$__range])` gives them. Memory is one row per sample,
//! trimmed with the record.

use crate::domain::FleetSnapshot;
use crate::domain::figure::{self, COUNTER_FIELDS, HISTOGRAM_FIELD};
use crate::sources::simulator::Histogram;

/// A row: the cumulative latency buckets (the last, +Inf, is every request), then the errors.
const BUCKETS: usize = 21;

#[derive(Debug, Clone)]
pub struct CounterColumn {
    /// `*` or `a|b`: which services' counts it adds up.
    pub subject: String,
    /// Increases, `BUCKETS + 1` per sample; NaN where the counts could not be read.
    increases: Vec<f64>,
    /// The cumulative counts at the previous sample.
    last: Option<Vec<f64>>,
}

/// The counts of the services in `subject`, added up; `None` when it names none.
fn summed(snapshot: &FleetSnapshot, subject: &str) -> Option<Vec<f64>> {
    let totals = &snapshot.latency.as_ref()?.totals;
    let mut sum: Option<Vec<f64>> = None;
    for service in totals
        .iter()
        .filter(|t| figure::in_set(subject, &t.service))
    {
        let sum = sum.get_or_insert_with(|| vec![0.0; BUCKETS + 1]);
        for (total, count) in sum.iter_mut().zip(&service.counts) {
            *total += count;
        }
    }
    sum
}

/// `service.SUBJECT.FIELD` of a counter figure, as (subject, field).
pub fn counter_figure(name: &str) -> Option<(&str, &str)> {
    let (subject, field) = name.strip_prefix("service.")?.rsplit_once('.')?;
    COUNTER_FIELDS.contains(&field).then_some((subject, field))
}

impl CounterColumn {
    pub fn new(subject: &str) -> Self {
        Self {
            subject: subject.into(),
            increases: Vec::new(),
            last: None,
        }
    }

    pub fn push(&mut self, snapshot: &FleetSnapshot) {
        let complete = figure::services_in(snapshot, &self.subject).is_some();
        self.add(summed(snapshot, &self.subject).filter(|_| complete));
    }

    /// `later`'s rows after its first `skip`, and its counts to continue from: the fleet the
    /// console shows, after the replay's. The first of them is a baseline, so the step between
    /// the two records counts nothing (one sample step, not a gap).
    pub fn append(&mut self, later: &Self, skip: usize) {
        let cells = (skip * (BUCKETS + 1)).min(later.increases.len());
        self.increases.extend_from_slice(&later.increases[cells..]);
        self.last.clone_from(&later.last);
    }

    /// The next sample comes from another fleet, whose counters started elsewhere: it only sets
    /// the baseline again.
    pub fn rebase(&mut self) {
        self.last = None;
    }

    /// `rows` samples whose counts are unknown.
    pub fn append_unknown(&mut self, rows: usize) {
        self.increases
            .extend(std::iter::repeat_n(f64::NAN, rows * (BUCKETS + 1)));
        self.last = None;
    }

    /// Adds a sample's cumulative counts; the first sample only sets the baseline (counters may
    /// have counted before the record began).
    fn add(&mut self, cumulative: Option<Vec<f64>>) {
        let row: Vec<f64> = match (&self.last, &cumulative) {
            (Some(last), Some(now)) => now.iter().zip(last).map(|(n, l)| n - l).collect(),
            (None, Some(_)) => vec![0.0; BUCKETS + 1],
            (_, None) => vec![f64::NAN; BUCKETS + 1],
        };
        self.increases.extend(row);
        self.last = cumulative;
    }

    pub fn drain_front(&mut self, samples: usize) {
        let cells = (samples * (BUCKETS + 1)).min(self.increases.len());
        self.increases.drain(..cells);
    }

    /// `field` (one of `COUNTER_FIELDS`) over the samples `chosen` keeps (by index): a count,
    /// or for the histogram the `q` quantile in seconds. `None` without a request; a sample that
    /// could not be read leaves the period unknown.
    pub fn over(&self, field: &str, q: f64, chosen: impl Fn(usize) -> bool) -> Option<f64> {
        let mut merged = vec![0.0; BUCKETS + 1];
        let rows = self.increases.chunks(BUCKETS + 1).enumerate();
        for (_, row) in rows.filter(|(i, _)| chosen(*i)) {
            for (total, increase) in merged.iter_mut().zip(row) {
                *total += increase;
            }
        }
        let (requests, errors) = (merged[BUCKETS - 1], merged[BUCKETS]);
        if merged.iter().any(|count| count.is_nan()) || requests <= 0.0 {
            return None;
        }
        let value = match field {
            HISTOGRAM_FIELD => {
                merged.truncate(BUCKETS);
                Histogram { cumulative: merged }.quantile(q)
            }
            "errors_total" => errors,
            "ok_total" => requests - errors,
            _ => requests,
        };
        value.is_finite().then_some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row of cumulative counts: `n` requests at every bound from `le` (seconds) up, `errors`
    /// of them failed, on top of `base`.
    fn add_at(base: &[f64], le: f64, n: f64, errors: f64) -> Vec<f64> {
        let bounds = Histogram::bounds();
        assert_eq!(bounds.len() + 1, BUCKETS);
        (0..=BUCKETS)
            .map(|i| {
                let add = match bounds.get(i) {
                    Some(b) if *b < le => 0.0,
                    _ if i == BUCKETS => errors,
                    _ => n,
                };
                base[i] + add
            })
            .collect()
    }

    #[test]
    fn a_periods_quantile_and_ratio_come_from_its_summed_counts() {
        let mut column = CounterColumn::new("*");
        let zero = vec![0.0; BUCKETS + 1];
        column.add(Some(zero.clone())); // the baseline
        // A quiet sample: 99 requests in (50 ms, 100 ms], one in (450 ms, 475 ms], no error.
        let quiet = add_at(&add_at(&zero, 0.1, 99.0, 0.0), 0.475, 1.0, 0.0);
        column.add(Some(quiet.clone()));
        // A surge: 100 requests in (2.5 s, 5 s], 10 of them failed.
        column.add(Some(add_at(&quiet, 5.0, 100.0, 10.0)));
        let p99 = |chosen: fn(usize) -> bool| column.over(HISTOGRAM_FIELD, 0.99, chosen);
        // Quiet alone: rank 99 of 100 ends the (50, 100] ms bucket: 100 ms.
        assert!((p99(|i| i == 1).expect("requests") - 0.1).abs() < 1e-12);
        // Surge alone: rank 99 of 100 in (2.5, 5] s: 2.5 + 2.5 × 99/100 = 4.975 s.
        assert!((p99(|i| i == 2).expect("requests") - 4.975).abs() < 1e-12);
        // Both: rank 198 of 200; 100 at or below 2.5 s, so 2.5 + 2.5 × 98/100 = 4.95 s, where
        // the mean of the two p99s would say 2.5375 s.
        assert!((p99(|i| i >= 1).expect("requests") - 4.95).abs() < 1e-12);
        // Both samples: 200 requests, 10 failed.
        let count = |field| column.over(field, 0.0, |i| i >= 1);
        assert_eq!(
            (
                count("errors_total"),
                count("ok_total"),
                count("requests_total")
            ),
            (Some(10.0), Some(190.0), Some(200.0))
        );
        assert_eq!(p99(|i| i == 0), None, "no request, no p99");
        column.add(None);
        assert_eq!(
            column.over("requests_total", 0.0, |_| true),
            None,
            "a gap leaves the period unknown"
        );
        column.drain_front(3);
        assert_eq!(column.increases.len(), BUCKETS + 1);
        assert_eq!(
            counter_figure("service.a|b.latency_seconds"),
            Some(("a|b", "latency_seconds"))
        );
        assert_eq!(counter_figure("service.*.rps"), None);
    }
}
