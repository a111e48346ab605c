//! The simulator's record for the checkpoint: the fleet replayed over weeks and sampled at a
//! fixed step, keeping only the figures the criteria name and the alerts that fired. Past weeks
//! of the demo come from this, so they are as deterministic as the simulator (seed and start).

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};

use crate::domain::checkpoint::fold::{fold, ratio_of_rates};
use crate::domain::checkpoint::{Aggregation, Criterion, FiredAlert, Measurement, WeekRange};
use crate::domain::runbook::figure;
use crate::domain::{AlertState, FleetSnapshot, Health};
use crate::sources::simulator::{SampleEvery, Simulator, SimulatorConfig};

/// Figures read from scaling events rather than the state: each event counts once, in the
/// sample where its time to scale became known.
const EVENT_SUFFIX: &str = ".time_to_scale_s";

#[derive(Debug, Clone)]
pub struct Record {
    times: Vec<DateTime<Utc>>,
    figures: Vec<Column>,
    alerts: Vec<(DateTime<Utc>, Vec<FiredAlert>)>,
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
    /// Replays `config` and samples every `every` the figures `names`.
    pub fn build(config: SimulatorConfig, every: SampleEvery, names: &[String]) -> Self {
        let mut figures: Vec<Column> = names
            .iter()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .map(|name| Column {
                name: name.clone(),
                values: Vec::new(),
                error: None,
            })
            .collect();
        let mut times = Vec::new();
        let mut alerts = Vec::new();
        let mut counted = BTreeSet::new();
        Simulator::replay(config, every, |simulator, at| {
            let snapshot = simulator.snapshot();
            times.push(at);
            for column in &mut figures {
                let value = read(&snapshot, &column.name, &mut counted).unwrap_or_else(|error| {
                    column.error.get_or_insert(error);
                    None
                });
                column.values.push(value.unwrap_or(f64::NAN));
            }
            let firing = firing(&snapshot);
            if !firing.is_empty() {
                alerts.push((at, firing));
            }
        });
        Self {
            times,
            figures,
            alerts,
        }
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
        if period.to <= first {
            return Measurement::unknown(format!(
                "before the simulator's record (it starts {})",
                first.format("%Y-%m-%d")
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

/// The demo's record: `weeks` whole weeks (from a UTC Monday) before the running one, up to
/// `now`, with the figures the criteria name. Seconds of CPU: call it off the loop's thread.
pub fn for_demo(
    seed: u64,
    now: DateTime<Utc>,
    weeks: u32,
    settings: &super::CheckpointSettings,
) -> Result<Record, String> {
    let every = SampleEvery::new(settings.step)?;
    let figures: Vec<String> = settings
        .criteria
        .iter()
        .flat_map(|c| [c.figure.clone(), c.denominator_figure.clone()])
        .flatten()
        .collect();
    Ok(Record::build(
        demo_config(seed, now, weeks),
        every,
        &figures,
    ))
}

fn demo_config(seed: u64, now: DateTime<Utc>, weeks: u32) -> SimulatorConfig {
    let today = now.date_naive();
    let monday = today
        - Duration::days(i64::from(
            chrono::Datelike::weekday(&today).num_days_from_monday(),
        ))
        - Duration::weeks(i64::from(weeks));
    let anchor = monday.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    SimulatorConfig {
        history: now - anchor,
        ..SimulatorConfig::new(seed, now)
    }
}
