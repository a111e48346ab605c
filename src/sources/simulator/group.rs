//! An auto scaling group: desired capacity, instances launching and in service, and the
//! step-scaling policy of the phase plan acting on CPU (and memory).

use std::collections::{BTreeSet, VecDeque};

use super::roster::Roster;
use super::trend::TrendBuffer;

use chrono::{DateTime, Duration, Utc};

use crate::domain::{Cause, ScalingEvent, ScalingPolicy, Trigger, TriggerBasis};

/// New instances boot and pass health checks before they take traffic.
pub const LAUNCH_TIME: Duration = Duration::seconds(75);
/// Step scaling: instances added per scale-out, removed per scale-in.
const SCALE_OUT_STEP: u32 = 2;
const SCALE_IN_STEP: u32 = 1;
const EVENTS_KEPT: usize = 50;
/// The process that ends a hold by itself.
pub const SCHEDULED: &str = "ScheduledActions";

/// CPU of a group at utilisation `u` (1.0 = every instance in service at 100 %).
pub fn cpu_percent(u: f64) -> f64 {
    (u * 100.0).min(100.0)
}

/// Memory follows load from a resident base.
pub fn memory_percent(u: f64) -> f64 {
    (35.0 + 42.0 * u).clamp(0.0, 100.0)
}

pub fn phase_policy() -> ScalingPolicy {
    ScalingPolicy {
        scale_out_cpu_percent: 75.0,
        scale_out_memory_percent: 80.0,
        scale_out_after: Duration::minutes(2),
        scale_in_cpu_percent: 50.0,
        scale_in_after: Duration::minutes(5),
        cooldown: Duration::minutes(3),
    }
}

/// An operator's hold: the minimum stays raised until `until`, then `restore` is put back by
/// the model itself, as AWS's scheduled action does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hold {
    pub until: DateTime<Utc>,
    pub restore: u32,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub name: String,
    pub instance_type: String,
    pub hourly_price: f64,
    /// The cost ledger's line for this group.
    pub cost_line: String,
    pub min: u32,
    pub max: u32,
    pub desired: u32,
    /// Its instances, one by one: in service, launching, terminating.
    pub roster: Roster,
    pub policy: Option<ScalingPolicy>,
    high_since: Option<DateTime<Utc>>,
    low_since: Option<DateTime<Utc>>,
    last_scaled: Option<DateTime<Utc>>,
    /// Newest first; a scale-out is done when its instances are in service.
    pub events: VecDeque<ScalingEvent>,
    /// Suspended Auto Scaling processes: `Launch` holds new instances back, and
    /// `AlarmNotification` stops the policy, as on AWS.
    pub suspended: BTreeSet<String>,
    pub hold: Option<Hold>,
    /// One point a minute while recording: CPU %, memory % and instances in service.
    pub history: [TrendBuffer; 3],
}

impl Group {
    pub fn new(
        name: &str,
        instance_type: &str,
        hourly_price: f64,
        (min, desired, max): (u32, u32, u32),
        policy: Option<ScalingPolicy>,
        (seed, now): (u64, DateTime<Utc>),
    ) -> Self {
        Self {
            name: name.into(),
            instance_type: instance_type.into(),
            hourly_price,
            cost_line: format!("EC2 {name} ({instance_type})"),
            min,
            max,
            desired,
            roster: Roster::new(seed, name, desired, now),
            policy,
            high_since: None,
            low_since: None,
            last_scaled: None,
            events: VecDeque::new(),
            suspended: BTreeSet::new(),
            hold: None,
            history: Default::default(),
        }
    }

    pub fn in_service(&self) -> u32 {
        self.roster.in_service()
    }

    /// Closes a recorded minute at utilisation `u`: the figures the detail view charts.
    pub fn record(&mut self, now: DateTime<Utc>, u: f64) {
        let in_service = f64::from(self.in_service());
        let [cpu, memory, instances] = &mut self.history;
        cpu.push(now, cpu_percent(u));
        memory.push(now, memory_percent(u));
        instances.push(now, in_service);
    }

    /// Time before the policy may act again: zero when it may, `None` without a policy.
    pub fn cooldown_remaining(&self, now: DateTime<Utc>) -> Option<Duration> {
        let cooldown = self.policy.as_ref()?.cooldown;
        Some(
            self.last_scaled
                .map_or(Duration::zero(), |at| at + cooldown - now)
                .max(Duration::zero()),
        )
    }

    /// Brings launched instances into service and applies the policy to utilisation `u`.
    pub fn step(&mut self, now: DateTime<Utc>, u: f64) {
        let (cpu_percent, memory_percent) = (cpu_percent(u), memory_percent(u));
        // As on AWS, the scheduled restore waits while scheduled actions are suspended.
        if self.hold.is_some_and(|h| h.until <= now) && !self.suspended.contains(SCHEDULED) {
            self.release();
        }
        let launching = !self.suspended.contains("Launch");
        for started in self.roster.step(now, launching) {
            if let Some(event) = self.events.iter_mut().find(|e| e.at == started) {
                event.done = Some(now);
            }
        }
        let Some(policy) = self.policy.clone() else {
            return;
        };
        if self.suspended.contains("AlarmNotification") {
            return;
        }
        let high = cpu_percent > policy.scale_out_cpu_percent
            || memory_percent > policy.scale_out_memory_percent;
        let low = cpu_percent < policy.scale_in_cpu_percent;
        self.high_since = if high {
            self.high_since.or(Some(now))
        } else {
            None
        };
        self.low_since = if low {
            self.low_since.or(Some(now))
        } else {
            None
        };
        let cooling = self
            .last_scaled
            .is_some_and(|at| now - at < policy.cooldown);
        if cooling {
            return;
        }
        if let Some(since) = self
            .high_since
            .filter(|s| now - *s >= policy.scale_out_after)
        {
            if self.desired < self.max {
                let reason = format!(
                    "CPU {cpu_percent:.1}% > {:.0}% for {}m",
                    policy.scale_out_cpu_percent,
                    policy.scale_out_after.num_minutes()
                );
                let cause = self.policy_cause("out");
                self.scale_to(
                    (self.desired + SCALE_OUT_STEP).min(self.max),
                    now,
                    (cause, Some(since)),
                    reason,
                );
            }
        } else if let Some(since) = self.low_since.filter(|s| now - *s >= policy.scale_in_after)
            && self.desired > self.min
        {
            let reason = format!(
                "CPU {cpu_percent:.1}% < {:.0}% for {}m",
                policy.scale_in_cpu_percent,
                policy.scale_in_after.num_minutes()
            );
            let cause = self.policy_cause("in");
            self.scale_to(
                self.desired.saturating_sub(SCALE_IN_STEP).max(self.min),
                now,
                (cause, Some(since)),
                reason,
            );
        }
    }

    /// Raises the minimum to `min` until `until` (a renewed hold keeps the minimum from before
    /// the first), and desired with it if below; the answer the audit keeps.
    pub fn hold_at(
        &mut self,
        min: u32,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<String, String> {
        if self.suspended.contains(SCHEDULED) {
            return Err(format!(
                "{} has ScheduledActions suspended: a hold would not end by itself; resume it first",
                self.name
            ));
        }
        let restore = self.hold.map_or(self.min, |h| h.restore);
        self.min = min;
        self.hold = Some(Hold { until, restore });
        if self.desired < min {
            let cause = (Cause::Manual, None);
            self.scale_to(min, now, cause, "manual: hold raised the minimum".into());
        }
        Ok(format!(
            "{} held until {}: min {restore} → {min}, restored to {restore} then",
            self.name,
            until.format("%Y-%m-%d %H:%M UTC")
        ))
    }

    /// Ends the hold, if any: the minimum it raised goes back. The previous minimum, if any.
    pub fn release(&mut self) -> Option<u32> {
        let hold = self.hold.take()?;
        let raised = self.min;
        self.min = hold.restore.min(self.max);
        Some(raised)
    }

    fn policy_cause(&self, direction: &str) -> Cause {
        Cause::Automatic {
            policy: format!("{}-scale-{direction}", self.name),
        }
    }

    /// Sets desired capacity (already validated against min and max) and records the event,
    /// with its cause and, for the policy's, when the threshold was first breached.
    pub fn scale_to(
        &mut self,
        desired: u32,
        now: DateTime<Utc>,
        (cause, breach): (Cause, Option<DateTime<Utc>>),
        reason: String,
    ) {
        let from = self.desired;
        if desired > from {
            self.roster
                .launch(desired - from, now, now + LAUNCH_TIME, now);
        } else {
            // Launches are cancelled first, then in-service instances terminate.
            self.roster.remove(from - desired, now);
        }
        self.desired = desired;
        self.last_scaled = Some(now);
        self.high_since = None;
        self.low_since = None;
        self.events.push_front(ScalingEvent {
            group: self.name.clone(),
            at: now,
            from,
            to: desired,
            reason,
            cause,
            trigger: breach.map(|at| Trigger {
                at,
                basis: TriggerBasis::Breach,
            }),
            // Terminating is immediate in the model; launching is done as instances come in.
            done: (desired <= from).then_some(now),
        });
        self.events.truncate(EVENTS_KEPT);
    }

    pub fn hourly_cost(&self) -> f64 {
        // Launching instances are billed too.
        f64::from(self.in_service() + self.roster.pending()) * self.hourly_price
    }
}
