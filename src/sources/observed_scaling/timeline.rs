//! The events and timings of the view: the cloud's own scaling activities (Auto Scaling's;
//! Container Apps has none) and the transitions the console observed, each change counted once.

use super::journal::Transition;
use crate::domain::{Cause, ScalingEvent, ScalingTimings};

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

/// A transition as an event: who decided is not known, and its start is the last poll before
/// the change (so its provisioning time is an upper bound, at the poll's resolution).
fn event(transition: &Transition) -> ScalingEvent {
    ScalingEvent {
        group: transition.group.clone(),
        at: transition.decided,
        from: transition.from,
        to: transition.to,
        reason: "observed by the console".into(),
        cause: Cause::Unknown,
        trigger: None,
        done: Some(transition.done),
    }
}

/// Merges `activities`, the recorded `transitions` of the kept groups and the `pending` ones;
/// the timings cover all of them, the list only the newest.
pub fn merge(
    activities: Vec<ScalingEvent>,
    transitions: &[Transition],
    pending: Vec<ScalingEvent>,
) -> (Vec<ScalingEvent>, ScalingTimings) {
    let observed: Vec<ScalingEvent> = transitions
        .iter()
        .filter(|t| !told(t, &activities))
        .map(event)
        .collect();
    let basis = match (activities.is_empty(), observed.is_empty()) {
        (false, false) => "activities + observed",
        (false, true) => "scaling activities",
        _ => "observed by the console",
    };
    let mut events: Vec<ScalingEvent> = activities.into_iter().chain(observed).collect();
    let timings = ScalingTimings::of(&events, basis);
    events.extend(pending);
    events.sort_by_key(|e| std::cmp::Reverse(e.at));
    events.truncate(MAX_EVENTS);
    (events, timings)
}
