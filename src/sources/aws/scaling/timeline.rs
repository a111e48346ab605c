//! The events and time to scale of the view: Auto Scaling's activities and the transitions the
//! console observed, each scale-out counted once.

use chrono::Duration;

use super::journal::Transition;
use crate::domain::{ScalingEvent, TimeToScale};

/// Events shown, newest first.
pub const MAX_EVENTS: usize = 50;

/// A transition that an activity already tells of: same group and change, decided within the
/// transition's window.
fn told(transition: &Transition, activities: &[ScalingEvent]) -> bool {
    activities.iter().any(|a| {
        a.group == transition.group
            && a.from == transition.from
            && a.to == transition.to
            && (transition.decided..=transition.done).contains(&a.at)
    })
}

fn event(transition: &Transition) -> ScalingEvent {
    ScalingEvent {
        group: transition.group.clone(),
        at: transition.decided,
        from: transition.from,
        to: transition.to,
        reason: "observed by the console".into(),
        time_to_scale: Some(transition.duration()),
    }
}

/// Merges `activities`, the recorded `transitions` of the kept groups and the `pending` ones.
pub fn merge(
    activities: Vec<ScalingEvent>,
    transitions: &[Transition],
    pending: Vec<ScalingEvent>,
) -> (Vec<ScalingEvent>, Option<TimeToScale>) {
    let observed: Vec<&Transition> = transitions
        .iter()
        .filter(|t| !told(t, &activities))
        .collect();
    let from_activities: Vec<Duration> = activities
        .iter()
        .filter(|e| e.to > e.from)
        .filter_map(|e| e.time_to_scale)
        .collect();
    let from_observed: Vec<Duration> = observed
        .iter()
        .filter(|t| t.to > t.from)
        .map(|t| t.duration())
        .collect();
    let basis = match (from_activities.is_empty(), from_observed.is_empty()) {
        (false, false) => "activities + observed",
        (false, true) => "scaling activities",
        _ => "observed by the console",
    };
    let time_to_scale = TimeToScale::of([from_activities, from_observed].concat(), basis);
    let mut events: Vec<ScalingEvent> = activities
        .into_iter()
        .chain(observed.into_iter().map(event))
        .chain(pending)
        .collect();
    events.sort_by_key(|e| std::cmp::Reverse(e.at));
    events.truncate(MAX_EVENTS);
    (events, time_to_scale)
}
