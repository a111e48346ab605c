//! Scaling as the console itself observes it, for any cloud whose groups it polls (AWS Auto
//! Scaling groups, Azure container apps): the count in service over time, changes of the
//! desired count and when the group reached them, recorded in the state directory so that time
//! to scale survives restarts, merged with whatever activities the cloud reports.

pub mod journal;
pub mod timeline;
pub mod tracker;

#[cfg(test)]
mod tests;

use std::path::Path;

use chrono::{DateTime, Duration, Utc};

use crate::domain::{ScalingEvent, ScalingTimings, Series, Trend};
use journal::{Journal, Transition};
use tracker::{Sizes, Tracker};

/// The tracker of one source's polls and the journal they are recorded in.
#[derive(Debug)]
pub struct Observer {
    tracker: Tracker,
    journal: Journal,
}

impl Observer {
    /// Loads the transitions recorded in `state_dir/file_name`; a missing file is no history,
    /// a corrupt line is skipped with a warning.
    pub fn new(state_dir: &Path, file_name: &str) -> Self {
        Self {
            tracker: Tracker::default(),
            journal: Journal::load(state_dir, file_name),
        }
    }

    /// Transitions recorded so far (loaded and observed), oldest first.
    pub fn transitions(&self) -> &[Transition] {
        self.journal.records()
    }

    /// Takes one poll's sizes; the transitions it completes are recorded.
    pub fn observe(&mut self, now: DateTime<Utc>, sizes: &[(String, Sizes)]) {
        let completed = self.tracker.observe(now, sizes);
        self.journal.append(&completed);
    }

    /// In service over time: `measured` where the cloud keeps it, else as observed, one slot per
    /// `step` (an empty series before the first poll of the group).
    pub fn trend(&self, group: &str, step: Duration, measured: Option<Series>) -> Trend {
        let fine = measured
            .or_else(|| self.tracker.instances(group, step))
            .unwrap_or_else(|| Series::empty(step));
        Trend {
            coarse: Series::empty(fine.step),
            fine,
        }
    }

    /// The cloud's `activities`, the recorded transitions of the groups `kept` and the ones
    /// still in progress, as the view's events (newest first) and timings.
    pub fn timeline(
        &self,
        activities: Vec<ScalingEvent>,
        kept: impl Fn(&str) -> bool,
    ) -> (Vec<ScalingEvent>, ScalingTimings) {
        let recorded: Vec<Transition> = self
            .journal
            .records()
            .iter()
            .filter(|t| kept(&t.group))
            .cloned()
            .collect();
        timeline::merge(activities, &recorded, self.tracker.pending())
    }
}

/// The slot of an observed series: the poll interval, at least a second.
pub fn step(interval: std::time::Duration) -> Duration {
    Duration::from_std(interval)
        .unwrap_or(Duration::seconds(30))
        .max(Duration::seconds(1))
}

/// Each point goes to the slot nearest its time, counted from the oldest point; a later point
/// in the same slot wins. `None` without points.
pub fn series(
    points: impl IntoIterator<Item = (DateTime<Utc>, f64)>,
    step: Duration,
) -> Option<Series> {
    let mut points: Vec<_> = points.into_iter().collect();
    points.sort_by_key(|(at, _)| *at);
    let start = points.first()?.0;
    let step_ms = step.num_milliseconds().max(1);
    let slot = |at: DateTime<Utc>| {
        let offset = (at - start).num_milliseconds();
        usize::try_from((offset + step_ms / 2) / step_ms).unwrap_or(0)
    };
    let last = slot(points.last()?.0);
    let mut values = vec![f64::NAN; last + 1];
    for (at, value) in points {
        values[slot(at)] = value;
    }
    let end = start + step * i32::try_from(last).unwrap_or(i32::MAX);
    Some(Series::new(end, step, values))
}
