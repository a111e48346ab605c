//! The services behind the web tier: each gets a share of the traffic, a latency histogram
//! whose quantiles rise with utilisation (queueing), and an error ratio that climbs past
//! saturation. Request and error counts are kept per minute for burn rates and per hour for
//! the error budget (whose arithmetic is the domain's `slo`), and as cumulative counters for
//! export.

use super::counters::RequestCounters;
use super::histogram::{Histogram, LogNormal};
use super::trend::TrendBuffer;
use crate::domain::slo::{Budget, Objective, Tally, window_minutes};

const SIGMA: f64 = 0.55;
/// ln(p99 / median) for a log-normal with `SIGMA`: z(0.99) · σ.
const P99_OVER_MEDIAN: f64 = 2.326 * SIGMA;
const BASE_ERROR_RATIO: f64 = 0.000_2;

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
    /// Requests and errors per minute and per hour, for the objective's figures.
    tally: Tally,
    pub p99_trend: TrendBuffer,
    pub counters: RequestCounters,
}

impl Service {
    pub fn new(name: &'static str, share: f64, idle_p99_ms: f64) -> Self {
        Self {
            name,
            share,
            idle_p99_ms,
            tally: Tally::default(),
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
        self.tally.add(requests, errors);
    }

    pub fn close_minute(&mut self) {
        self.tally.close_minute();
    }

    /// Budget, burn rates and exhaustion against `objective`, from summed counts.
    pub fn budget(&self, objective: &Objective) -> Budget {
        let window = self.tally.last_days(objective.window_days);
        objective.budget(window.error_ratio(), |w| {
            self.tally.last_minutes(window_minutes(w)).error_ratio()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p99_rises_with_utilisation_and_errors_past_saturation() {
        let api = Service::new("api", 1.0, 200.0);
        let p99 = |u| api.histogram(1000.0, u).quantile(0.99) * 1000.0;
        let target = Objective::default().latency_threshold_ms;
        assert!(p99(0.3) < p99(0.75) && p99(0.75) < p99(0.95));
        assert!(
            p99(0.75) < target,
            "ordinary peak is within target: {}",
            p99(0.75)
        );
        assert!(
            p99(0.95) > target,
            "saturation breaks the target: {}",
            p99(0.95)
        );
        assert!(error_ratio(0.5) < 0.000_25 && error_ratio(1.2) > 0.001);
    }
}
