//! The group's tables and rules: its instances, its policy with the alarms behind it, and its
//! scaling activities with their timings as the domain measures them.

use chrono::{DateTime, Utc};

use super::super::super::{Block, Cell, Fact, Section, Table};
use super::{GroupDetail, UNKNOWN};
use crate::domain::detail::{self, GroupExtras};
use crate::domain::scaling_event::seconds;
use crate::domain::{Cause, Health, Policy, ScalingEvent, TriggerBasis, Unit};

impl GroupDetail {
    pub(super) fn instances(&self) -> Section {
        let listed = self.extras.as_ref().and_then(|e| e.instances.as_ref());
        let columns = [
            ("id", false),
            ("zone", false),
            ("state", false),
            ("health", false),
            ("type", false),
            ("launched", false),
        ];
        let empty = if listed.is_some() {
            "no instances"
        } else {
            UNKNOWN
        };
        let table = listed
            .into_iter()
            .flatten()
            .fold(Table::new(&columns, empty), |t, i| {
                let state = if i.lifecycle == detail::IN_SERVICE {
                    Health::Ok
                } else {
                    Health::Warning
                };
                let health = match i.healthy {
                    Some(true) => Cell::judged("Healthy", Health::Ok),
                    Some(false) => Cell::judged("Unhealthy", Health::Critical),
                    None => Cell::judged("?", Health::Unknown),
                };
                t.row(vec![
                    Cell::plain(i.id.clone()),
                    Cell::plain(i.zone.clone()),
                    Cell::judged(i.lifecycle.clone(), state),
                    health,
                    Cell::plain(i.instance_type.clone()),
                    Cell::plain(i.launched_at.map_or_else(|| "?".into(), time)),
                ])
            });
        Section::new("Instances").with(Block::Table(table))
    }

    pub(super) fn policy(&self, extras: &GroupExtras) -> Section {
        let rules = match &self.group.policy {
            Policy::Step(p) => vec![
                Fact::plain(
                    "scale out",
                    format!(
                        "CPU > {} or memory > {} for {}",
                        Unit::Percent.text(Some(p.scale_out_cpu_percent)),
                        Unit::Percent.text(Some(p.scale_out_memory_percent)),
                        span(p.scale_out_after)
                    ),
                ),
                Fact::plain(
                    "scale in",
                    format!(
                        "CPU < {} for {}",
                        Unit::Percent.text(Some(p.scale_in_cpu_percent)),
                        span(p.scale_in_after)
                    ),
                ),
                Fact::plain("cooldown", span(p.cooldown)).note(
                    extras
                        .cooldown_remaining
                        .map_or_else(|| UNKNOWN.into(), |r| format!("{} left", span(r))),
                ),
            ],
            Policy::TargetTracking {
                cpu_percent,
                memory_percent,
            } => vec![
                Fact::plain("CPU target", target(*cpu_percent)),
                Fact::plain("memory target", target(*memory_percent)),
            ],
            Policy::Alarms { policies } => {
                vec![Fact::plain("step or simple policies", policies.join(", "))]
            }
            Policy::Rules { rules } => rules
                .iter()
                .map(|r| {
                    Fact::plain(
                        format!("rule {}", r.name),
                        format!("{} {}", r.scaler, r.threshold),
                    )
                })
                .collect(),
            Policy::Manual => vec![Fact::plain("policy", "none: sized by hand or schedule")],
            Policy::Fixed => vec![Fact::plain("policy", "none: fixed size")],
        };
        let empty = if extras.alarms.is_some() {
            "no alarms"
        } else {
            UNKNOWN
        };
        let columns = [
            ("alarm", false),
            ("policy", false),
            ("condition", false),
            ("state", false),
        ];
        let alarms = extras
            .alarms
            .iter()
            .flatten()
            .fold(Table::new(&columns, empty), |t, a| {
                t.row(vec![
                    Cell::plain(a.name.clone()),
                    Cell::plain(a.policy.clone()),
                    Cell::plain(a.condition()),
                    Cell::judged(a.state.clone(), a.health()),
                ])
            });
        Section::new("Policy")
            .facts(rules)
            .with(Block::Table(alarms))
    }

    pub(super) fn activities(&self) -> Section {
        let columns = [
            ("time", false),
            ("change", false),
            ("cause", false),
            ("trigger delay", true),
            ("provisioning", true),
            ("reason", false),
        ];
        let table =
            self.activities
                .iter()
                .fold(Table::new(&columns, "no scaling activity"), |t, e| {
                    t.row(vec![
                        Cell::plain(time(e.at)),
                        Cell::plain(format!("{} -> {}", e.from, e.to)),
                        Cell::plain(cause(&e.cause)),
                        Cell::plain(trigger_delay(e)),
                        Cell::plain(completion(e)),
                        Cell::plain(e.reason.clone()),
                    ])
                });
        Section::new("Activities").with(Block::Table(table))
    }
}

fn time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn span(d: chrono::Duration) -> String {
    Unit::Seconds.text(Some(seconds(d)))
}

fn target(t: Option<f64>) -> String {
    t.map_or_else(|| "none".into(), |t| Unit::Percent.text(Some(t)))
}

fn cause(cause: &Cause) -> String {
    match cause {
        Cause::Automatic { policy } => policy.clone(),
        Cause::Manual => "manual".into(),
        Cause::Unknown => "unknown".into(),
    }
}

/// Measured from an alarm rather than the breach, a delay is a lower bound: `>=`.
fn trigger_delay(event: &ScalingEvent) -> String {
    match (event.trigger_delay(), event.trigger) {
        (Some(d), Some(t)) if t.basis == TriggerBasis::Alarm => format!(">={}", span(d)),
        (Some(d), _) => span(d),
        (None, _) if event.cause == Cause::Manual => "manual".into(),
        (None, _) => "?".into(),
    }
}

/// A scale-in's second timing is its removal time, marked so.
fn completion(event: &ScalingEvent) -> String {
    match (event.provisioning_time(), event.removal_time()) {
        (Some(d), _) => span(d),
        (_, Some(d)) => format!("removed in {}", span(d)),
        (None, None) if event.failed() => "failed".into(),
        (None, None) => "pending".into(),
    }
}
