//! Scaling: groups against their limits and policy, recent scaling events, the data tier.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::scaling_group;
use super::{TabInput, alert_strip, data_table, data_tier, scaling_events};
use crate::app::TableView;
use crate::app::table::{GroupColumn, order};
use crate::domain::{ScalingGroup, ScalingView, Topic};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::layout::{split_left, split_top};

pub fn render(
    frame: &mut Frame,
    area: Rect,
    scaling: &ScalingView,
    input: &TabInput,
    view: &mut TableView,
    context: &RenderContext,
) {
    let rest = alert_strip(frame, area, input, Topic::Scaling, context);

    let table_rows = u16::try_from(scaling.groups.len())
        .unwrap_or(u16::MAX)
        .saturating_add(3)
        .min(12);
    let (table_area, rest) = split_top(rest, table_rows);
    let order = order::<GroupColumn>(&scaling.groups, view);
    data_table("Auto scaling groups", input, context).render(
        frame,
        table_area,
        view,
        &scaling.groups,
        &order,
        |column, group| cell(column, group, context),
    );

    let selected = order.get(view.selected).map(|&i| &scaling.groups[i]);
    let (detail_area, events_area) = split_top(rest, 8);
    // Half each: the data tier's columns need about 75 characters.
    let (group_area, data_area) = split_left(detail_area, 50);
    if let Some(group) = selected {
        scaling_group::render(frame, group_area, group, input, context);
    }
    data_tier::render(frame, data_area, scaling, context);
    scaling_events::render(frame, events_area, scaling, input, context);
}

fn cell<'a>(column: GroupColumn, group: &'a ScalingGroup, context: &RenderContext) -> Line<'a> {
    match column {
        GroupColumn::Group => Line::from(group.name.as_str()),
        GroupColumn::Type => Line::from(group.instance_type.as_str()),
        GroupColumn::InService => Line::from(group.in_service.to_string()),
        GroupColumn::Desired => Line::from(group.desired.to_string()),
        GroupColumn::Limits => Line::from(format!("{}-{}", group.min, group.max)),
        GroupColumn::Cpu => context.judged(format::percent(group.cpu_percent), group.cpu_health()),
        GroupColumn::Memory => {
            context.judged(format::percent(group.memory_percent), group.memory_health())
        }
        GroupColumn::Status => {
            let (label, health) = group.status();
            context.judged(label, health)
        }
    }
}
