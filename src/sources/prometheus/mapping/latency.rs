//! Latency view from the latency panels, keyed by the `service` label. Each panel is indexed by
//! service once; when there are more services than `max_rows`, the worst are kept (highest
//! p99, then error ratio) and only their charts are built.

use std::collections::{HashMap, HashSet};

use super::{Chart, Results, by_label, label};
use crate::domain::slo::Objectives;
use crate::domain::{LatencyView, ServiceLatency, Trend, Unit};

const QUANTILES: [&str; 4] = ["latency-p50", "latency-p90", "latency-p95", "latency-p99"];
const SERVICE: &str = "service";

fn to_ms(value: f64, unit: Unit) -> f64 {
    match unit {
        Unit::Seconds => value * 1000.0,
        _ => value,
    }
}

/// One panel's values by service, in the unit the view shows.
fn indexed<'a>(results: &Results<'a>, id: &str) -> HashMap<&'a str, f64> {
    results
        .instant(id)
        .map_or_else(HashMap::new, |(panel, samples)| {
            let mut index = by_label(samples, SERVICE);
            index.values_mut().for_each(|v| *v = to_ms(*v, panel.unit));
            index
        })
}

/// One panel's values by (service, `window` label).
fn by_window<'a>(results: &Results<'a>, id: &str) -> HashMap<(&'a str, &'a str), f64> {
    let mut index = HashMap::new();
    if let Some((_, samples)) = results.instant(id) {
        for s in samples {
            if let (Some(service), Some(window)) =
                (label(&s.labels, SERVICE), label(&s.labels, "window"))
            {
                index.entry((service, window)).or_insert(s.value);
            }
        }
    }
    index
}

pub fn view(
    results: &Results,
    slo: &Objectives,
    max_rows: usize,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<LatencyView> {
    let ids = QUANTILES.iter().chain(&[
        "latency-rps",
        "latency-errors",
        "latency-slo-windows",
        "latency-burn-windows",
    ]);
    let panels: Vec<_> = ids.filter_map(|id| results.instant(id)).collect();
    // A hash set, sorted once below: a BTreeSet of 800,000 inserts spent most of the time
    // comparing names.
    let names: HashSet<&str> = panels
        .iter()
        .flat_map(|(_, samples)| samples.iter().filter_map(|s| label(&s.labels, SERVICE)))
        .collect();
    // Answers without a single service: the metrics are not there, so no view at all.
    if names.is_empty() {
        return None;
    }
    let [p50, p90, p95, p99] = QUANTILES.map(|id| indexed(results, id));
    let rps = indexed(results, "latency-rps");
    let errors = indexed(results, "latency-errors");
    let first_sample = indexed(results, "latency-first-sample");
    let objective_windows = by_window(results, "latency-slo-windows");
    let burn_windows = by_window(results, "latency-burn-windows");
    let total = names.len();
    let kept = worst(names, max_rows, |name| {
        (p99.get(name).copied(), errors.get(name).copied())
    });
    let charts = Histories::new(results);
    let services = kept
        .into_iter()
        .map(|name| {
            let objective = slo.of(name);
            let window = format!("{}d", objective.window_days);
            let finite = |v: Option<&f64>| v.copied().filter(|v| v.is_finite());
            let budget = objective.budget(finite(objective_windows.get(&(name, &*window))), |w| {
                finite(burn_windows.get(&(name, w)))
            });
            ServiceLatency {
                name: name.to_string(),
                p50_ms: p50.get(name).copied(),
                p90_ms: p90.get(name).copied(),
                p95_ms: p95.get(name).copied(),
                p99_ms: p99.get(name).copied(),
                requests_per_second: rps.get(name).copied(),
                error_ratio: errors.get(name).copied(),
                objective: objective.clone(),
                history_days: finite(first_sample.get(name))
                    .map(|first| (now.timestamp() as f64 - first).max(0.0) / 86_400.0),
                error_budget_remaining: budget.remaining,
                burn_rates: budget.burn_rates,
                time_to_exhaustion: budget.exhaustion,
                p99_history: charts.of(name),
            }
        })
        .collect::<Vec<_>>();
    Some(LatencyView {
        totals: Vec::new(),
        omitted: total - services.len(),
        services,
    })
}

/// At most `max_rows` names, worst first by `rank` (descending; missing figures last), returned
/// in name order. Ranks are looked up once, and selection is O(n): no full sort of 100,000.
fn worst(
    names: HashSet<&str>,
    max_rows: usize,
    rank: impl Fn(&str) -> (Option<f64>, Option<f64>),
) -> Vec<&str> {
    let mut names: Vec<&str> = if names.len() <= max_rows {
        names.into_iter().collect()
    } else {
        let key = |v: Option<f64>| v.filter(|v| !v.is_nan()).unwrap_or(f64::NEG_INFINITY);
        let mut ranked: Vec<(f64, f64, &str)> = names
            .into_iter()
            .map(|name| {
                let (first, second) = rank(name);
                (key(first), key(second), name)
            })
            .collect();
        ranked.select_nth_unstable_by(max_rows, |a, b| {
            b.0.total_cmp(&a.0)
                .then(b.1.total_cmp(&a.1))
                .then(a.2.cmp(b.2))
        });
        ranked.truncate(max_rows);
        ranked.into_iter().map(|(_, _, name)| name).collect()
    };
    names.sort_unstable();
    names
}

/// The p99 charts, indexed by service once.
struct Histories<'a> {
    fine: Chart<'a>,
    coarse: Chart<'a>,
}

impl<'a> Histories<'a> {
    fn new(results: &Results<'a>) -> Self {
        let chart = |id, minutes| {
            Chart::new(
                results,
                id,
                SERVICE,
                chrono::Duration::minutes(minutes),
                |_| true,
            )
        };
        Self {
            fine: chart("latency-p99-fine", 1),
            coarse: chart("latency-p99-coarse", 60),
        }
    }

    fn of(&self, service: &str) -> Trend {
        let in_ms = |chart: &Chart| {
            let mut series = chart.of(service);
            series
                .values
                .iter_mut()
                .for_each(|v| *v = to_ms(*v, chart.unit));
            series
        };
        Trend {
            fine: in_ms(&self.fine),
            coarse: in_ms(&self.coarse),
        }
    }
}
