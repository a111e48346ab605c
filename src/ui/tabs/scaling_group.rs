//! Scaling: the selected group's figures — instance states and suspended processes, CPU and
//! memory against its policy — and its instances in service over time, with a scale.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Sparkline, Wrap};

use super::TabInput;
use crate::domain::{Health, Policy, ScalingGroup};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::layout::split_rows;
use crate::ui::theme::Role;
use crate::ui::widgets::bar_sets::bars;
use crate::ui::widgets::meter::meter;
use crate::ui::widgets::resample::{finite_bounds, resample_max};
use crate::ui::widgets::time_axis;

/// The rule beside each gauge and the marks on its meter.
fn rules(policy: &Policy) -> (String, Vec<f64>, String, Vec<f64>) {
    let target =
        |t: Option<f64>| t.map_or_else(|| "no target".to_string(), |t| format!("target {t:.0}%"));
    match policy {
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
        Policy::Alarms { policies } => (
            "step scaling: thresholds in CloudWatch alarms".to_string(),
            Vec::new(),
            format!("policies {}", policies.join(", ")),
            Vec::new(),
        ),
        Policy::Rules { rules } => (
            format!(
                "scale rules: {}",
                rules
                    .iter()
                    .map(|r| format!("{} {}", r.scaler, r.threshold))
                    .collect::<Vec<_>>()
                    .join(" · ")
            ),
            Vec::new(),
            format!(
                "rules {}",
                rules
                    .iter()
                    .map(|r| r.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Vec::new(),
        ),
        Policy::Manual => (
            "no scaling policy: sized by hand or schedule".to_string(),
            Vec::new(),
            String::new(),
            Vec::new(),
        ),
        Policy::Fixed => (
            "fixed size: no scaling policy".to_string(),
            Vec::new(),
            String::new(),
            Vec::new(),
        ),
    }
}

/// The group's name, its pending and unhealthy instances, and the suspended processes as a
/// warning.
fn states<'a>(group: &ScalingGroup, context: &RenderContext) -> Line<'a> {
    let count = |n: Option<u32>| n.map_or_else(|| format::MISSING.to_string(), |n| n.to_string());
    let mut spans = vec![
        Span::styled(group.name.clone(), context.style(Role::Accent)),
        Span::styled(" · ", context.style(Role::Muted)),
        Span::styled(
            format!("pending {}", count(group.pending)),
            context.style(Role::Text),
        ),
        Span::styled(" · ", context.style(Role::Muted)),
        Span::styled(
            format!("unhealthy {}", count(group.unhealthy)),
            context.health(group.unhealthy_health()),
        ),
        Span::styled(" · ", context.style(Role::Muted)),
    ];
    if group.suspended.is_empty() {
        spans.push(Span::styled(
            "no processes suspended",
            context.style(Role::Muted),
        ));
    } else {
        let effect = if group.blocks_scaling() {
            " (will not scale)"
        } else {
            ""
        };
        spans.push(Span::styled(
            format!("suspended: {}{effect}", group.suspended.join(", ")),
            context.health(group.suspended_health()),
        ));
    }
    Line::from(spans)
}

/// Label and value, a meter as wide as leaves the rule whole, the rule.
fn gauge<'a>(
    label: &str,
    value: Option<f64>,
    health: Health,
    (rule, marks): (String, Vec<f64>),
    width: u16,
    context: &RenderContext,
) -> Line<'a> {
    let head = format!("{label:<7}{:>7} ", format::percent(value));
    let room = usize::from(width).saturating_sub(head.chars().count() + rule.chars().count() + 1);
    let bar = room.clamp(METER_MIN, METER_MAX);
    Line::from(vec![
        Span::styled(head, context.health(health)),
        Span::styled(
            meter(value, bar, &marks, context.ascii),
            context.style(Role::Bar),
        ),
        Span::styled(format!(" {rule}"), context.style(Role::Muted)),
    ])
}

const METER_MIN: usize = 10;
const METER_MAX: usize = 40;

/// The selected group's figures at `width`, wrapped (a rule or the suspended processes never
/// cut), and the rows they take.
pub(super) fn detail<'a>(
    group: &ScalingGroup,
    width: u16,
    context: &RenderContext,
) -> (Paragraph<'a>, u16) {
    let (cpu_rule, cpu_marks, memory_rule, memory_marks) = rules(&group.policy);
    let lines = vec![
        states(group, context),
        gauge(
            "CPU",
            group.cpu_percent,
            group.cpu_health(),
            (cpu_rule, cpu_marks),
            width,
            context,
        ),
        gauge(
            "Memory",
            group.memory_percent,
            group.memory_health(),
            (memory_rule, memory_marks),
            width,
            context,
        ),
    ];
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let height = u16::try_from(paragraph.line_count(width)).unwrap_or(u16::MAX);
    (paragraph, height)
}

/// Instances in service over the chosen range, in a box captioned with the range and its
/// extremes: bars from 0 to the group's maximum (labelled), clock times under them.
pub(super) fn render_history(
    frame: &mut Frame,
    area: Rect,
    group: &ScalingGroup,
    input: &TabInput,
    context: &RenderContext,
) {
    if area.height < 3 {
        return;
    }
    let (series, values) = group.instances.window(input.range.span());
    let bounds = finite_bounds(values.iter().copied());
    let span = time_axis::span_of(series, values);
    // A source that has watched the group for less than the range says how long it has.
    let period = match span {
        Some((start, end)) if end - start + series.step < input.range.span() => {
            format::span(end - start)
        }
        _ => input.range.label().to_string(),
    };
    let extremes = bounds.map_or_else(
        || "no figures".to_string(),
        |(low, high)| format!("min {low:.0} max {high:.0}"),
    );
    let caption = format!(
        " {} instances in service, last {period}: {extremes} (group max {}) ",
        group.name, group.max
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.style(Role::Border))
        .title(Line::styled(caption, context.style(Role::Text)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if bounds.is_none() {
        let note = Paragraph::new("no instance history from this source")
            .style(context.style(Role::Unknown));
        frame.render_widget(note, inner);
        return;
    }
    // The scale on the left: the group's maximum at the top, 0 at the bottom.
    let top = group.max.max(1).to_string();
    let label_width = u16::try_from(top.len() + 1).unwrap_or(u16::MAX);
    let (bars_area, axis_area) = split_rows(inner, inner.height.saturating_sub(1));
    let labels = Rect {
        width: label_width.min(bars_area.width),
        ..bars_area
    };
    let plot = Rect {
        x: bars_area.x + labels.width,
        width: bars_area.width - labels.width,
        ..bars_area
    };
    let mut scale = vec![Line::default(); usize::from(labels.height)];
    if let Some(first) = scale.first_mut() {
        *first = Line::from(format!("{top:>w$}", w = top.len()));
    }
    if let Some(last) = scale.last_mut().filter(|_| labels.height > 1) {
        *last = Line::from(format!("{:>w$}", 0, w = top.len()));
    }
    frame.render_widget(
        Paragraph::new(scale).style(context.style(Role::Muted)),
        labels,
    );
    let points = resample_max(values, usize::from(plot.width));
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
    frame.render_widget(sparkline, plot);
    // Under the bars drawn: fewer samples than columns draw fewer bars.
    let axis = span.map_or_else(String::new, |(start, end)| {
        time_axis::line(
            start,
            end,
            usize::from(labels.width) + points.len(),
            usize::from(labels.width),
        )
    });
    frame.render_widget(
        Paragraph::new(axis).style(context.style(Role::Muted)),
        axis_area,
    );
}
