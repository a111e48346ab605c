//! Latency view from the latency panels, keyed by the `service` label.

use std::collections::BTreeSet;

use super::{Results, label, value_of};
use crate::domain::latency::burn_rates;
use crate::domain::{LatencyView, Series, ServiceLatency, Trend, Unit};
use crate::sources::prometheus::settings::SloSettings;

const QUANTILES: [&str; 4] = ["latency-p50", "latency-p90", "latency-p95", "latency-p99"];
const SERVICE: &str = "service";

fn to_ms(value: f64, unit: Unit) -> f64 {
    match unit {
        Unit::Seconds => value * 1000.0,
        _ => value,
    }
}

pub fn view(results: &Results, slo: &SloSettings) -> Option<LatencyView> {
    let panels = QUANTILES
        .iter()
        .chain(&[
            "latency-rps",
            "latency-errors",
            "latency-budget",
            "latency-burn-rates",
        ])
        .filter_map(|id| results.instant(id))
        .collect::<Vec<_>>();
    if panels.is_empty() {
        return None;
    }
    let names: BTreeSet<&str> = panels
        .iter()
        .flat_map(|(_, samples)| samples.iter().filter_map(|s| label(&s.labels, SERVICE)))
        .collect();
    // Answers without a single service: the metrics are not there, so no view at all.
    if names.is_empty() {
        return None;
    }
    let ms = |id: &str, service: &str| {
        results.instant(id).and_then(|(panel, samples)| {
            value_of(samples, SERVICE, service).map(|v| to_ms(v, panel.unit))
        })
    };
    let plain = |id: &str, service: &str| {
        results
            .instant(id)
            .and_then(|(_, samples)| value_of(samples, SERVICE, service))
    };
    let burn = |service: &str, window: &str| {
        results
            .instant("latency-burn-rates")
            .and_then(|(_, samples)| {
                samples
                    .iter()
                    .find(|s| {
                        label(&s.labels, SERVICE) == Some(service)
                            && label(&s.labels, "window") == Some(window)
                    })
                    .map(|s| s.value)
                    .filter(|v| v.is_finite())
            })
    };
    let services = names
        .into_iter()
        .map(|name| ServiceLatency {
            name: name.to_string(),
            p50_ms: ms(QUANTILES[0], name),
            p90_ms: ms(QUANTILES[1], name),
            p95_ms: ms(QUANTILES[2], name),
            p99_ms: ms(QUANTILES[3], name),
            requests_per_second: plain("latency-rps", name),
            error_ratio: plain("latency-errors", name),
            p99_target_ms: slo.p99_target_ms,
            availability_target: slo.availability,
            error_budget_remaining: plain("latency-budget", name),
            burn_rates: burn_rates(|window| burn(name, window)),
            p99_history: history(results, name),
        })
        .collect();
    Some(LatencyView {
        services,
        slo_window_days: slo.window_days,
    })
}

fn history(results: &Results, service: &str) -> Trend {
    let series = |id: &str, step_minutes: i64| {
        results
            .range(id)
            .and_then(|(panel, buffer)| {
                let mut series = buffer.evenly(|labels| label(labels, SERVICE) == Some(service))?;
                series
                    .values
                    .iter_mut()
                    .for_each(|v| *v = to_ms(*v, panel.unit));
                Some(series)
            })
            .unwrap_or_else(|| Series::empty(chrono::Duration::minutes(step_minutes)))
    };
    Trend {
        fine: series("latency-p99-fine", 1),
        coarse: series("latency-p99-coarse", 60),
    }
}
