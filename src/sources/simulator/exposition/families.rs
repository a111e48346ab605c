//! What the simulated fleet exports, under the names real exporters use: an instrumented service
//! (`http_*`), kube-state-metrics and OpenCost (in `platform`), trivy-operator and the blackbox
//! exporter, so dashboards and alert rules written for those work on the simulator unchanged.

use super::platform::NAMESPACE;
use super::{Family, Kind};
use crate::sources::simulator::histogram::BOUNDS;
use crate::sources::simulator::{Simulator, security};

/// Compliance is reported as passed and failed controls out of this many.
const CONTROLS: f64 = 1000.0;

impl Simulator {
    /// Every family the fleet exports, with its current values.
    pub fn metric_families(&self) -> Vec<Family> {
        self.families(true)
    }

    /// The families, with or without the per-route ones (two thirds of all series).
    pub(super) fn families(&self, routes: bool) -> Vec<Family> {
        let mut families = self.request_families();
        if routes {
            families.extend(self.route_families());
        }
        families.extend(self.autoscaling_families());
        families.push(self.node_costs());
        families.extend(self.security_families());
        families
    }

    fn request_families(&self) -> Vec<Family> {
        let mut durations = Family::new(
            "http_request_duration_seconds",
            Kind::Histogram,
            "Latency of the requests each service answered.",
        );
        let mut requests = Family::new(
            "http_requests",
            Kind::Counter,
            "Requests each service answered, by status code.",
        );
        // Shortest form ("0.005", "1", "+Inf"): the same strings in history and live scrapes.
        let bounds: Vec<String> = BOUNDS.iter().map(f64::to_string).collect();
        let les = bounds.iter().map(String::as_str).chain(["+Inf"]);
        for service in &self.services {
            let (name, counters) = (service.name, &service.counters);
            for (le, count) in les.clone().zip(counters.buckets) {
                durations.push("_bucket", &[("service", name), ("le", le)], count);
            }
            durations.push("_sum", &[("service", name)], counters.sum_seconds);
            durations.push("_count", &[("service", name)], counters.count());
            requests.push("_total", &[("service", name), ("code", "200")], counters.ok);
            requests.push(
                "_total",
                &[("service", name), ("code", "500")],
                counters.errors,
            );
        }
        vec![durations, requests]
    }

    /// The same requests by route, as separate families: adding a `route` label to the
    /// service's own would multiply the series every exact-series test and query reads, and the
    /// routes' latency is counted by minute. The Prometheus source queries these names.
    fn route_families(&self) -> Vec<Family> {
        let mut durations = Family::new(
            "http_route_request_duration_seconds",
            Kind::Histogram,
            "Latency of the requests each service answered, by route.",
        );
        let mut requests = Family::new(
            "http_route_requests",
            Kind::Counter,
            "Requests each service answered, by route and status code.",
        );
        let bounds: Vec<String> = BOUNDS.iter().map(f64::to_string).collect();
        let les = bounds.iter().map(String::as_str).chain(["+Inf"]);
        for service in &self.services {
            for (route, counters) in &service.route_counters {
                let labels = [("service", service.name), ("route", *route)];
                for (le, count) in les.clone().zip(counters.buckets) {
                    durations.push("_bucket", &[labels[0], labels[1], ("le", le)], count);
                }
                durations.push("_sum", &labels, counters.sum_seconds);
                durations.push("_count", &labels, counters.count());
                for (code, value) in [("200", counters.ok), ("500", counters.errors)] {
                    requests.push("_total", &[labels[0], labels[1], ("code", code)], value);
                }
            }
        }
        vec![durations, requests]
    }

    /// trivy-operator's vulnerability and compliance summaries, and blackbox_exporter's expiry.
    fn security_families(&self) -> Vec<Family> {
        let counts = security::counts_on(self.seed, self.now.date_naive());
        let mut vulnerabilities = Family::new(
            "trivy_image_vulnerabilities",
            Kind::Gauge,
            "Open vulnerabilities in the fleet's images.",
        );
        for (severity, count) in [
            ("Critical", counts.critical),
            ("High", counts.high),
            ("Medium", counts.medium),
            ("Low", counts.low),
        ] {
            let labels = [
                ("namespace", NAMESPACE),
                ("name", "fleet-images"),
                ("severity", severity),
            ];
            vulnerabilities.push("", &labels, f64::from(count));
        }
        // Passed controls out of 1000 reproduce the score to 0.05 percentage points.
        let passed = (security::score(counts) / 100.0 * CONTROLS).round();
        let mut compliance = Family::new(
            "trivy_cluster_compliance",
            Kind::Gauge,
            "Compliance controls by status.",
        );
        for (status, value) in [("Pass", passed), ("Fail", CONTROLS - passed)] {
            compliance.push(
                "",
                &[("title", "CIS Kubernetes Benchmark"), ("status", status)],
                value,
            );
        }
        let mut expiry = Family::new(
            "probe_ssl_earliest_cert_expiry",
            Kind::Gauge,
            "Earliest certificate expiry (unix seconds).",
        );
        for certificate in self.certificates() {
            #[allow(clippy::cast_precision_loss)]
            let not_after = certificate.not_after.timestamp() as f64;
            expiry.push("", &[("instance", &certificate.name)], not_after);
        }
        vec![vulnerabilities, compliance, expiry]
    }
}

#[cfg(test)]
mod tests {
    use super::super::{quiet_fleet, value};
    use super::*;

    #[test]
    fn requests_are_a_histogram_and_a_counter_by_code() {
        let (_, text) = quiet_fleet();
        let les: Vec<&str> = text
            .lines()
            .filter_map(|l| {
                l.strip_prefix("http_request_duration_seconds_bucket{service=\"api\",le=\"")
            })
            .filter_map(|l| l.split('"').next())
            .collect();
        assert_eq!(les.len(), BOUNDS.len() + 1);
        assert_eq!(les[..3], ["0.005", "0.01", "0.025"]);
        assert!(les.contains(&"0.475") && les.contains(&"1") && les.contains(&"2.5"));
        assert_eq!(les[les.len() - 2..], ["10", "+Inf"]);
        let count = value(
            &text,
            "http_request_duration_seconds_count{service=\"api\"}",
        );
        let ok = value(&text, "http_requests_total{service=\"api\",code=\"200\"}");
        let errors = value(&text, "http_requests_total{service=\"api\",code=\"500\"}");
        assert!(((ok + errors) / count - 1.0).abs() < 1e-9 && errors > 0.0);
        assert!(
            value(
                &text,
                "http_request_duration_seconds_sum{service=\"checkout\"}"
            ) > 0.0
        );
        assert!(text.contains("# TYPE http_requests_total counter\n"));
        assert!(text.contains("# TYPE http_request_duration_seconds histogram\n"));
    }

    #[test]
    fn routes_are_their_own_families_and_add_up_to_the_service() {
        let (_, text) = quiet_fleet();
        let route = |name: &str, code: &str| {
            let series = format!(
                "http_route_requests_total{{service=\"api\",route=\"{name}\",code=\"{code}\"}}"
            );
            value(&text, &series)
        };
        let routes = [
            "GET /v1/orders",
            "POST /v1/orders",
            "GET /v1/search",
            "GET /v1/health",
        ];
        let all: f64 = routes
            .iter()
            .map(|r| route(r, "200") + route(r, "500"))
            .sum();
        let service = value(
            &text,
            "http_request_duration_seconds_count{service=\"api\"}",
        );
        // Status codes are counted every step, as the service's: the same requests.
        assert!((all / service - 1.0).abs() < 1e-9, "{all} vs {service}");
        assert!(text.contains(
            "http_route_request_duration_seconds_bucket{service=\"api\",route=\"GET /v1/search\",le=\"+Inf\"}"
        ));
        assert!(text.contains("# TYPE http_route_requests_total counter\n"));
    }

    #[test]
    fn security_is_trivy_and_blackbox_shaped() {
        let (simulator, text) = quiet_fleet();
        let counts = security::counts_on(42, simulator.now().date_naive());
        for (severity, count) in [("Critical", counts.critical), ("Low", counts.low)] {
            let series = format!(
                "trivy_image_vulnerabilities{{namespace=\"prod\",name=\"fleet-images\",severity=\"{severity}\"}}"
            );
            assert!((value(&text, &series) - f64::from(count)).abs() < f64::EPSILON);
        }
        let status = |s: &str| {
            let title = "title=\"CIS Kubernetes Benchmark\"";
            value(
                &text,
                &format!("trivy_cluster_compliance{{{title},status=\"{s}\"}}"),
            )
        };
        let passed = status("Pass") / (status("Pass") + status("Fail"));
        assert!((passed * 100.0 - security::score(counts)).abs() < 0.1);
        let expiry = value(
            &text,
            "probe_ssl_earliest_cert_expiry{instance=\"api.example.com\"}",
        );
        let not_after = security::certificates(42, simulator.now())[0].not_after;
        assert!((expiry - not_after.timestamp() as f64).abs() < f64::EPSILON);
        assert_eq!(text.matches("probe_ssl_earliest_cert_expiry{").count(), 6);
    }
}
