//! A scaling group: its size against its limits, what stops it scaling, its instances, its
//! policy and the alarms behind it, its activities, and CPU, memory and size over time.

use serde::Serialize;

use super::super::{Document, Fact, Inputs, Missing, Section};
use super::find;
use crate::app::table::GroupColumn;
use crate::domain::detail::{Extras, GroupExtras, Kind, Subject};
use crate::domain::{ScalingGroup, Unit};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupDetail {
    pub group: ScalingGroup,
    /// `None` until the source has fetched the group's own data.
    pub extras: Option<GroupExtras>,
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
    Ok(GroupDetail {
        group: group.clone(),
        extras,
    })
}

impl GroupDetail {
    pub fn document(&self) -> Document {
        let g = &self.group;
        let (status, health) = g.status();
        let now = Section::new("Now").facts(vec![
            Fact::judged("status", status, health),
            Fact::plain("in service", g.in_service.to_string()).note(format!(
                "desired {}, min {}, max {}",
                g.desired, g.min, g.max
            )),
            Fact::judged("CPU", Unit::Percent.text(g.cpu_percent), g.cpu_health()),
            Fact::judged(
                "memory",
                Unit::Percent.text(g.memory_percent),
                g.memory_health(),
            ),
        ]);
        let extras = self.extras.clone().unwrap_or_default();
        let history = Section::new("History")
            .chart(
                "CPU %",
                Unit::Percent,
                extras.cpu.as_ref(),
                Some(g.limits().0),
            )
            .chart(
                "memory %",
                Unit::Percent,
                extras.memory.as_ref(),
                Some(g.limits().1),
            )
            .chart(
                "in service",
                Unit::Count,
                Some(&g.instances.fine),
                Some(f64::from(g.max)),
            );
        Document {
            sections: vec![now, history],
        }
    }
}
