//! Cumulative request counters per service, as an instrumented service would export them: the
//! latency histogram's buckets, sum and count, and requests by status code. Every simulated step
//! adds that step's requests from the same distribution the model reports, so `rate()` over the
//! exported counters gives back the model's quantiles and error ratio.

use super::histogram::{BOUNDS, LogNormal};

/// The finite buckets of `BOUNDS`, then +Inf.
pub const BUCKETS: usize = BOUNDS.len() + 1;

/// Fixed-size and `Copy`: adding a step allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RequestCounters {
    /// Cumulative counts per bound in `BOUNDS`, then the +Inf bucket (every request).
    pub buckets: [f64; BUCKETS],
    /// Total latency of every request, in seconds.
    pub sum_seconds: f64,
    /// Requests answered with 200.
    pub ok: f64,
    /// Requests answered with 500.
    pub errors: f64,
}

impl RequestCounters {
    /// Counts `requests` drawn from `latency`, of which `error_ratio` failed.
    pub fn add(&mut self, latency: LogNormal, requests: f64, error_ratio: f64) {
        self.add_latency(latency, requests);
        self.add_outcomes(requests, error_ratio);
    }

    /// The histogram's part: `requests` drawn from `latency`.
    pub fn add_latency(&mut self, latency: LogNormal, requests: f64) {
        // Negative inputs would make a counter go down, which Prometheus reads as a reset.
        let requests = requests.max(0.0);
        let fractions = latency.fractions().chain(std::iter::once(1.0));
        for (bucket, fraction) in self.buckets.iter_mut().zip(fractions) {
            *bucket += requests * fraction;
        }
        self.sum_seconds += requests * latency.mean();
    }

    /// The status codes' part: `requests`, of which `error_ratio` failed.
    pub fn add_outcomes(&mut self, requests: f64, error_ratio: f64) {
        let requests = requests.max(0.0);
        let errors = requests * error_ratio.clamp(0.0, 1.0);
        self.errors += errors;
        self.ok += requests - errors;
    }

    /// Every request counted so far (the +Inf bucket).
    pub fn count(&self) -> f64 {
        self.buckets[BOUNDS.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::simulator::Histogram;

    #[test]
    fn counts_are_cumulative_and_agree_with_the_distribution() {
        let latency = LogNormal::new(0.08, 0.55);
        let mut counters = RequestCounters::default();
        let before = counters;
        counters.add(latency, 1000.0, 0.01);
        counters.add(latency, -5.0, 2.0);
        assert!(
            counters
                .buckets
                .iter()
                .zip(before.buckets.iter())
                .all(|(now, then)| now >= then),
            "a negative step must not lower a counter"
        );
        assert!(counters.buckets.windows(2).all(|w| w[0] <= w[1]));
        assert!((counters.count() - 1000.0).abs() < 1e-9);
        assert!((counters.ok + counters.errors - counters.count()).abs() < 1e-9);
        assert!((counters.errors - 10.0).abs() < 1e-9);
        let h = Histogram {
            cumulative: counters.buckets.to_vec(),
        };
        assert_eq!(h, latency.histogram(1000.0));
        assert!((counters.sum_seconds / counters.count() - latency.mean()).abs() < 1e-12);
    }
}
