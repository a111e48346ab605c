//! What the console sees between its own polls: desired capacity changing and the group
//! reaching it (a transition), and the in-service count over time. Neither Auto Scaling
//! (without group metrics) nor Container Apps keeps a history of the count, so the console
//! keeps its own.

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, Duration, Utc};

use super::journal::Transition;
use super::series;
use crate::domain::{Cause, ScalingEvent, Series};

/// In-service samples kept per group (three hours at a 30 s interval).
const MAX_SAMPLES: usize = 360;

/// A group's sizes as one poll read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    pub desired: u32,
    pub in_service: u32,
}

/// A change of desired capacity that the group has not reached yet.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Open {
    from: u32,
    to: u32,
    decided: DateTime<Utc>,
}

#[derive(Debug, Default)]
pub struct Tracker {
    last_poll: Option<DateTime<Utc>>,
    desired: HashMap<String, u32>,
    open: HashMap<String, Open>,
    samples: HashMap<String, VecDeque<(DateTime<Utc>, f64)>>,
}

impl Tracker {
    /// Takes one poll's sizes and returns the transitions it completed. A transition starts at
    /// the previous poll (the last one that saw the old desired capacity) and ends at the first
    /// poll that sees it reached: an upper bound, at the resolution of the poll interval.
    pub fn observe(&mut self, now: DateTime<Utc>, groups: &[(String, Sizes)]) -> Vec<Transition> {
        let previous = self.last_poll.replace(now);
        let mut completed = Vec::new();
        for (name, sizes) in groups {
            if let (Some(decided), Some(&was)) = (previous, self.desired.get(name))
                && was != sizes.desired
            {
                // A new decision supersedes one still in progress.
                let open = Open {
                    from: was,
                    to: sizes.desired,
                    decided,
                };
                self.open.insert(name.clone(), open);
            }
            if let Some(open) = self.open.get(name)
                && sizes.in_service == open.to
            {
                completed.push(Transition {
                    group: name.clone(),
                    from: open.from,
                    to: open.to,
                    decided: open.decided,
                    done: now,
                });
                self.open.remove(name);
            }
            self.desired.insert(name.clone(), sizes.desired);
            let samples = self.samples.entry(name.clone()).or_default();
            samples.push_back((now, f64::from(sizes.in_service)));
            if samples.len() > MAX_SAMPLES {
                samples.pop_front();
            }
        }
        // Groups gone from the account (or the filter) are forgotten.
        let present = |name: &String| groups.iter().any(|(g, _)| g == name);
        self.desired.retain(|name, _| present(name));
        self.open.retain(|name, _| present(name));
        self.samples.retain(|name, _| present(name));
        completed
    }

    /// Transitions still in progress, as events not done.
    pub fn pending(&self) -> Vec<ScalingEvent> {
        self.open
            .iter()
            .map(|(group, open)| ScalingEvent {
                group: group.clone(),
                at: open.decided,
                from: open.from,
                to: open.to,
                reason: "observed by the console: desired capacity changed".into(),
                cause: Cause::Unknown,
                trigger: None,
                done: None,
            })
            .collect()
    }

    /// The in-service counts this tracker saw for `group`, one slot per `step`.
    pub fn instances(&self, group: &str, step: Duration) -> Option<Series> {
        let samples = self.samples.get(group)?;
        series(samples.iter().copied(), step)
    }
}
