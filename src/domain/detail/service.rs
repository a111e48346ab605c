//! A service's objective page beyond its row (as Pyrra draws one): its SLIs over the window,
//! percentile histories, the budget over the window, and its endpoints.

use serde::Serialize;

use crate::domain::Series;
use crate::domain::slo::{Counts, Objective};

/// One route of a service over the last five minutes, as the tab's row is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Endpoint {
    pub route: String,
    pub requests_per_second: Option<f64>,
    pub error_ratio: Option<f64>,
    pub p99_ms: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct ServiceExtras {
    /// `None` where the source cannot break requests down by route.
    pub endpoints: Option<Vec<Endpoint>>,
    /// Share of the window's requests that succeeded.
    pub availability_sli: Option<f64>,
    /// Share of the window's requests faster than the objective's latency threshold.
    pub latency_sli: Option<f64>,
    pub p50_ms: Option<Series>,
    pub p90_ms: Option<Series>,
    pub p95_ms: Option<Series>,
    /// Fraction of the error budget left, each point over the window ending there.
    pub budget_remaining: Option<Series>,
}

/// Share of requests that succeeded, from summed counts; no requests gives none, never 100 %.
pub fn availability_sli(counts: Counts) -> Option<f64> {
    counts.error_ratio().map(|r| 1.0 - r)
}

/// Share of requests at or under `threshold` seconds, from a merged cumulative histogram
/// (`cumulative[i]` counts requests ≤ `bounds[i]`; the last entry, +Inf, counts all), with
/// linear interpolation inside the bucket holding the threshold, as Prometheus's
/// `histogram_fraction`. A threshold past the last finite bound counts only what that bound
/// holds: requests in +Inf are never assumed fast.
pub fn latency_sli(bounds: &[f64], cumulative: &[f64], threshold: f64) -> Option<f64> {
    let total = *cumulative.last()?;
    if total <= 0.0 || !total.is_finite() || cumulative.len() != bounds.len() + 1 {
        return None;
    }
    let (mut lower_bound, mut lower_count) = (0.0, 0.0);
    for (&upper, &count) in bounds.iter().zip(cumulative) {
        if threshold <= upper {
            let width = upper - lower_bound;
            let part = if width > 0.0 {
                (threshold - lower_bound).max(0.0) / width
            } else {
                1.0
            };
            return Some((lower_count + (count - lower_count) * part) / total);
        }
        (lower_bound, lower_count) = (upper, count);
    }
    Some(lower_count / total)
}

/// An SLI as Pyrra writes it, to a thousandth of a percent and never rounded up: 99.9996 %
/// of requests is not "100.000%".
pub fn sli_text(sli: Option<f64>) -> String {
    sli.filter(|v| v.is_finite()).map_or_else(
        || crate::domain::figure::text::MISSING.to_string(),
        |v| format!("{:.3}%", (v * 100_000.0).floor() / 1000.0),
    )
}

/// The budget left at the end of each hour, over the objective's window ending there (or the
/// hours there are, when fewer): `hours` are per-hour counts, oldest first.
pub fn budget_over_window(objective: &Objective, hours: &[Counts]) -> Vec<f64> {
    let window = usize::try_from(objective.window_days)
        .unwrap_or(usize::MAX)
        .saturating_mul(24);
    let mut sums = Vec::with_capacity(hours.len() + 1);
    sums.push(Counts::default());
    for h in hours {
        let last = sums[sums.len() - 1];
        sums.push(Counts {
            requests: last.requests + h.requests,
            errors: last.errors + h.errors,
        });
    }
    (1..sums.len())
        .map(|end| {
            let start = sums[end.saturating_sub(window)];
            let within = Counts {
                requests: sums[end].requests - start.requests,
                errors: sums[end].errors - start.errors,
            };
            within
                .error_ratio()
                .map_or(f64::NAN, |r| 1.0 - objective.burn(r))
        })
        .collect()
}

impl Endpoint {
    /// Worst first: the endpoint spending its budget or its latency threshold fastest, as a
    /// multiple of it; unknown figures sort last (they still show as unknown).
    pub fn sort_worst_first(endpoints: &mut [Self], objective: &Objective) {
        let score = |e: &Self| {
            let errors = e.error_ratio.map(|r| objective.burn(r));
            let slow = e.p99_ms.map(|p| p / objective.latency_threshold_ms);
            errors
                .into_iter()
                .chain(slow)
                .filter(|v| v.is_finite())
                .fold(f64::NEG_INFINITY, f64::max)
        };
        endpoints.sort_by(|a, b| score(b).total_cmp(&score(a)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    #[test]
    fn availability_is_summed_successes_over_summed_requests() {
        let counts = Counts {
            requests: 4000.0,
            errors: 4.0,
        };
        assert!(close(availability_sli(counts), 0.999));
        assert_eq!(availability_sli(Counts::default()), None, "no requests");
        assert_eq!(sli_text(Some(0.999_996)), "99.999%");
        assert_eq!(sli_text(Some(0.9)), "90.000%");
        assert_eq!(sli_text(Some(f64::NAN)), "—");
    }

    #[test]
    fn latency_sli_interpolates_inside_the_threshold_bucket() {
        let bounds = [0.1, 0.3, 0.5];
        // 1000 requests: 600 ≤ 100 ms, 900 ≤ 300 ms, 980 ≤ 500 ms, 20 slower.
        let cumulative = [600.0, 900.0, 980.0, 1000.0];
        // On a bound: exact. 0.3 s → 900 / 1000.
        assert!(close(latency_sli(&bounds, &cumulative, 0.3), 0.9));
        // 0.4 s is halfway through (0.3, 0.5], which holds 80: (900 + 40) / 1000.
        assert!(close(latency_sli(&bounds, &cumulative, 0.4), 0.94));
        // 50 ms: half of the first bucket (from 0): 300 / 1000.
        assert!(close(latency_sli(&bounds, &cumulative, 0.05), 0.3));
        // Past the last bound: the 20 in +Inf are not assumed fast.
        assert!(close(latency_sli(&bounds, &cumulative, 2.0), 0.98));
        assert_eq!(latency_sli(&bounds, &[0.0; 4], 0.3), None, "no requests");
        assert_eq!(
            latency_sli(&bounds, &[1.0; 3], 0.3),
            None,
            "buckets ≠ bounds"
        );
    }

    #[test]
    fn budget_over_window_rolls_the_window() {
        let objective = Objective {
            window_days: 1,
            ..Objective::default()
        };
        // 30 hours at 1000 requests; hours 0..=5 at 0.2 % errors, the rest at none.
        let hours: Vec<Counts> = (0..30)
            .map(|h| Counts {
                requests: 1000.0,
                errors: if h < 6 { 2.0 } else { 0.0 },
            })
            .collect();
        let budget = budget_over_window(&objective, &hours);
        assert_eq!(budget.len(), 30);
        // First hour: 0.2 % against 0.1 % → burn 2 → −1.
        assert!(close(Some(budget[0]), -1.0));
        // Hour 23 (24 hours): 12 errors in 24,000 = 0.05 % → half left.
        assert!(close(Some(budget[23]), 0.5));
        // Hour 29: the window is hours 6..=29, errorless → all left.
        assert!(close(Some(budget[29]), 1.0));
        let idle = budget_over_window(&objective, &[Counts::default()]);
        assert!(
            idle[0].is_nan(),
            "no requests is unknown, not a full budget"
        );
    }

    #[test]
    fn worst_endpoint_first_unknown_last() {
        let endpoint = |route: &str, error_ratio, p99_ms| Endpoint {
            route: route.into(),
            requests_per_second: Some(1.0),
            error_ratio,
            p99_ms,
        };
        let mut endpoints = vec![
            endpoint("quiet", Some(0.0001), Some(100.0)),
            endpoint("unknown", None, None),
            // 0.2 % is 2× the budget; 300 ms is 0.63× the 475 ms threshold.
            endpoint("failing", Some(0.002), Some(300.0)),
            // 1000 ms is 2.1× the 475 ms threshold: worse than the 2× burn of 0.2 % errors.
            endpoint("slow", Some(0.0), Some(1000.0)),
        ];
        Endpoint::sort_worst_first(&mut endpoints, &Objective::default());
        let order: Vec<&str> = endpoints.iter().map(|e| e.route.as_str()).collect();
        assert_eq!(order, ["slow", "failing", "quiet", "unknown"]);
    }
}
