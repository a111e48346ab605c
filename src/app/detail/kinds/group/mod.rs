//! A scaling group: its size against its limits, what stops it scaling, its instances, its
//! policy and the alarms behind it, its activities, and CPU, memory and size over time.

use serde::Serialize;

use super::super::{Document, Fact, Inputs, Missing, Section};
use super::find;
use crate::app::table::GroupColumn;
use crate::domain::detail::{self, Extras, GroupExtras, Kind, ScalingLimit, Subject};

mod tables;
use crate::domain::{Health, Policy, ScalingEvent, ScalingGroup, Unit};

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
    /// The catalogue's timings of its latest automatic scale-out, as the tab reads them.
    pub trigger_delay_s: Option<f64>,
    pub provisioning_s: Option<f64>,
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
    let timing = |field: &str| {
        let id = format!("group.{name}.{field}");
        inputs
            .snapshot
            .and_then(|s| crate::domain::figure::read(s, &id).ok().flatten())
    };
    Ok(GroupDetail {
        trigger_delay_s: timing("trigger_delay_s"),
        provisioning_s: timing("provisioning_s"),
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
        let id = |field: &str| format!("group.{}.{field}", g.name);
        Section::new("Now").text(verdict, Some(health)).facts(vec![
            Fact::judged("status", status, health),
            Fact::figure(&id("in_service"), Some(f64::from(g.in_service)), None),
            Fact::figure(&id("desired"), Some(f64::from(g.desired)), None),
            Fact::figure(&id("min"), Some(f64::from(g.min)), None),
            Fact::figure(&id("max"), Some(f64::from(g.max)), None),
            Fact::plain("launching", count(g.pending)),
            Fact::judged("unhealthy", count(g.unhealthy), g.unhealthy_health()),
            Fact::figure(&id("cpu"), g.cpu_percent, Some(g.cpu_health()))
                .note(format!("limit {}", Unit::Percent.text(Some(g.limits().0)))),
            Fact::figure(&id("memory"), g.memory_percent, Some(g.memory_health()))
                .note(format!("limit {}", Unit::Percent.text(Some(g.limits().1)))),
            Fact::figure(&id("trigger_delay_s"), self.trigger_delay_s, None)
                .note("latest automatic scale-out"),
            Fact::figure(&id("provisioning_s"), self.provisioning_s, None)
                .note("latest automatic scale-out"),
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
