//! Scaling: groups against their limits and policy, recent scaling events, the data tier.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::Row;

use super::scaling_events;
use super::scaling_group::{self, blocks_scaling, limits};
use super::{TabInput, alert_strip, data_table, data_tier, rising};
use crate::app::TableView;
use crate::domain::{Health, ScalingGroup, ScalingView, Topic};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::layout::{split_left, split_top};
use crate::ui::widgets::data_table::{SortKey, ordered};

const WIDTHS: [Constraint; 8] = [
    Constraint::Length(12),
    Constraint::Length(11),
    Constraint::Length(7),
    Constraint::Length(8),
    Constraint::Length(8),
    Constraint::Length(7),
    Constraint::Length(7),
    Constraint::Min(8),
];

fn sort_key(group: &ScalingGroup, column: usize) -> SortKey {
    match column {
        1 => SortKey::Text(group.instance_type.clone()),
        2 => SortKey::Number(Some(f64::from(group.in_service))),
        3 => SortKey::Number(Some(f64::from(group.desired))),
        4 => SortKey::Number(Some(f64::from(group.max))),
        5 => SortKey::Number(group.cpu_percent),
        6 => SortKey::Number(group.memory_percent),
        // Saturated ranks above at max, at max above the rest.
        7 => SortKey::Number(Some(f64::from(
            2 * u8::from(group.saturated()) + u8::from(group.at_max()),
        ))),
        _ => SortKey::Text(group.name.clone()),
    }
}

fn status(group: &ScalingGroup) -> (&'static str, Health) {
    if group.saturated() {
        ("SATURATED", Health::Critical)
    } else if group.at_max() {
        ("AT MAX", Health::Critical)
    } else if blocks_scaling(group) {
        ("suspended", Health::Warning)
    } else if group.in_service != group.desired {
        ("scaling", Health::Warning)
    } else {
        ("steady", Health::Ok)
    }
}

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
    let order = ordered(
        &scaling.groups,
        view,
        |g| format!("{} {}", g.name, g.instance_type),
        sort_key,
    );
    data_table(
        Topic::Scaling,
        "Auto scaling groups",
        &WIDTHS,
        input,
        context,
    )
    .render(frame, table_area, view, &order, |i| {
        group_row(&scaling.groups[i], context)
    });

    let selected = order.get(view.selected).map(|&i| &scaling.groups[i]);
    view.selected_key = selected.map(|g| g.name.clone());
    let (detail_area, events_area) = split_top(rest, 8);
    // Half each: the data tier's columns need about 75 characters.
    let (group_area, data_area) = split_left(detail_area, 50);
    if let Some(group) = selected {
        scaling_group::render(frame, group_area, group, input, context);
    }
    data_tier::render(frame, data_area, scaling, context);
    scaling_events::render(frame, events_area, scaling, input, context);
}

fn group_row<'a>(group: &ScalingGroup, context: &RenderContext) -> Row<'a> {
    let (label, health) = status(group);
    let (cpu_limit, memory_limit) = limits(group);
    Row::new(vec![
        Line::from(group.name.clone()),
        Line::from(group.instance_type.clone()),
        Line::from(group.in_service.to_string()),
        Line::from(group.desired.to_string()),
        Line::from(format!("{}-{}", group.min, group.max)),
        Line::styled(
            format::percent(group.cpu_percent),
            context.health(rising(group.cpu_percent, cpu_limit * 0.9, cpu_limit)),
        ),
        Line::styled(
            format::percent(group.memory_percent),
            context.health(rising(
                group.memory_percent,
                memory_limit * 0.9,
                memory_limit,
            )),
        ),
        Line::styled(label, context.health(health)),
    ])
}
