//! Measuring criteria and the week's alerts with PromQL, on anything that speaks the Prometheus
//! API. A period is one range query at the configured step (folded here), or, for ratios and
//! histogram quantiles, instant queries at the period's end with `$__range` set to its length
//! (the period's increase: summed counters, merged buckets). `$__baseline` is the
//! environment's monthly cost baseline.

use chrono::{DateTime, Duration, Utc};

use crate::domain::checkpoint::fold::{divide, fold};
use crate::domain::checkpoint::{Criterion, FiredAlert, Measurement, WeekRange};
use crate::sources::prometheus::{PrometheusClient, QueryData};

/// Below Prometheus's limit of 11,000 points per series, with room for the boundaries.
const MAX_POINTS: i64 = 10_000;

/// Distinct alerts that fired at some point of the period (`$__range`), by name and severity.
const FIRED: &str =
    "max by (alertname, severity) (max_over_time(ALERTS{alertstate=\"firing\"}[$__range]))";

pub async fn measure(
    client: &PrometheusClient,
    criterion: &Criterion,
    period: WeekRange,
    (step, baseline): (Duration, f64),
) -> Measurement {
    let Some(query) = &criterion.query else {
        return Measurement::unknown(
            "no PromQL for this criterion here (it names only a figure, which the simulator provides)",
        );
    };
    let query = with_range(&with_baseline(query, baseline), period);
    let value = if criterion.aggregation.over_period() {
        let at = unix(period.to);
        let numerator = single(client.instant_at(&query, at).await);
        let denominator = match &criterion.denominator {
            Some(d) => {
                let d = with_range(&with_baseline(d, baseline), period);
                single(client.instant_at(&d, at).await).map(Some)
            }
            None => Ok(None),
        };
        match (numerator, denominator) {
            (Ok(n), Ok(Some(d))) => Ok(n.zip(d).and_then(|(n, d)| divide(n, d))),
            (Ok(n), Ok(None)) => Ok(n),
            (Err(e), _) | (_, Err(e)) => Err(e),
        }
    } else {
        samples(client, &query, period, step)
            .await
            .map(|values| fold(criterion.aggregation, &values))
    };
    match value {
        Ok(value) => Measurement::value(value.map(|v| v * criterion.scale)),
        Err(error) => Measurement::unknown(error),
    }
}

/// The alerts that fired in the period, or why they cannot be listed.
pub async fn fired_alerts(
    client: &PrometheusClient,
    period: WeekRange,
) -> Result<Vec<FiredAlert>, String> {
    let query = with_range(FIRED, period);
    match client.instant_at(&query, unix(period.to)).await {
        Ok(QueryData::Vector(samples)) => Ok(samples
            .into_iter()
            .map(|s| {
                let label = |name: &str| {
                    s.labels
                        .iter()
                        .find(|(k, _)| k == name)
                        .map(|(_, v)| v.clone())
                };
                FiredAlert {
                    name: label("alertname").unwrap_or_else(|| "(unnamed)".into()),
                    severity: label("severity").unwrap_or_else(|| "none".into()),
                }
            })
            .collect()),
        Ok(other) => Err(format!("the alerts query answered a {}", other.kind())),
        Err(error) => Err(format!("cannot read the week's alerts: {error}")),
    }
}

/// `$__baseline` as the environment's monthly cost baseline (`monthly-baseline`).
pub fn with_baseline(query: &str, baseline: f64) -> String {
    query.replace(
        "$__baseline",
        &crate::domain::checkpoint::criterion::trim_number(baseline),
    )
}

/// `$__range` as whole seconds, at least one.
fn with_range(query: &str, period: WeekRange) -> String {
    let seconds = (period.to - period.from).num_seconds().max(1);
    query.replace("$__range", &format!("{seconds}s"))
}

async fn samples(
    client: &PrometheusClient,
    query: &str,
    period: WeekRange,
    step: Duration,
) -> Result<Vec<f64>, String> {
    // Prometheus answers at most 11,000 points a series: a long period takes a coarser step.
    let span = (period.to - period.from).num_seconds().max(1);
    let step = step.max(Duration::seconds((span + MAX_POINTS - 1) / MAX_POINTS));
    let step_std = step.to_std().map_err(|e| e.to_string())?;
    // The first sample one step in, so a rate window reaches back into the week at most a step.
    let start = unix(period.from + step).min(unix(period.to));
    let series = client
        .range(query, start, unix(period.to), step_std)
        .await
        .map_err(|e| format!("query failed: {e}"))?;
    match series.as_slice() {
        [] => Ok(Vec::new()),
        [one] => Ok(one.points.iter().map(|(_, v)| *v).collect()),
        many => Err(format!(
            "the query returns {} series; aggregate it to one (e.g. with sum or max)",
            many.len()
        )),
    }
}

/// The one number an instant query answered; `None` when it answered nothing.
fn single(
    answer: Result<QueryData, crate::sources::prometheus::FetchError>,
) -> Result<Option<f64>, String> {
    match answer.map_err(|e| format!("query failed: {e}"))? {
        QueryData::Vector(samples) => match samples.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one.value)),
            many => Err(format!(
                "the query returns {} series; aggregate it to one (e.g. with sum)",
                many.len()
            )),
        },
        QueryData::Scalar(value) => Ok(Some(value)),
        other => Err(format!(
            "the query answered a {}, not a number",
            other.kind()
        )),
    }
}

#[allow(clippy::cast_precision_loss)]
fn unix(at: DateTime<Utc>) -> f64 {
    at.timestamp_millis() as f64 / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_baseline_and_the_range_are_substituted() {
        let from = DateTime::<Utc>::UNIX_EPOCH;
        let period = WeekRange {
            from,
            to: from + Duration::days(7),
        };
        let query =
            "100 * (avg_over_time(x[7d:1h]) * 730 / $__baseline - 1) + increase(y[$__range])";
        assert_eq!(
            with_range(&with_baseline(query, 7_250.5), period),
            "100 * (avg_over_time(x[7d:1h]) * 730 / 7250.5 - 1) + increase(y[604800s])"
        );
    }
}
