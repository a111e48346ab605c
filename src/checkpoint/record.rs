//! The simulator's record for the checkpoint: the fleet's state sampled at a fixed step (by
//! `Recorder`), keeping only the figures the criteria name (latency histograms as their
//! increases, to merge a period's) and the alerts that fired, and measuring criteria over any
//! period it covers.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};

use super::counters::{CounterColumn, counter_figure};
use crate::domain::checkpoint::fold::{divide, fold, ratio_of_rates};
use crate::domain::checkpoint::{Aggregation, Criterion, FiredAlert, Measurement, WeekRange};
use crate::domain::figure;
use crate::domain::{AlertState, FleetSnapshot, Health};
use crate::sources::simulator::Simulator;

/// Figures read from scaling events rather than the state: each event counts once, in the
/// sample where its time to scale became known.
const EVENT_SUFFIX: &str = ".time_to_scale_s";

#[derive(Debug, Clone)]
pub struct Record {
    times: Vec<DateTime<Utc>>,
    figures: Vec<Column>,
    /// Per set of services named by a counter figure (`service.*.errors_total`).
    counters: Vec<CounterColumn>,
    alerts: Vec<(DateTime<Utc>, Vec<FiredAlert>)>,
    /// Scaling events already counted (group, time), so each counts once.
    counted: BTreeSet<(String, DateTime<Utc>)>,
}

#[derive(Debug, Clone)]
struct Column {
    name: String,
    /// One per sample; NaN where the figure had no value.
    values: Vec<f64>,
    /// Why the figure cannot be read at all (a name the simulator does not know).
    error: Option<String>,
}

impl Record {
    /// An empty record of the figures `names`.
    pub fn new(names: &[String]) -> Self {
        let (mut figures, mut subjects) = (Vec::new(), BTreeSet::new());
        for name in names.iter().collect::<BTreeSet<_>>() {
            match counter_figure(name) {
                Some((subject, _)) => _ = subjects.insert(subject),
                None => figures.push(Column {
                    name: name.clone(),
                    values: Vec::new(),
                    error: None,
                }),
            }
        }
        Self {
            times: Vec::new(),
            figures,
            counters: subjects.into_iter().map(CounterColumn::new).collect(),
            alerts: Vec::new(),
            counted: BTreeSet::new(),
        }
    }

    /// Adds the fleet's state at `at`.
    pub fn push(&mut self, simulator: &Simulator, at: DateTime<Utc>) {
        let snapshot = simulator.snapshot();
        self.times.push(at);
        for column in &mut self.counters {
            column.push(simulator, &snapshot);
        }
        for column in &mut self.figures {
            let value = read(&snapshot, &column.name, &mut self.counted).unwrap_or_else(|error| {
                column.error.get_or_insert(error);
                None
            });
            column.values.push(value.unwrap_or(f64::NAN));
        }
        let firing = firing(&snapshot);
        if !firing.is_empty() {
            self.alerts.push((at, firing));
        }
    }

    /// Forgets samples before `from`, so a console left open for weeks holds a fixed window.
    pub fn trim_before(&mut self, from: DateTime<Utc>) {
        let drop = self.times.partition_point(|t| *t < from);
        self.times.drain(..drop);
        for column in &mut self.figures {
            column.values.drain(..drop.min(column.values.len()));
        }
        for column in &mut self.counters {
            column.drain_front(drop);
        }
        self.alerts.retain(|(at, _)| *at >= from);
        self.counted
            .retain(|(_, at)| *at >= from - Duration::days(1));
    }

    /// The first and last sample times.
    pub fn span(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        Some((*self.times.first()?, *self.times.last()?))
    }

    pub fn measure(&self, criterion: &Criterion, period: WeekRange) -> Measurement {
        let Some(name) = &criterion.figure else {
            return Measurement::unknown(
                "no figure for this criterion (it has only PromQL, which needs a Prometheus)",
            );
        };
        let Some((first, _)) = self.span() else {
            return Measurement::unknown("the simulator's record is empty");
        };
        if period.from + Duration::hours(1) < first {
            // Half a week must not pass for the whole of it.
            return Measurement::unknown(format!(
                "the simulator's record starts {}, after this period does",
                first.format("%Y-%m-%d %H:%M UTC")
            ));
        }
        let column = |name: &str| self.figures.iter().find(|c| c.name == name);
        let values = |name: &str| -> Result<Vec<f64>, String> {
            let column = column(name).ok_or_else(|| format!("figure {name:?} was not recorded"))?;
            if let Some(error) = &column.error {
                return Err(error.clone());
            }
            Ok(self.in_period(period, &column.values))
        };
        let counted = |name: &str, q: f64| self.counted_over(name, q, period);
        let value = match (criterion.aggregation, &criterion.denominator_figure) {
            // Counters: the ratio of the period's increases, as PromQL's `increase` gives it.
            (Aggregation::Ratio, Some(d)) if counter_figure(name).is_some() => counted(name, 0.0)
                .and_then(|n| Ok(n.zip(counted(d, 0.0)?).and_then(|(n, d)| divide(n, d)))),
            (Aggregation::Ratio, Some(denominator)) => {
                values(name).and_then(|n| values(denominator).map(|d| ratio_of_rates(&n, &d)))
            }
            (Aggregation::HistogramQuantile(q), _) => counted(name, q),
            (aggregation, _) => values(name).map(|v| fold(aggregation, &v)),
        };
        match value {
            Ok(None) if name.ends_with(EVENT_SUFFIX) => {
                Measurement::unknown("no scale-out completed in the period: nothing to time")
            }
            Ok(value) => Measurement::value(value.map(|v| v * criterion.scale)),
            Err(error) => Measurement::unknown(error),
        }
    }

    pub fn fired_alerts(&self, period: WeekRange) -> Vec<FiredAlert> {
        self.alerts
            .iter()
            .filter(|(at, _)| period.from <= *at && *at < period.to)
            .flat_map(|(_, alerts)| alerts.iter().cloned())
            .collect()
    }

    /// A counter figure over the period: its increase, or for the histogram its `q` quantile.
    fn counted_over(&self, name: &str, q: f64, period: WeekRange) -> Result<Option<f64>, String> {
        let (subject, field) =
            counter_figure(name).ok_or_else(|| format!("{name:?} is not a request counter"))?;
        let column = self
            .counters
            .iter()
            .find(|c| c.subject == subject)
            .ok_or_else(|| format!("{name:?} was not recorded"))?;
        let inside = |i: usize| {
            self.times
                .get(i)
                .is_some_and(|at| period.from < *at && *at <= period.to)
        };
        Ok(column.over(field, q, inside))
    }

    fn in_period(&self, period: WeekRange, values: &[f64]) -> Vec<f64> {
        self.times
            .iter()
            .zip(values)
            .filter(|(at, _)| period.from < **at && **at <= period.to)
            .map(|(_, v)| *v)
            .collect()
    }
}

/// A figure at one sample: event figures give a value only when a new event completed.
fn read(
    snapshot: &FleetSnapshot,
    name: &str,
    counted: &mut BTreeSet<(String, DateTime<Utc>)>,
) -> Result<Option<f64>, String> {
    let Some(group) = name
        .strip_prefix("group.")
        .and_then(|rest| rest.strip_suffix(EVENT_SUFFIX))
    else {
        return figure::read(snapshot, name);
    };
    let events = snapshot.scaling.as_ref().map_or(&[][..], |s| &s.events[..]);
    #[allow(clippy::cast_precision_loss)]
    let newest = events
        .iter()
        .filter(|e| e.group == group && e.to > e.from)
        .filter_map(|e| Some((e, e.time_to_scale?)))
        .filter(|(e, _)| counted.insert((e.group.clone(), e.at)))
        .map(|(_, tts)| tts.num_milliseconds() as f64 / 1000.0)
        .reduce(f64::max);
    Ok(newest)
}

fn firing(snapshot: &FleetSnapshot) -> Vec<FiredAlert> {
    snapshot
        .alerts
        .iter()
        .filter(|a| a.state == AlertState::Firing)
        .map(|a| FiredAlert {
            name: a.name.clone(),
            severity: a
                .labels
                .iter()
                .find(|(k, _)| k == "severity")
                .map_or_else(|| severity(a.severity).into(), |(_, v)| v.clone()),
        })
        .collect()
}

fn severity(health: Health) -> &'static str {
    match health {
        Health::Critical => "critical",
        Health::Warning => "warning",
        Health::Ok | Health::Unknown => "info",
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::sources::simulator::SimulatorConfig;

    #[test]
    fn service_sets_add_up_and_a_missing_member_has_no_value() {
        let at = Utc
            .with_ymd_and_hms(2026, 12, 2, 14, 0, 0)
            .single()
            .expect("time");
        let snapshot = Simulator::new(SimulatorConfig::new(42, at)).snapshot();
        let read = |name: &str| figure::read(&snapshot, name);
        let one = |name: &str| read(&format!("service.{name}.rps")).ok().flatten();
        let names = [
            "api", "web", "auth", "catalog", "search", "orders", "checkout", "payments",
        ];
        let every: f64 = names.iter().filter_map(|n| one(n)).sum();
        assert!(every > 0.0);
        assert_eq!(one("*"), Some(every));
        let pair = one("api|checkout").expect("both are there");
        assert!(
            (pair - one("api").unwrap_or_default() - one("checkout").unwrap_or_default()).abs()
                < 1e-9
        );
        assert_eq!(one("api|ledger"), None, "part of a set is not the set");
        assert!(
            read("service.*.p99_ms").is_err(),
            "percentiles do not add up"
        );
        assert!(
            read("service.*.latency_seconds").is_err(),
            "a histogram, not a figure"
        );
    }
}
