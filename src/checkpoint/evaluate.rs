//! Assembling a week's report, and the `check` verdicts, from the environment's source.

use chrono::{DateTime, Duration, Utc};
use futures_util::StreamExt;

use super::{Inputs, Source, prometheus, runs};
use crate::domain::checkpoint::defaults::demo_phase;
use crate::domain::checkpoint::fold::divide;
use crate::domain::checkpoint::report::{HISTORY_WEEKS, SCHEMA};
use crate::domain::checkpoint::{
    Aggregation, AlertSummary, Criterion, CriterionResult, IsoWeek, Measurement, RunSummary,
    Summary, Verdict, WeekRange, WeeklyReport,
};
use crate::domain::figure;
use crate::domain::{FleetSnapshot, SourceId};

/// Queries in flight at once against one Prometheus.
const CONCURRENT_QUERIES: usize = 6;

/// The report of `week` as of `now`: a running week's figures are week to date.
pub async fn weekly_report(inputs: &Inputs, week: IsoWeek, now: DateTime<Utc>) -> WeeklyReport {
    let settings = &inputs.settings;
    let tz = settings.timezone;
    let weeks: Vec<IsoWeek> = (0..HISTORY_WEEKS).rev().map(|n| week.back(n)).collect();
    let periods: Vec<Option<WeekRange>> = weeks.iter().map(|w| w.range(tz).until(now)).collect();
    let measured = measure_all(inputs, &periods, now).await;
    let criteria: Vec<CriterionResult> = settings
        .criteria
        .iter()
        .zip(measured)
        .map(|(criterion, row)| {
            let history: Vec<(IsoWeek, Measurement)> = weeks.iter().copied().zip(row).collect();
            CriterionResult::new(criterion, &measured_by(&inputs.source, criterion), &history)
        })
        .collect();
    let range = week.range(tz);
    let shown = range.until(now).unwrap_or(range);
    // The phase as it stood at the end of the selected week (or today, for the running one).
    let last_day = (shown.to - Duration::seconds(1))
        .with_timezone(&tz)
        .date_naive();
    let plan = settings.phase.clone().or_else(|| {
        inputs
            .demo
            .then(|| demo_phase(now.with_timezone(&tz).date_naive()))
    });
    let phase = plan.map(|plan| {
        plan.status(last_day, |name, day| {
            let c = criteria.iter().find(|c| c.name == name)?;
            Some(c.verdict_in(&IsoWeek::containing(day).to_string()))
        })
    });
    let (runs, runs_note) = match week_runs(inputs, shown).await {
        Ok(runs) => (runs, None),
        Err(error) => (Vec::new(), Some(error)),
    };
    WeeklyReport {
        schema: SCHEMA,
        week: week.to_string(),
        timezone: tz.name().to_string(),
        from: range.from,
        // A running week's figures end now: say so rather than claim the whole week.
        to: shown.to,
        partial: now < range.to,
        environment: inputs.environment.clone(),
        generated_at: now,
        summary: Summary::of(&criteria),
        criteria,
        phase,
        runs,
        runs_note,
        alerts: alerts(inputs, shown).await,
    }
}

/// Every criterion over the `window` before `now`; the bool is whether a blocking one failed.
pub async fn check(
    inputs: &Inputs,
    now: DateTime<Utc>,
    window: Duration,
) -> (Vec<CriterionResult>, bool) {
    let period = WeekRange {
        from: now - window,
        to: now,
    };
    let week = IsoWeek::at(now, inputs.settings.timezone);
    let measured = measure_all(inputs, &[Some(period)], now).await;
    let results: Vec<CriterionResult> = inputs
        .settings
        .criteria
        .iter()
        .zip(measured)
        .map(|(criterion, row)| {
            let history: Vec<(IsoWeek, Measurement)> = row.into_iter().map(|m| (week, m)).collect();
            CriterionResult::new(criterion, &measured_by(&inputs.source, criterion), &history)
        })
        .collect();
    let failed = results
        .iter()
        .any(|c| c.blocking && c.verdict != Verdict::Met);
    (results, failed)
}

/// `[criterion][period]`; a period that has not begun is unknown.
async fn measure_all(
    inputs: &Inputs,
    periods: &[Option<WeekRange>],
    now: DateTime<Utc>,
) -> Vec<Vec<Measurement>> {
    // Owned jobs: futures spawned on the runtime cannot borrow across the stream.
    let jobs: Vec<(Criterion, Option<WeekRange>)> = inputs
        .settings
        .criteria
        .iter()
        .flat_map(|c| periods.iter().map(move |p| (c.clone(), *p)))
        .collect();
    let step = inputs.settings.step;
    let source = inputs.source.clone();
    let measurements: Vec<Measurement> = futures_util::stream::iter(jobs)
        .map(move |(criterion, period)| {
            let source = source.clone();
            async move {
                let Some(period) = period else {
                    return Measurement::unknown("the week has not begun");
                };
                let cloud = source.cloud_measuring(&criterion);
                match source {
                    Source::Prometheus {
                        live: Some(snapshot),
                        ..
                    } if period.to >= now
                        && (criterion.query.is_none()
                            || cloud.is_some()
                            || cloud_figure(&criterion, &snapshot)) =>
                    {
                        live_figure(&criterion, &snapshot)
                    }
                    // Its PromQL would measure something else (trivy's controls, not
                    // Defender's score): no figure rather than another source's.
                    Source::Prometheus { .. } if cloud.is_some() => {
                        let cloud = cloud.map_or("the cloud", SourceId::label);
                        Measurement::unknown(if period.to >= now {
                            format!("{cloud} did not answer now")
                        } else {
                            format!("{cloud} answers it as it is now; it has no history here")
                        })
                    }
                    Source::Prometheus {
                        client, baseline, ..
                    } => prometheus::measure(&client, &criterion, period, (step, baseline)).await,
                    Source::Simulator(record) => record.measure(&criterion, period),
                }
            }
        })
        .buffered(CONCURRENT_QUERIES)
        .collect()
        .await;
    measurements
        .chunks(periods.len().max(1))
        .map(<[Measurement]>::to_vec)
        .collect()
}

/// A figure-only criterion on Prometheus: its value now, from one poll (there is no history),
/// which only answers "last"; any other fold over the week would be a guess.
fn live_figure(criterion: &Criterion, snapshot: &FleetSnapshot) -> Measurement {
    if criterion.aggregation != Aggregation::Last {
        return Measurement::unknown(format!(
            "a figure has only its value now on Prometheus, not the week's {}; give the criterion a query",
            criterion.aggregation
        ));
    }
    let read = |name: &Option<String>| {
        name.as_deref()
            .map_or(Ok(None), |name| figure::read(snapshot, name))
    };
    let value = match (read(&criterion.figure), read(&criterion.denominator_figure)) {
        (Ok(n), Ok(None)) if criterion.denominator_figure.is_none() => Ok(n),
        (Ok(n), Ok(d)) => Ok(n.zip(d).and_then(|(n, d)| divide(n, d))),
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    match value {
        Ok(value) => Measurement::value(value.map(|v| v * criterion.scale)),
        Err(error) => Measurement::unknown(error),
    }
}

/// Whether `live` holds a cloud's own value of the criterion's figure: a cost figure from a
/// cloud cost API (Cost Management, Cost Explorer: the cached views). The running period reads
/// it rather than the PromQL, since the cloud's bill is the record and a cloud environment may
/// have no OpenCost series; earlier weeks keep the query.
fn cloud_figure(criterion: &Criterion, live: &FleetSnapshot) -> bool {
    criterion.figure.as_deref().is_some_and(|name| {
        name.starts_with("cost.") && live.cost.as_ref().is_some_and(|c| c.fetched_at.is_some())
    })
}

impl Source {
    /// The cloud part of the environment that measures `criterion`'s figure itself.
    fn cloud_measuring(&self, criterion: &Criterion) -> Option<SourceId> {
        let Source::Prometheus { clouds, .. } = self else {
            return None;
        };
        let figure = criterion.figure.as_deref()?;
        clouds
            .iter()
            .copied()
            .find(|c| c.measures().contains(&figure))
    }
}

fn measured_by(source: &Source, criterion: &Criterion) -> String {
    if let Some(cloud) = source.cloud_measuring(criterion) {
        let figure = criterion.figure.as_deref().unwrap_or_default();
        return format!("{figure} from {}", cloud.label());
    }
    let text = match source {
        Source::Prometheus { baseline, live, .. } => criterion
            .query
            .as_ref()
            .map(|q| match &criterion.denominator {
                Some(d) => format!("({q}) / ({d})"),
                None => q.clone(),
            })
            .map(|q| prometheus::with_baseline(&q, *baseline))
            .map(|q| match (live, &criterion.figure) {
                (Some(live), Some(figure)) if cloud_figure(criterion, live) => {
                    format!("{figure} from the cloud's cost API this week; earlier weeks {q}")
                }
                _ => q,
            }),
        Source::Simulator(_) => {
            criterion
                .figure
                .as_ref()
                .map(|f| match &criterion.denominator_figure {
                    Some(d) => format!("{f} / {d}"),
                    None => f.clone(),
                })
        }
    };
    text.unwrap_or_else(|| "nothing on this environment".into())
}

async fn week_runs(inputs: &Inputs, period: WeekRange) -> Result<Vec<RunSummary>, String> {
    let Some(path) = inputs.audit_file.clone() else {
        return Ok(Vec::new());
    };
    let environment = inputs.environment.clone();
    // The audit file can be large; reading it must not hold up the loop's thread.
    let read = tokio::task::spawn_blocking(move || crate::runbook::audit::read(&path));
    match read.await {
        Ok(Ok(records)) => Ok(runs::runs_in(&records, period, &environment)),
        Ok(Err(error)) => Err(format!("cannot read the audit trail: {error}")),
        Err(error) => Err(format!("reading the audit trail failed: {error}")),
    }
}

async fn alerts(inputs: &Inputs, period: WeekRange) -> AlertSummary {
    match &inputs.source {
        Source::Prometheus { client, .. } => match prometheus::fired_alerts(client, period).await {
            Ok(alerts) => AlertSummary::of(
                alerts,
                Some(
                    "from Prometheus's ALERTS series: only what its rules evaluated in the week"
                        .into(),
                ),
            ),
            Err(error) => AlertSummary::of(Vec::new(), Some(error)),
        },
        Source::Simulator(record) => AlertSummary::of(record.fired_alerts(period), None),
    }
}
