//! A scaling group: its size against its limits, what stops it scaling, its instances, its
//! policy and the alarms behind it, its activities, and CPU, memory and size over time.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::super::{Cell, Document, Fact, Inputs, Missing, Section, Table};
use super::find;
use crate::app::table::GroupColumn;
use crate::domain::detail::{self, Extras, GroupExtras, Kind, ScalingLimit, Subject};
use crate::domain::scaling_event::seconds;
use crate::domain::{Cause, Health, Policy, ScalingEvent, ScalingGroup, TriggerBasis, Unit};

/// What a source that has not fetched (or cannot fetch) a part says instead.
const UNKNOWN: &str = "not known to this source";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupDetail {
    pub group: ScalingGroup,
    /// `None` until the source has fetched the group's own data.
    pub extras: Option<GroupExtras>,
    /// What keeps it from scaling now, worst first.
    pub limits: Vec<ScalingLimit>,
    /// Its scaling events as the Scaling tab has them, newest first.
    pub activities: Vec<ScalingEvent>,
}

fn groups<'a>(inputs: &Inputs<'a>) -> Result<&'a [ScalingGroup], Missing> {
    inputs
        .snapshot
        .and_then(|s| s.scaling.as_ref())
        .map(|s| s.groups.as_slice())
        .ok_or(Missing::NoData {
            noun: "scaling",
            loading: inputs.snapshot.is_none(),
        })
}

pub fn names(inputs: &Inputs) -> Vec<String> {
    groups(inputs).map_or_else(
        |_| Vec::new(),
        |g| g.iter().map(|g| g.name.clone()).collect(),
    )
}

pub fn build(inputs: &Inputs, name: &str) -> Result<GroupDetail, Missing> {
    let group = find::<GroupColumn>(groups(inputs)?, Kind::Group, name)?;
    let extras = match inputs.extras(&Subject::new(Kind::Group, name)) {
        Some(Extras::Group(extras)) => Some(extras.clone()),
        _ => None,
    };
    let activities = inputs
        .snapshot
        .and_then(|s| s.scaling.as_ref())
        .map(|s| {
            s.events
                .iter()
                .filter(|e| e.group == name)
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    Ok(GroupDetail {
        limits: detail::limits(group, extras.as_ref()),
        group: group.clone(),
        extras,
        activities,
    })
}

impl GroupDetail {
    pub fn document(&self) -> Document {
        let extras = self.extras.clone().unwrap_or_default();
        Document {
            sections: vec![
                self.now(),
                self.limits(),
                self.instances(),
                self.policy(&extras),
                self.activities(),
                self.history(&extras),
            ],
        }
    }

    fn now(&self) -> Section {
        let g = &self.group;
        let (status, health) = g.status();
        let verdict = format!(
            "{} is {status}: {} of {} in service (min {}, max {}), CPU {} against {}",
            g.name,
            g.in_service,
            g.desired,
            g.min,
            g.max,
            Unit::Percent.text(g.cpu_percent),
            Unit::Percent.text(Some(g.limits().0)),
        );
        let count = |n: Option<u32>| n.map_or_else(|| "?".to_string(), |n| n.to_string());
        Section::new("Now").text(verdict, Some(health)).facts(vec![
            Fact::judged("status", status, health),
            Fact::plain("in service", g.in_service.to_string()).note(format!(
                "desired {}, min {}, max {}",
                g.desired, g.min, g.max
            )),
            Fact::plain("launching", count(g.pending)),
            Fact::judged("unhealthy", count(g.unhealthy), g.unhealthy_health()),
            Fact::judged("CPU", Unit::Percent.text(g.cpu_percent), g.cpu_health())
                .note(format!("limit {}", Unit::Percent.text(Some(g.limits().0)))),
            Fact::judged(
                "memory",
                Unit::Percent.text(g.memory_percent),
                g.memory_health(),
            )
            .note(format!("limit {}", Unit::Percent.text(Some(g.limits().1)))),
            Fact::plain("instance type", g.instance_type.clone()),
        ])
    }

    fn limits(&self) -> Section {
        let mut section = Section::new("What limits scaling");
        if self.limits.is_empty() {
            section = section.text(
                format!(
                    "nothing limits scaling now: room from {} to its maximum of {}",
                    self.group.desired, self.group.max
                ),
                Some(Health::Ok),
            );
        }
        for limit in &self.limits {
            section = section.text(limit.sentence(), Some(limit.health()));
        }
        let scales = !matches!(self.group.policy, Policy::Fixed | Policy::Manual);
        let cooldown = self.extras.as_ref().and_then(|e| e.cooldown_remaining);
        if scales && cooldown.is_none() {
            section = section.text(format!("cooldown: {UNKNOWN}"), Some(Health::Unknown));
        }
        section
    }

    fn instances(&self) -> Section {
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
        Section::new("Instances").with(super::super::Block::Table(table))
    }

    fn policy(&self, extras: &GroupExtras) -> Section {
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
            .with(super::super::Block::Table(alarms))
    }

    fn activities(&self) -> Section {
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
        Section::new("Activities").with(super::super::Block::Table(table))
    }

    fn history(&self, extras: &GroupExtras) -> Section {
        let g = &self.group;
        let (cpu, memory) = g.limits();
        Section::new("History")
            .chart("CPU %", Unit::Percent, extras.cpu.as_ref(), Some(cpu))
            .chart(
                "memory %",
                Unit::Percent,
                extras.memory.as_ref(),
                Some(memory),
            )
            .chart(
                "in service",
                Unit::Count,
                Some(&g.instances.fine).filter(|s| !s.values.is_empty()),
                Some(f64::from(g.max)),
            )
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
