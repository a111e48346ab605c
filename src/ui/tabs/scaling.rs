//! Scaling: groups against their limits and policy, the selected group's figures and history,
//! the data tier, recent scaling events.
//!
//! Narrow terminals stack the panes at full width so every table keeps its key figures; from
//! `WIDE` columns the group's history and the data tier sit side by side.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::scaling_group;
use super::{TabInput, Views, alert_strip, data_tier, scaling_events};
use crate::app::table::Secondary;
use crate::app::table::{GroupColumn, order};
use crate::domain::{ScalingGroup, ScalingView, Topic};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::layout::{split_left, split_rows};

/// From this width the history and the data tier (about 80 columns each) sit side by side.
const WIDE: u16 = 160;
/// The events keep at least this many rows (their summary and a few events) before the
/// history gets any.
const EVENTS_MIN: u16 = 10;
/// The history's box: borders, a caption in the top one, bars and a time axis.
const HISTORY_MIN: u16 = 5;
const HISTORY_MAX: u16 = 9;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    scaling: &ScalingView,
    input: &TabInput,
    views: Views,
    context: &RenderContext,
) {
    let rest = alert_strip(frame, area, input, Topic::Scaling, context);
    let wanted = u16::try_from(scaling.groups.len())
        .unwrap_or(u16::MAX)
        .saturating_add(3);
    let (table_area, rest) = split_rows(rest, wanted.min((rest.height / 4).max(5)));
    let order = order::<GroupColumn>(&scaling.groups, views.main);
    let table = views.main_table("Auto scaling groups", input, context);
    let Views {
        main: view,
        secondary,
    } = views;
    table.render(
        frame,
        table_area,
        view,
        &scaling.groups,
        &order,
        |column, group| cell(column, group, context),
    );
    let selected = order
        .get(view.selected.min(order.len().saturating_sub(1)))
        .map(|&i| &scaling.groups[i]);
    if rest.width >= WIDE {
        let panes = (selected, secondary);
        return render_wide(frame, rest, scaling, panes, input, context);
    }
    let tier_height = data_tier::height(scaling);
    let detail = selected.map(|g| scaling_group::detail(g, rest.width, context));
    let detail_height = detail.as_ref().map_or(0, |(_, h)| *h);
    let history = history_rows(rest.height, detail_height + tier_height, selected.is_some());
    let (detail_area, rest) = split_rows(rest, detail_height);
    let (history_area, rest) = split_rows(rest, history);
    if let (Some(group), Some((detail, _))) = (selected, detail) {
        frame.render_widget(detail, detail_area);
        scaling_group::render_history(frame, history_area, group, input, context);
    }
    let (tier_area, events_area) = split_rows(rest, tier_height);
    data_tier::render(frame, tier_area, scaling, input, secondary, context);
    scaling_events::render(frame, events_area, scaling, input, context);
}

/// Side by side: the group's figures and history on the left; the data tier and the timings
/// of the events on the right; the events under both.
fn render_wide(
    frame: &mut Frame,
    area: Rect,
    scaling: &ScalingView,
    (selected, secondary): (Option<&ScalingGroup>, Option<&mut Secondary>),
    input: &TabInput,
    context: &RenderContext,
) {
    let (left, right) = split_left(area, 50);
    let detail = selected.map(|g| scaling_group::detail(g, left.width, context));
    let detail_height = detail.as_ref().map_or(0, |(_, h)| *h);
    let tier_height = data_tier::height(scaling);
    let (notes, notes_height) = scaling_events::notes(scaling, right.width, usize::MAX, context);
    let history = history_rows(area.height, detail_height, selected.is_some());
    let middle = (tier_height + notes_height).max(detail_height + history);
    if let (Some(group), Some((detail, height))) = (selected, detail) {
        let (detail_area, history_area) = split_rows(split_rows(left, middle).0, height);
        frame.render_widget(detail, detail_area);
        scaling_group::render_history(frame, history_area, group, input, context);
    }
    let (right, _) = split_rows(right, middle);
    let (tier_area, notes_area) = split_rows(right, right.height.saturating_sub(notes_height));
    data_tier::render(frame, tier_area, scaling, input, secondary, context);
    frame.render_widget(notes, notes_area);
    let (_, events_area) = split_rows(area, middle);
    scaling_events::render_table(frame, events_area, scaling, input, context);
}

/// Rows for the selected group's history when `used` are taken beside the events' minimum:
/// none unless a useful chart fits.
fn history_rows(height: u16, used: u16, selected: bool) -> u16 {
    let room = height.saturating_sub(used + EVENTS_MIN);
    if !selected || room < HISTORY_MIN {
        0
    } else {
        room.min(HISTORY_MAX)
    }
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
