//! The simulator's record for the checkpoint: the fleet's state sampled at a fixed step (by
//! `Recorder`), keeping only the figures the criteria name and the alerts that fired, and
//! measuring criteria over any period it covers.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};

use crate::domain::checkpoint::fold::{fold, ratio_of_rates};
use crate::domain::checkpoint::{Aggregation, Criterion, FiredAlert, Measurement, WeekRange};
use crate::domain::figure;
use crate::domain::{AlertState, FleetSnapshot, Health};

/// Figures read from scaling events rather than the state: each event counts once, in the
/// sample where its time to scale became known.
const EVENT_SUFFIX: &str = ".time_to_scale_s";

#[derive(Debug, Clone)]
pub struct Record {
    times: Vec<DateTime<Utc>>,
    figures: Vec<Column>,
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
        Self {
            times: Vec::new(),
            figures: names
                .iter()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .map(|name| Column {
                    name: name.clone(),
                    values: Vec::new(),
                    error: None,
                })
                .collect(),
            alerts: Vec::new(),
            counted: BTreeSet::new(),
        }
    }

    /// Adds the fleet's state at `at`.
    pub fn push(&mut self, snapshot: &FleetSnapshot, at: DateTime<Utc>) {
        self.times.push(at);
        for column in &mut self.figures {
            let value = read(snapshot, &column.name, &mut self.counted).unwrap_or_else(|error| {
                column.error.get_or_insert(error);
                None
            });
            column.values.push(value.unwrap_or(f64::NAN));
        }
        let firing = firing(snapshot);
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
        let value = match (criterion.aggregation, &criterion.denominator_figure) {
            (Aggregation::Ratio, Some(denominator)) => {
                values(name).and_then(|n| values(denominator).map(|d| ratio_of_rates(&n, &d)))
            }
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
