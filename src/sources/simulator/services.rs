//! The services behind the web tier: each gets a share of the traffic, a latency histogram
//! whose quantiles rise with utilisation (queueing), and an error ratio that climbs past
//! saturation. Request and error counts are kept per minute for burn rates and per window for
//! the error budget, and as cumulative counters for export.

use std::collections::VecDeque;

use super::counters::RequestCounters;
use super::histogram::{Histogram, LogNormal};
use super::trend::{TrendBuffer, push_bounded};

pub const P99_TARGET_MS: f64 = 475.0;
pub const AVAILABILITY_TARGET: f64 = 0.999;
const SIGMA: f64 = 0.55;
/// ln(p99 / median) for a log-normal with `SIGMA`: z(0.99) · σ.
const P99_OVER_MEDIAN: f64 = 2.326 * SIGMA;
const BASE_ERROR_RATIO: f64 = 0.000_2;
/// Per-minute counts kept for every burn-rate window, the longest being 3 days.
const MINUTES_KEPT: usize = 3 * 24 * 60;

/// (name, share of web-tier requests, p99 at idle in ms)
pub const CATALOG: [(&str, f64, f64); 8] = [
    ("api", 1.0, 200.0),
    ("web", 0.6, 150.0),
    ("auth", 0.4, 90.0),
    ("catalog", 0.3, 140.0),
    ("search", 0.25, 180.0),
    ("orders", 0.1, 220.0),
    ("checkout", 0.08, 260.0),
    ("payments", 0.05, 240.0),
];

/// How much slower requests get as utilisation `u` (0..) rises: ~1.1× at 30 %, ~2.3× at 75 %,
/// ~6× at 90 %, capped near saturation.
pub fn slowdown(u: f64) -> f64 {
    let u = u.clamp(0.0, 0.97);
    1.0 + 0.35 * (u / (1.0 - u)).powf(1.2)
}

pub fn error_ratio(u: f64) -> f64 {
    BASE_ERROR_RATIO + 0.02 * (u - 0.85).max(0.0).powf(1.5)
}

#[derive(Debug, Clone)]
pub struct Service {
    pub name: &'static str,
    pub share: f64,
    pub idle_p99_ms: f64,
    /// (requests, errors) per completed minute, newest last.
    pub minutes: VecDeque<(f64, f64)>,
    current_minute: (f64, f64),
    /// Since the start of the simulated history: the SLO window's counts.
    pub window: (f64, f64),
    pub p99_trend: TrendBuffer,
    pub counters: RequestCounters,
}

impl Service {
    pub fn new(name: &'static str, share: f64, idle_p99_ms: f64) -> Self {
        Self {
            name,
            share,
            idle_p99_ms,
            minutes: VecDeque::new(),
            current_minute: (0.0, 0.0),
            window: (0.0, 0.0),
            p99_trend: TrendBuffer::default(),
            counters: RequestCounters::default(),
        }
    }

    /// This instant's latency distribution at utilisation `u`.
    pub fn latency(&self, u: f64) -> LogNormal {
        let p99_seconds = self.idle_p99_ms * slowdown(u) / 1000.0;
        LogNormal::new(p99_seconds / P99_OVER_MEDIAN.exp(), SIGMA)
    }

    /// This instant's latency histogram for `rps` requests per second at utilisation `u`.
    pub fn histogram(&self, rps: f64, u: f64) -> Histogram {
        self.latency(u).histogram(rps.max(0.0))
    }

    /// Counts a step's requests; into the exported counters too when `exported`.
    pub fn count(&mut self, web_rps: f64, u: f64, seconds: f64, exported: bool) {
        let requests = web_rps * self.share * seconds;
        let errors = requests * error_ratio(u);
        if exported {
            self.counters.add(self.latency(u), requests, error_ratio(u));
        }
        self.current_minute.0 += requests;
        self.current_minute.1 += errors;
        self.window.0 += requests;
        self.window.1 += errors;
    }

    pub fn close_minute(&mut self) {
        push_bounded(
            &mut self.minutes,
            std::mem::take(&mut self.current_minute),
            MINUTES_KEPT,
        );
    }

    /// Error ratio over the last `minutes` minutes, divided by the error budget (1 − target).
    pub fn burn_rate(&self, minutes: usize) -> Option<f64> {
        let recent = self.minutes.iter().rev().take(minutes);
        let (requests, errors) = recent.fold((0.0, 0.0), |(r, e), (mr, me)| (r + mr, e + me));
        (requests > 0.0).then(|| errors / requests / (1.0 - AVAILABILITY_TARGET))
    }

    pub fn budget_remaining(&self) -> Option<f64> {
        let (requests, errors) = self.window;
        (requests > 0.0).then(|| 1.0 - errors / requests / (1.0 - AVAILABILITY_TARGET))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p99_rises_with_utilisation_and_errors_past_saturation() {
        let api = Service::new("api", 1.0, 200.0);
        let p99 = |u| api.histogram(1000.0, u).quantile(0.99) * 1000.0;
        assert!(p99(0.3) < p99(0.75) && p99(0.75) < p99(0.95));
        assert!(
            p99(0.75) < P99_TARGET_MS,
            "ordinary peak is within target: {}",
            p99(0.75)
        );
        assert!(
            p99(0.95) > P99_TARGET_MS,
            "saturation breaks the target: {}",
            p99(0.95)
        );
        assert!(error_ratio(0.5) < 0.000_25 && error_ratio(1.2) > 0.001);
    }
}
