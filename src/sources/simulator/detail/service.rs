//! A simulated service's objective page: SLIs from the same summed counts as its budget,
//! percentile histories, the budget over the window by hour, and its routes' split of its
//! current traffic, errors and latency.

use chrono::Duration;

use super::super::{Simulator, routes};
use crate::domain::Series;
use crate::domain::detail::{
    Endpoint, Extras, Provenance, ServiceExtras, availability_sli, budget_over_window,
};

impl Simulator {
    pub(super) fn service_detail(&self, name: &str) -> Option<(Extras, Vec<Provenance>)> {
        let service = self.services.iter().find(|s| s.name == name)?;
        let objective = self.objectives.of(name);
        let conditions = self.conditions();
        let rps = self.web_rps * service.share;
        let (requests, slow) = service.window_counts(objective.window_days);
        let endpoints = routes::split(
            name,
            rps,
            service.error_ratio(&conditions),
            service.latency(&conditions),
        )
        .into_iter()
        .map(|r| Endpoint {
            route: r.route.to_string(),
            requests_per_second: Some(r.requests_per_second),
            error_ratio: Some(r.error_ratio),
            p99_ms: Some(r.latency.histogram(r.requests_per_second).quantile(0.99) * 1000.0)
                .filter(|v| v.is_finite()),
        })
        .collect();
        let hours = service.hours();
        // Each completed hour's point stands at the hour's end.
        let last_hour = self.history_start + Duration::hours(i64::try_from(hours.len()).ok()?);
        let [p50, p90, p95] = &service.quantile_trends;
        let extras = ServiceExtras {
            endpoints: Some(endpoints),
            availability_sli: availability_sli(requests),
            latency_sli: availability_sli(slow),
            p50_ms: Some(p50.trend().fine),
            p90_ms: Some(p90.trend().fine),
            p95_ms: Some(p95.trend().fine),
            budget_remaining: Some(Series::new(
                last_hour,
                Duration::hours(1),
                budget_over_window(objective, &hours),
            )),
        };
        let model = |figure: &str, from: &str| Provenance {
            figure: format!("service.{name}.{figure}"),
            from: format!("simulator: {from}"),
        };
        let provenance = vec![
            model(
                "availability_sli",
                "1 − summed errors ÷ summed requests over the window (the budget's counts)",
            ),
            model(
                "latency_sli",
                "requests within the latency threshold ÷ requests over the window",
            ),
            model(
                "p50_ms, p90_ms, p95_ms",
                "the service's histogram each minute",
            ),
            model(
                "budget_remaining",
                "1 − burn over the window ending at each hour",
            ),
            model(
                "endpoints",
                "the service's requests split by route: shares, latency factors and error \
                 weights (normalised so routes add up to the service)",
            ),
        ];
        Some((Extras::Service(extras), provenance))
    }
}
