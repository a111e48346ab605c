//! The routes behind each service: a share of its traffic, how much slower or faster than the
//! service's typical request each is, and how much more or less often it fails. Routes split the
//! service's own figures: their requests sum to the service's and their errors too (the error
//! weights are normalised by traffic), so the endpoint table adds up to the row.

use super::histogram::LogNormal;

/// One route: (method and path, share of the service's requests, latency factor on the
/// service's median, error weight before normalising).
pub type Route = (&'static str, f64, f64, f64);

#[rustfmt::skip]
const ROUTES: [(&str, &[Route]); 8] = [
    ("api", &[
        ("GET /v1/orders", 0.35, 0.9, 1.0),
        ("POST /v1/orders", 0.15, 1.6, 2.5),
        ("GET /v1/search", 0.4, 1.0, 0.6),
        ("GET /v1/health", 0.1, 0.2, 0.1),
    ]),
    ("web", &[("GET /", 0.5, 0.8, 0.8), ("GET /product/:id", 0.35, 1.1, 1.0), ("GET /cart", 0.15, 1.3, 1.6)]),
    ("auth", &[("POST /login", 0.3, 1.5, 2.0), ("POST /token/refresh", 0.6, 0.7, 0.6), ("POST /logout", 0.1, 0.5, 0.5)]),
    ("catalog", &[("GET /items", 0.6, 1.0, 1.0), ("GET /items/:id", 0.35, 0.7, 0.8), ("PUT /items/:id", 0.05, 1.8, 2.5)]),
    ("search", &[("GET /search", 0.8, 1.05, 1.0), ("GET /suggest", 0.2, 0.5, 0.7)]),
    ("orders", &[("GET /orders/:id", 0.6, 0.8, 0.7), ("POST /orders", 0.3, 1.4, 1.6), ("GET /orders", 0.1, 1.2, 1.0)]),
    ("checkout", &[("POST /checkout", 0.7, 1.1, 1.2), ("GET /checkout/:id", 0.3, 0.6, 0.5)]),
    ("payments", &[
        ("POST /payments", 0.6, 1.2, 1.3),
        ("POST /refunds", 0.1, 1.5, 2.0),
        ("GET /payments/:id", 0.3, 0.5, 0.4),
    ]),
];

/// One route's share of a service at one instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RouteLoad {
    pub route: &'static str,
    pub requests_per_second: f64,
    pub error_ratio: f64,
    pub latency: LogNormal,
}

fn of(service: &str) -> &'static [Route] {
    ROUTES
        .iter()
        .find(|(name, _)| *name == service)
        .map_or(&[][..], |(_, r)| r)
}

/// The routes of `service`, in order.
pub fn names(service: &str) -> impl Iterator<Item = &'static str> {
    of(service).iter().map(|r| r.0)
}

/// The routes of `service` carrying `rps` requests at `error_ratio` with the service's
/// `latency`; empty for a service without routes.
pub fn split(service: &str, rps: f64, error_ratio: f64, latency: LogNormal) -> Vec<RouteLoad> {
    let routes = of(service);
    let shares: f64 = routes.iter().map(|r| r.1).sum();
    let weights: f64 = routes.iter().map(|r| r.1 * r.3).sum::<f64>() / shares;
    routes
        .iter()
        .map(|&(route, share, slower, weight)| RouteLoad {
            route,
            requests_per_second: rps * share / shares,
            error_ratio: (error_ratio * weight / weights).min(1.0),
            latency: latency.scaled(slower),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_add_up_to_their_service() {
        let latency = LogNormal::new(0.08, 0.55);
        for (service, _) in ROUTES {
            let routes = split(service, 500.0, 0.002, latency);
            let rps: f64 = routes.iter().map(|r| r.requests_per_second).sum();
            let errors: f64 = routes
                .iter()
                .map(|r| r.requests_per_second * r.error_ratio)
                .sum();
            assert!((rps - 500.0).abs() < 1e-9, "{service}: {rps}");
            assert!((errors / rps - 0.002).abs() < 1e-12, "{service}: {errors}");
        }
        // api by hand: weights 0.35 + 0.375 + 0.24 + 0.01 = 0.975; POST fails 2.5 / 0.975 ×.
        let api = split("api", 1000.0, 0.001, latency);
        assert!((api[1].requests_per_second - 150.0).abs() < 1e-9);
        assert!((api[1].error_ratio - 0.001 * 2.5 / 0.975).abs() < 1e-15);
        assert!(split("unknown", 1.0, 0.0, latency).is_empty());
    }
}
