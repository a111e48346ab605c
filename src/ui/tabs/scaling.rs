//! Scaling: groups against their limits and policy, recent scaling events, the data tier.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Sparkline};

use super::{TabInput, alert_strip, data_table, data_tier, rising};
use crate::app::{TabId, TableView};
use crate::domain::{Health, Policy, ScalingGroup, ScalingView, Topic};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::layout::{split_left, split_top};
use crate::ui::theme::Role;
use crate::ui::widgets::bar_sets::bars;
use crate::ui::widgets::data_table::{SortKey, ordered};
use crate::ui::widgets::meter::meter;

/// CPU or memory above this is critical for a group without a scaling policy.
const UNMANAGED_LIMIT: f64 = 90.0;

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
        7 => SortKey::Number(Some(f64::from(u8::from(group.at_max())))),
        _ => SortKey::Text(group.name.clone()),
    }
}

fn status(group: &ScalingGroup) -> (&'static str, Health) {
    if group.at_max() {
        ("AT MAX", Health::Critical)
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
        TabId::Scaling,
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
    let (group_area, data_area) = split_left(detail_area, 60);
    if let Some(group) = selected {
        render_group(frame, group_area, group, input, context);
    }
    data_tier::render(frame, data_area, scaling, context);
    render_events(frame, events_area, scaling, input, context);
}

/// Where CPU and memory turn critical: the step policy's scale-out thresholds, else 90 %
/// (an autoscaler tracking a target runs near it by design).
fn limits(group: &ScalingGroup) -> (f64, f64) {
    match &group.policy {
        Policy::Step(p) => (p.scale_out_cpu_percent, p.scale_out_memory_percent),
        Policy::Fixed | Policy::TargetTracking { .. } => (UNMANAGED_LIMIT, UNMANAGED_LIMIT),
    }
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

fn render_group(
    frame: &mut Frame,
    area: Rect,
    group: &ScalingGroup,
    input: &TabInput,
    context: &RenderContext,
) {
    let (cpu_limit, memory_limit) = limits(group);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.style(Role::Border))
        .title(format!(
            " {} · {} in service / {} desired (min {}, max {}) ",
            group.name, group.in_service, group.desired, group.min, group.max
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width.saturating_sub(34)).clamp(4, 40);
    let gauge = |label: &str, value: Option<f64>, marks: &[f64], rule: String, out: f64| {
        Line::from(vec![
            Span::styled(
                format!("{label:<7}{:>7} ", format::percent(value)),
                context.health(rising(value, out * 0.9, out)),
            ),
            Span::styled(
                meter(value, width, marks, context.ascii),
                context.style(Role::Bar),
            ),
            Span::styled(format!(" {rule}"), context.style(Role::Muted)),
        ])
    };
    let target =
        |t: Option<f64>| t.map_or_else(|| "no target".to_string(), |t| format!("target {t:.0}%"));
    let (cpu_rule, cpu_marks, memory_rule, memory_marks) = match &group.policy {
        Policy::TargetTracking {
            cpu_percent,
            memory_percent,
        } => (
            format!("{} (autoscaler)", target(*cpu_percent)),
            cpu_percent.iter().copied().collect(),
            target(*memory_percent),
            memory_percent.iter().copied().collect(),
        ),
        Policy::Step(p) => (
            format!(
                "out >{:.0}% {} · in <{:.0}% {} · cooldown {}",
                p.scale_out_cpu_percent,
                format::span(p.scale_out_after),
                p.scale_in_cpu_percent,
                format::span(p.scale_in_after),
                format::span(p.cooldown)
            ),
            vec![p.scale_in_cpu_percent, p.scale_out_cpu_percent],
            format!("out >{:.0}%", p.scale_out_memory_percent),
            vec![p.scale_out_memory_percent],
        ),
        Policy::Fixed => (
            "fixed size: no scaling policy".to_string(),
            Vec::new(),
            String::new(),
            Vec::new(),
        ),
    };
    let lines = vec![
        gauge("CPU", group.cpu_percent, &cpu_marks, cpu_rule, cpu_limit),
        gauge(
            "Memory",
            group.memory_percent,
            &memory_marks,
            memory_rule,
            memory_limit,
        ),
        Line::styled(
            format!("instances in service, last {}", input.range.label()),
            context.style(Role::Muted),
        ),
    ];
    let (text_area, spark_area) = split_top(inner, 3);
    frame.render_widget(Paragraph::new(lines), text_area);
    let (_, values) = group.instances.window(input.range.span());
    if values.is_empty() {
        let note = Paragraph::new("no instance history from this source")
            .style(context.style(Role::Muted));
        frame.render_widget(note, spark_area);
        return;
    }
    let points = crate::ui::widgets::resample::resample_max(values, usize::from(spark_area.width));
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let data: Vec<Option<u64>> = points
        .iter()
        .map(|v| (v.is_finite() && *v >= 0.0).then(|| v.round() as u64))
        .collect();
    let sparkline = Sparkline::default()
        .data(data)
        .max(u64::from(group.max.max(1)))
        .bar_set(bars(context.ascii))
        .style(context.style(Role::Chart))
        .absent_value_symbol(" ");
    frame.render_widget(sparkline, spark_area);
}

fn render_events(
    frame: &mut Frame,
    area: Rect,
    scaling: &ScalingView,
    input: &TabInput,
    context: &RenderContext,
) {
    let rows = scaling
        .events
        .iter()
        .take(usize::from(area.height.saturating_sub(3)))
        .map(|event| {
            let direction = if event.to > event.from { "out" } else { "in" };
            let time_to_scale = event
                .time_to_scale
                .map_or_else(|| "pending".to_string(), format::span);
            Row::new(vec![
                format::short_time(event.at, input.snapshot.taken_at),
                event.group.clone(),
                format!("{direction} {} → {}", event.from, event.to),
                time_to_scale,
                event.reason.clone(),
            ])
        });
    let widths = [
        Constraint::Length(10),
        Constraint::Length(10),
        Constraint::Length(12),
        Constraint::Length(13),
        Constraint::Min(10),
    ];
    let table = ratatui::widgets::Table::new(rows, widths)
        .header(
            Row::new(["time", "group", "change", "time to scale", "reason"])
                .style(context.style(Role::Accent)),
        )
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(context.style(Role::Border))
                .title(" Recent scaling events "),
        );
    frame.render_widget(table, area);
}
