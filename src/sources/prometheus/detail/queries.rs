//! The PromQL of a service's detail, with the service's label filled in: each is also the
//! provenance `i` and `describe` show for its figure.

use crate::domain::detail::Provenance;
use crate::domain::slo::Objective;

/// The per-route families (the simulator exports them; instrumented services name theirs so).
const ROUTE_REQUESTS: &str = "http_route_requests_total";
const ROUTE_DURATIONS: &str = "http_route_request_duration_seconds_bucket";

/// `name` as a PromQL double-quoted string's contents.
fn quoted(name: &str) -> String {
    name.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Every query of one service's detail, with its labels filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceQueries {
    pub route_rps: String,
    pub route_errors: String,
    pub route_p99: String,
    pub availability: String,
    pub latency_buckets: String,
    pub quantiles: [(f64, String); 3],
    pub hourly_requests: String,
    pub hourly_errors: String,
}

impl ServiceQueries {
    pub fn new(service: &str, objective: &Objective) -> Self {
        let s = format!("service=\"{}\"", quoted(service));
        let window = format!("{}d", objective.window_days);
        let by_route =
            |filter: &str| format!("sum by (route) (rate({ROUTE_REQUESTS}{{{s}{filter}}}[5m]))");
        let requests = |filter: &str, range: &str| {
            format!("sum(increase(http_requests_total{{{s}{filter}}}[{range}]))")
        };
        let quantile = |q: f64| {
            format!(
                "histogram_quantile({q}, sum by (le) (rate(http_request_duration_seconds_bucket{{{s}}}[5m])))"
            )
        };
        Self {
            route_rps: by_route(""),
            // A route without a single 5xx series has no error series: count it as 0.
            route_errors: format!(
                "({} or {all} * 0) / {all}",
                by_route(",code=~\"5..\""),
                all = by_route("")
            ),
            route_p99: format!(
                "histogram_quantile(0.99, sum by (le, route) (rate({ROUTE_DURATIONS}{{{s}}}[5m])))"
            ),
            availability: format!(
                "1 - ({} or vector(0)) / {}",
                requests(",code=~\"5..\"", &window),
                requests("", &window)
            ),
            latency_buckets: format!(
                "sum by (le) (increase(http_request_duration_seconds_bucket{{{s}}}[{window}]))"
            ),
            quantiles: [0.5, 0.9, 0.95].map(|q| (q, quantile(q))),
            hourly_requests: requests("", "1h"),
            hourly_errors: format!(
                "{} or {} * 0",
                requests(",code=~\"5..\"", "1h"),
                requests("", "1h")
            ),
        }
    }

    pub(super) fn provenance(&self) -> Vec<Provenance> {
        let p = |figure: &str, from: &str| Provenance {
            figure: figure.into(),
            from: from.into(),
        };
        let [(_, p50), (_, p90), (_, p95)] = &self.quantiles;
        vec![
            p("endpoints: req/s", &self.route_rps),
            p("endpoints: errors", &self.route_errors),
            p("endpoints: p99", &self.route_p99),
            p("availability SLI", &self.availability),
            p(
                "latency SLI (share of the merged buckets under the threshold)",
                &self.latency_buckets,
            ),
            p("p50 history", p50),
            p("p90 history", p90),
            p("p95 history", p95),
            p(
                "budget over the window (hourly requests)",
                &self.hourly_requests,
            ),
            p(
                "budget over the window (hourly errors)",
                &self.hourly_errors,
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_carry_the_service_label_quoted() {
        let q = ServiceQueries::new("api", &Objective::default());
        assert_eq!(
            q.route_p99,
            "histogram_quantile(0.99, sum by (le, route) (rate(http_route_request_duration_seconds_bucket{service=\"api\"}[5m])))"
        );
        assert_eq!(
            q.availability,
            "1 - (sum(increase(http_requests_total{service=\"api\",code=~\"5..\"}[30d])) or vector(0)) / sum(increase(http_requests_total{service=\"api\"}[30d]))"
        );
        let odd = ServiceQueries::new("a\"b\\c", &Objective::default());
        assert!(
            odd.route_rps.contains("service=\"a\\\"b\\\\c\""),
            "{}",
            odd.route_rps
        );
    }
}
