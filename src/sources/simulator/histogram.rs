//! Latency histograms with Prometheus-style cumulative buckets, and `histogram_quantile`'s
//! linear interpolation, so the simulator's quantiles are what a real Prometheus would report.

use std::sync::LazyLock;

/// Upper bounds in seconds. 0.475 is a boundary so the SLO threshold can be measured exactly.
pub const BOUNDS: [f64; 20] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.475, 0.5, 0.6, 0.75,
    1.0, 2.5, 5.0, 10.0,
];

/// ln of each bound, computed once: the exported counters evaluate every bound every step.
static LN_BOUNDS: LazyLock<[f64; BOUNDS.len()]> = LazyLock::new(|| BOUNDS.map(f64::ln));

#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// Cumulative counts per bound in `BOUNDS`, then the +Inf bucket (the total).
    pub cumulative: Vec<f64>,
}

impl Histogram {
    /// The `le` upper bounds (seconds) of the finite buckets, in order.
    pub fn bounds() -> &'static [f64] {
        &BOUNDS
    }

    /// Like PromQL `histogram_quantile`: find the bucket holding rank q·total and interpolate
    /// linearly inside it; NaN when empty; the highest finite bound when it falls in +Inf.
    pub fn quantile(&self, q: f64) -> f64 {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        if total <= 0.0 || !q.is_finite() {
            return f64::NAN;
        }
        let rank = q.clamp(0.0, 1.0) * total;
        let mut lower_bound = 0.0;
        let mut lower_count = 0.0;
        for (i, &count) in self.cumulative.iter().enumerate() {
            let Some(&upper) = BOUNDS.get(i) else {
                return BOUNDS[BOUNDS.len() - 1];
            };
            if count >= rank {
                let in_bucket = count - lower_count;
                if in_bucket <= 0.0 {
                    return upper;
                }
                return lower_bound + (upper - lower_bound) * (rank - lower_count) / in_bucket;
            }
            lower_bound = upper;
            lower_count = count;
        }
        BOUNDS[BOUNDS.len() - 1]
    }
}

/// A log-normal latency distribution: one service's model at one instant. The live histogram and
/// the exported counters both come from it, so Prometheus recomputes the model's own quantiles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogNormal {
    mu: f64,
    sigma: f64,
}

impl LogNormal {
    /// From the median (seconds) and the shape σ of ln(latency).
    pub fn new(median: f64, sigma: f64) -> Self {
        Self {
            mu: median.max(1e-6).ln(),
            sigma: sigma.max(1e-6),
        }
    }

    /// The same shape with every latency `factor` times as long.
    pub fn scaled(self, factor: f64) -> Self {
        Self {
            mu: self.mu + factor.max(1e-6).ln(),
            ..self
        }
    }

    /// The fraction of observations at or below `seconds`.
    pub fn fraction_within(self, seconds: f64) -> f64 {
        normal_cdf((seconds.max(1e-9).ln() - self.mu) / self.sigma)
    }

    /// The fraction of observations at or below each bound of `BOUNDS`, in order.
    pub fn fractions(self) -> impl Iterator<Item = f64> {
        LN_BOUNDS
            .iter()
            .map(move |ln_bound| normal_cdf((ln_bound - self.mu) / self.sigma))
    }

    /// Mean latency in seconds, exp(μ + σ²/2): what a `_sum` grows by per observation.
    pub fn mean(self) -> f64 {
        (self.mu + self.sigma * self.sigma / 2.0).exp()
    }

    /// `total` observations of this distribution as a cumulative histogram.
    pub fn histogram(self, total: f64) -> Histogram {
        let mut cumulative: Vec<f64> = self.fractions().map(|f| total * f).collect();
        cumulative.push(total);
        Histogram { cumulative }
    }
}

/// Standard normal CDF via Abramowitz–Stegun 7.1.26 (error below 1.5e-7).
fn normal_cdf(x: f64) -> f64 {
    let z = x.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * z);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-z * z).exp();
    if x >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_interpolates_inside_the_bucket() {
        // 100 observations: 50 ≤ 5 ms, 90 ≤ 10 ms, all ≤ 25 ms.
        let mut cumulative = vec![50.0, 90.0];
        cumulative.extend(std::iter::repeat_n(100.0, BOUNDS.len() - 1));
        let h = Histogram { cumulative };
        assert!((h.quantile(0.5) - 0.005).abs() < 1e-12);
        // rank 95 lies halfway through the (10 ms, 25 ms] bucket, which holds 90..100.
        assert!((h.quantile(0.95) - 0.0175).abs() < 1e-12);
        assert!(
            Histogram {
                cumulative: vec![0.0; BOUNDS.len() + 1]
            }
            .quantile(0.99)
            .is_nan()
        );
    }

    #[test]
    fn log_normal_quantiles_rise_with_the_median() {
        let low = LogNormal::new(0.05, 0.55).histogram(1000.0);
        let high = LogNormal::new(0.12, 0.55).histogram(1000.0);
        assert!(low.quantile(0.99) < high.quantile(0.99));
        assert!(
            (low.quantile(0.5) - 0.05).abs() < 0.005,
            "median {}",
            low.quantile(0.5)
        );
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-9 && (normal_cdf(2.326) - 0.99).abs() < 1e-3);
        // The mean of a log-normal lies above its median by exp(σ²/2).
        let mean = LogNormal::new(0.05, 0.55).mean();
        assert!((mean / 0.05 - (0.55f64 * 0.55 / 2.0).exp()).abs() < 1e-12);
    }
}
