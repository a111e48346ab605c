//! Scaling events and their timings, as the plans define them: the **trigger delay** (threshold
//! first breached → scaling activity starts; phase 8 plan: within 30 s) and the **provisioning
//! time** (activity starts → new capacity in service; OF-8.7: within 2 minutes). Automatic and
//! manual scale-outs are summarised apart, and scale-ins have their own timings.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::checkpoint::criterion::{Aggregation, Comparator, trim_number};
use super::checkpoint::fold::fold;

pub const TRIGGER_DELAY: &str = "trigger delay: threshold first breached → activity starts";
pub const PROVISIONING_TIME: &str = "provisioning time: activity starts → new capacity in service";
pub const REMOVAL_TIME: &str = "removal time: activity starts → capacity removed";

/// Who decided the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Cause {
    /// The group's own policy (or the alarm and policy that fired it, or an HPA).
    Automatic { policy: String },
    /// An operator or a runbook set the capacity.
    Manual,
    /// The console saw the change but not who made it.
    Unknown,
}

/// Where an event's trigger time comes from, since not every source sees the breach itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TriggerBasis {
    /// The metric first crossed the policy's threshold.
    Breach,
    /// The CloudWatch alarm went to ALARM: its evaluation periods after the breach are not
    /// read, so a delay measured from it is a lower bound.
    Alarm,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Trigger {
    pub at: DateTime<Utc>,
    pub basis: TriggerBasis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    Out,
    In,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScalingEvent {
    pub group: String,
    /// When the scaling activity started (the desired capacity changed).
    pub at: DateTime<Utc>,
    pub from: u32,
    pub to: u32,
    pub reason: String,
    pub cause: Cause,
    /// When the condition behind an automatic event began; `None` where unknown or manual.
    pub trigger: Option<Trigger>,
    /// When the change was complete (new capacity in service, or removed); `None` while
    /// pending, or when it failed.
    pub done: Option<DateTime<Utc>>,
}

impl ScalingEvent {
    pub fn direction(&self) -> Direction {
        if self.to > self.from {
            Direction::Out
        } else {
            Direction::In
        }
    }

    pub fn automatic(&self) -> bool {
        matches!(self.cause, Cause::Automatic { .. })
    }

    /// [`TRIGGER_DELAY`].
    pub fn trigger_delay(&self) -> Option<Duration> {
        Some(self.at - self.trigger?.at)
    }

    /// [`PROVISIONING_TIME`], for scale-outs.
    pub fn provisioning_time(&self) -> Option<Duration> {
        (self.direction() == Direction::Out).then_some(self.done? - self.at)
    }

    /// The source said the activity failed: it will never complete.
    pub fn failed(&self) -> bool {
        self.done.is_none() && self.reason.starts_with("failed")
    }

    /// [`REMOVAL_TIME`], for scale-ins.
    pub fn removal_time(&self) -> Option<Duration> {
        (self.direction() == Direction::In).then_some(self.done? - self.at)
    }
}

/// Why a trigger-delay target is out of reach of a policy that acts only after `evaluation`
/// above its threshold: every automatic event's trigger delay is at least that.
pub fn unreachable_trigger_delay(
    evaluation: Duration,
    comparator: Comparator,
    target: f64,
) -> Option<String> {
    (!comparator.holds(seconds(evaluation), target)).then(|| {
        format!(
            "out of reach of the policy: it acts after {} s above its threshold (its \
             evaluation period), so no trigger delay is {} {} s",
            trim_number(seconds(evaluation)),
            comparator.symbol(),
            trim_number(target)
        )
    })
}

/// p50 and p95 of some durations (interpolated between closest ranks, the checkpoint's rule).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Percentiles {
    #[serde(serialize_with = "super::series::seconds::serialize")]
    pub p50: Duration,
    #[serde(serialize_with = "super::series::seconds::serialize")]
    pub p95: Duration,
    pub samples: usize,
}

impl Percentiles {
    /// `None` without any duration.
    pub fn of(durations: impl IntoIterator<Item = Duration>) -> Option<Self> {
        let seconds: Vec<f64> = durations.into_iter().map(seconds).collect();
        let at = |q: f64| fold(Aggregation::Quantile(q), &seconds).map(from_seconds);
        Some(Self {
            p50: at(0.5)?,
            p95: at(0.95)?,
            samples: seconds.len(),
        })
    }
}

#[allow(clippy::cast_precision_loss)]
pub fn seconds(d: Duration) -> f64 {
    d.num_milliseconds() as f64 / 1000.0
}

#[allow(clippy::cast_possible_truncation)]
fn from_seconds(s: f64) -> Duration {
    Duration::milliseconds((s * 1000.0).round() as i64)
}

/// The two timings of one kind of event.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Timings {
    /// Events of this kind, finished or not.
    pub events: usize,
    pub trigger_delay: Option<Percentiles>,
    /// Provisioning time for scale-outs, removal time for scale-ins.
    pub completion: Option<Percentiles>,
}

impl Timings {
    fn of<'a>(
        events: impl Iterator<Item = &'a ScalingEvent> + Clone,
        completion: fn(&ScalingEvent) -> Option<Duration>,
    ) -> Self {
        Self {
            events: events.clone().count(),
            trigger_delay: Percentiles::of(events.clone().filter_map(ScalingEvent::trigger_delay)),
            completion: Percentiles::of(events.filter_map(completion)),
        }
    }
}

/// Timings over the events a source knows of, kept apart by kind.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ScalingTimings {
    /// Scale-outs the groups' policies made: what the plans' targets are about.
    pub automatic: Timings,
    /// Scale-outs by hand or by runbook (no trigger delay).
    pub manual: Timings,
    /// Scale-outs the console saw without knowing who made them.
    pub unattributed: Timings,
    pub scale_in: Timings,
    /// What the events come from, shown beside the figures (e.g. "simulated events").
    pub basis: String,
    /// The oldest event's start: the window the timings cover ends now.
    pub since: Option<DateTime<Utc>>,
}

impl ScalingTimings {
    pub fn of(events: &[ScalingEvent], basis: &str) -> Self {
        let out = |e: &&ScalingEvent| e.direction() == Direction::Out;
        let scale_outs = |cause: fn(&Cause) -> bool| {
            Timings::of(
                events.iter().filter(out).filter(move |e| cause(&e.cause)),
                ScalingEvent::provisioning_time,
            )
        };
        Self {
            automatic: scale_outs(|c| matches!(c, Cause::Automatic { .. })),
            manual: scale_outs(|c| *c == Cause::Manual),
            unattributed: scale_outs(|c| *c == Cause::Unknown),
            scale_in: Timings::of(
                events.iter().filter(|e| !out(e)),
                ScalingEvent::removal_time,
            ),
            basis: basis.into(),
            since: events.iter().map(|e| e.at).min(),
        }
    }
}

#[cfg(test)]
mod tests;
