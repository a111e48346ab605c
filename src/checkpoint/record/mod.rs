//! The simulator's record for the checkpoint: the fleet's state sampled at a fixed step (by
//! `Recorder`), keeping only the figures the criteria name (latency histograms as their
//! increases, to merge a period's) and the alerts that fired, and measuring criteria over any
//! period it covers (`measure`).

mod measure;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};

use super::counters::{CounterColumn, counter_figure};
use crate::domain::checkpoint::{FiredAlert, WeekRange};
use crate::domain::figure;
use crate::domain::scaling_event::{Direction, seconds};
use crate::domain::{AlertState, FleetSnapshot, Health, Policy, ScalingEvent};

type Timing = fn(&ScalingEvent) -> Option<Duration>;

const TRIGGER_DELAY_FIGURE: &str = ".trigger_delay_s";

/// Figures read from the automatic scale-outs rather than the state: one value per event, in
/// the period its activity started in.
const TIMINGS: [(&str, Timing); 2] = [
    (TRIGGER_DELAY_FIGURE, ScalingEvent::trigger_delay),
    (".provisioning_s", ScalingEvent::provisioning_time),
];

#[derive(Debug, Clone)]
pub struct Record {
    times: Vec<DateTime<Utc>>,
    figures: Vec<Column>,
    /// Per set of services named by a counter figure (`service.*.errors_total`).
    counters: Vec<CounterColumn>,
    alerts: Vec<(DateTime<Utc>, Vec<FiredAlert>)>,
    /// Per event figure: each scale-out's value by its start, so each counts once.
    timings: BTreeMap<String, BTreeMap<DateTime<Utc>, f64>>,
    /// Per group: its policy's evaluation period, the least trigger delay it allows.
    evaluation: BTreeMap<String, Duration>,
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
        let (mut figures, mut subjects, mut timings) =
            (Vec::new(), BTreeSet::new(), BTreeMap::new());
        for name in names.iter().collect::<BTreeSet<_>>() {
            if let Some((subject, _)) = counter_figure(name) {
                subjects.insert(subject);
            } else if timing(name).is_some() {
                timings.insert(name.clone(), BTreeMap::new());
            } else {
                figures.push(Column {
                    name: name.clone(),
                    values: Vec::new(),
                    error: None,
                });
            }
        }
        Self {
            times: Vec::new(),
            figures,
            counters: subjects.into_iter().map(CounterColumn::new).collect(),
            alerts: Vec::new(),
            timings,
            evaluation: BTreeMap::new(),
        }
    }

    /// Adds the fleet's state at `at`.
    pub fn push(&mut self, snapshot: &FleetSnapshot, at: DateTime<Utc>) {
        self.times.push(at);
        for column in &mut self.counters {
            column.push(snapshot);
        }
        for column in &mut self.figures {
            let value = figure::read(snapshot, &column.name).unwrap_or_else(|error| {
                column.error.get_or_insert(error);
                None
            });
            column.values.push(value.unwrap_or(f64::NAN));
        }
        let scaling = snapshot.scaling.as_ref();
        for (name, values) in &mut self.timings {
            let Some((group, read)) = timing(name) else {
                continue;
            };
            let events = scaling.map_or(&[][..], |s| &s.events[..]);
            for event in events
                .iter()
                .filter(|e| e.group == group && e.automatic() && e.direction() == Direction::Out)
            {
                if let Some(value) = read(event) {
                    values.entry(event.at).or_insert(seconds(value));
                }
            }
        }
        for group in scaling.map_or(&[][..], |s| &s.groups[..]) {
            if let Policy::Step(policy) = &group.policy {
                self.evaluation
                    .insert(group.name.clone(), policy.scale_out_after);
            }
        }
        self.push_alerts(snapshot, at);
    }

    /// Adds the alerts firing in `snapshot` only: between samples, so that a short one counts.
    pub fn push_alerts(&mut self, snapshot: &FleetSnapshot, at: DateTime<Utc>) {
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
        for column in &mut self.counters {
            column.drain_front(drop);
        }
        self.alerts.retain(|(at, _)| *at >= from);
        for values in self.timings.values_mut() {
            values.retain(|at, _| *at >= from);
        }
    }

    /// The samples after this come from another fleet (the console's, after a longer replay's):
    /// its counters are not these, so their first sample restarts the counting.
    pub fn rebase_counters(&mut self) {
        for column in &mut self.counters {
            column.rebase();
        }
    }

    /// Adds the samples of `later` taken after this record's last one: the fleet the console
    /// shows, after the replay of the weeks before it. Its scaling events from before its first
    /// sample belong to that fleet's own past, not this record's, and are left out.
    pub fn append(&mut self, later: Record) {
        let last = self.times.last().copied();
        let skip = later
            .times
            .partition_point(|t| last.is_some_and(|l| *t <= l));
        let added = later.times.len() - skip;
        for column in &mut self.figures {
            match later.figures.iter().find(|c| c.name == column.name) {
                Some(theirs) => {
                    column.values.extend(theirs.values.iter().skip(skip));
                    column.error = column.error.take().or_else(|| theirs.error.clone());
                }
                None => column.values.extend(std::iter::repeat_n(f64::NAN, added)),
            }
        }
        for column in &mut self.counters {
            if let Some(theirs) = later.counters.iter().find(|c| c.subject == column.subject) {
                column.append(theirs, skip);
            } else {
                column.append_unknown(added);
            }
        }
        let from = later.times.get(skip).copied();
        self.times.extend(later.times.into_iter().skip(skip));
        let kept = |at: &DateTime<Utc>| from.is_some_and(|from| *at >= from);
        self.alerts
            .extend(later.alerts.into_iter().filter(|(at, _)| kept(at)));
        for (name, values) in later.timings {
            let mine = self.timings.entry(name).or_default();
            for (at, value) in values.into_iter().filter(|(at, _)| kept(at)) {
                mine.entry(at).or_insert(value);
            }
        }
        self.evaluation.extend(later.evaluation);
    }

    /// The first and last sample times.
    pub fn span(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        Some((*self.times.first()?, *self.times.last()?))
    }

    pub fn fired_alerts(&self, period: WeekRange) -> Vec<FiredAlert> {
        self.alerts
            .iter()
            .filter(|(at, _)| period.from <= *at && *at < period.to)
            .flat_map(|(_, alerts)| alerts.iter().cloned())
            .collect()
    }
}

/// The group and the timing of an event figure (`group.web.trigger_delay_s`).
fn timing(name: &str) -> Option<(&str, Timing)> {
    let rest = name.strip_prefix("group.")?;
    TIMINGS
        .iter()
        .find_map(|(suffix, read)| Some((rest.strip_suffix(suffix)?, *read)))
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
mod tests;
