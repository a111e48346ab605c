//! The queries behind a service's detail, asked only while it is open (or `describe` asks):
//! per-route rate, error ratio and p99 from the `route` label, the SLIs over the objective's
//! window, percentile history over the chart range and the hourly counts the budget chart is
//! rolled from. Each figure's provenance is its PromQL; a failed query leaves its figure
//! unknown and the others stand.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};

mod queries;

pub use queries::ServiceQueries;

use super::decode::{QueryData, RangeSeries};
use super::mapping::label;
use super::{FetchError, PrometheusClient};
use crate::domain::Series;
use crate::domain::detail::{
    Endpoint, Extras, Kind, ObjectDetail, ServiceExtras, Subject, budget_over_window, latency_sli,
};
use crate::domain::slo::{Counts, Objective};

/// How far back the percentile charts reach, at a minute's step (as the simulator keeps).
pub const CHART_RANGE: Duration = Duration::from_secs(6 * 3600);

/// The service's detail now; `max_rows` bounds the routes kept (busiest first).
pub async fn service(
    client: &PrometheusClient,
    name: &str,
    objective: &Objective,
    now: DateTime<Utc>,
    max_rows: usize,
) -> ObjectDetail {
    let q = ServiceQueries::new(name, objective);
    #[allow(clippy::cast_precision_loss)]
    let end = now.timestamp() as f64;
    let (minute, hour) = (Duration::from_secs(60), Duration::from_secs(3600));
    let chart_start = end - CHART_RANGE.as_secs_f64();
    let window_start = end - f64::from(objective.window_days) * 86_400.0;
    let (rps, errors, p99, availability, buckets) = tokio::join!(
        client.instant(&q.route_rps),
        client.instant(&q.route_errors),
        client.instant(&q.route_p99),
        client.instant(&q.availability),
        client.instant(&q.latency_buckets),
    );
    let [(_, p50), (_, p90), (_, p95)] = &q.quantiles;
    let (p50, p90, p95, hourly_requests, hourly_errors) = tokio::join!(
        client.range(p50, chart_start, end, minute),
        client.range(p90, chart_start, end, minute),
        client.range(p95, chart_start, end, minute),
        client.range(&q.hourly_requests, window_start, end, hour),
        client.range(&q.hourly_errors, window_start, end, hour),
    );
    let extras = ServiceExtras {
        endpoints: endpoints(&rps, &errors, &p99, max_rows),
        availability_sli: single(&availability),
        latency_sli: buckets.ok().and_then(|b| {
            let (bounds, cumulative) = merged(&b)?;
            latency_sli(
                &bounds,
                &cumulative,
                objective.latency_threshold_ms / 1000.0,
            )
        }),
        p50_ms: p50.ok().and_then(|s| series(&s, 60, 1000.0)),
        p90_ms: p90.ok().and_then(|s| series(&s, 60, 1000.0)),
        p95_ms: p95.ok().and_then(|s| series(&s, 60, 1000.0)),
        budget_remaining: budget(objective, hourly_requests, hourly_errors),
    };
    ObjectDetail {
        subject: Subject::new(Kind::Service, name),
        extras: Extras::Service(extras),
        provenance: q.provenance(),
    }
}

/// The one value of an instant vector of one series.
fn single(answer: &Result<QueryData, FetchError>) -> Option<f64> {
    match answer {
        Ok(QueryData::Vector(v)) if v.len() == 1 => Some(v[0].value).filter(|v| v.is_finite()),
        _ => None,
    }
}

/// Values by `route`; `None` when the query failed or no series has the label.
fn by_route(answer: &Result<QueryData, FetchError>) -> Option<BTreeMap<String, f64>> {
    let Ok(QueryData::Vector(samples)) = answer else {
        return None;
    };
    let routes: BTreeMap<String, f64> = samples
        .iter()
        .filter_map(|s| Some((label(&s.labels, "route")?.to_string(), s.value)))
        .collect();
    (!routes.is_empty()).then_some(routes)
}

fn endpoints(
    rps: &Result<QueryData, FetchError>,
    errors: &Result<QueryData, FetchError>,
    p99: &Result<QueryData, FetchError>,
    max_rows: usize,
) -> Option<Vec<Endpoint>> {
    let rps = by_route(rps)?;
    let (errors, p99) = (by_route(errors), by_route(p99));
    let finite = |v: Option<&f64>| v.copied().filter(|v| v.is_finite());
    let mut list: Vec<Endpoint> = rps
        .iter()
        .map(|(route, rate)| Endpoint {
            route: route.clone(),
            requests_per_second: finite(Some(rate)),
            error_ratio: finite(errors.as_ref().and_then(|e| e.get(route))),
            p99_ms: finite(p99.as_ref().and_then(|p| p.get(route))).map(|s| s * 1000.0),
        })
        .collect();
    list.sort_by(|a, b| {
        b.requests_per_second
            .unwrap_or(0.0)
            .total_cmp(&a.requests_per_second.unwrap_or(0.0))
    });
    list.truncate(max_rows);
    Some(list)
}

/// The merged cumulative buckets by `le`, finite bounds ascending then +Inf.
fn merged(answer: &QueryData) -> Option<(Vec<f64>, Vec<f64>)> {
    let QueryData::Vector(samples) = answer else {
        return None;
    };
    let mut buckets: Vec<(f64, f64)> = samples
        .iter()
        .filter_map(|s| Some((label(&s.labels, "le")?.parse::<f64>().ok()?, s.value)))
        .collect();
    buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (inf, finite): (Vec<_>, Vec<_>) = buckets.into_iter().partition(|b| b.0.is_infinite());
    let total = inf.first()?.1;
    let bounds = finite.iter().map(|b| b.0).collect();
    let cumulative = finite.iter().map(|b| b.1).chain([total]).collect();
    Some((bounds, cumulative))
}

/// One series of a range answer, every step from its first point to its last (gaps NaN),
/// times `scale`.
fn series(answer: &[RangeSeries], step: i64, scale: f64) -> Option<Series> {
    let points = &answer.first()?.points;
    let (first, last) = (points.first()?.0, points.last()?.0);
    #[allow(clippy::cast_possible_truncation)]
    let (first, last) = (first as i64, last as i64);
    let slots = usize::try_from((last - first) / step + 1).ok()?;
    let mut values = vec![f64::NAN; slots];
    for (t, v) in points {
        #[allow(clippy::cast_possible_truncation)]
        let slot = usize::try_from((*t as i64 - first) / step).ok();
        if let Some(value) = slot.and_then(|i| values.get_mut(i)) {
            *value = v * scale;
        }
    }
    let end = Utc.timestamp_opt(last, 0).single()?;
    Some(Series::new(end, chrono::Duration::seconds(step), values))
}

/// The budget left at each hour, rolled over the window from hourly counts (hours without an
/// answer count nothing).
fn budget(
    objective: &Objective,
    requests: Result<Vec<RangeSeries>, FetchError>,
    errors: Result<Vec<RangeSeries>, FetchError>,
) -> Option<Series> {
    let requests = series(&requests.ok()?, 3600, 1.0)?;
    #[allow(clippy::cast_possible_truncation)]
    let errors: BTreeMap<i64, f64> = errors
        .ok()?
        .first()
        .map(|s| s.points.iter().map(|(t, v)| (*t as i64, *v)).collect())
        .unwrap_or_default();
    let first = requests.end.timestamp() - 3600 * (requests.values.len() as i64 - 1);
    let known = |v: Option<f64>| v.filter(|v| v.is_finite()).unwrap_or(0.0);
    let counts: Vec<Counts> = (0_i64..)
        .zip(&requests.values)
        .map(|(i, r)| Counts {
            requests: known(Some(*r)),
            errors: known(errors.get(&(first + 3600 * i)).copied()),
        })
        .collect();
    Some(Series::new(
        requests.end,
        requests.step,
        budget_over_window(objective, &counts),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_answers_become_series_with_gaps() {
        let answer = vec![RangeSeries {
            labels: Vec::new(),
            points: vec![(60.0, 0.1), (180.0, 0.3)],
        }];
        let s = series(&answer, 60, 1000.0).expect("a series");
        assert_eq!(s.values.len(), 3);
        assert!((s.values[0] - 100.0).abs() < 1e-9 && s.values[1].is_nan());
        assert_eq!(s.end.timestamp(), 180);
    }
}
