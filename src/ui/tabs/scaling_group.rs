//! Scaling: the selected group's box — CPU and memory against its policy, instance states,
//! suspended processes, and instances in service over time.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Sparkline};

use super::TabInput;
use crate::domain::{Health, Policy, ScalingGroup};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::layout::split_top;
use crate::ui::theme::Role;
use crate::ui::widgets::bar_sets::bars;
use crate::ui::widgets::meter::meter;

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

/// Pending and unhealthy instances, and the suspended processes as a warning.
fn states<'a>(group: &ScalingGroup, context: &RenderContext) -> Line<'a> {
    let count = |n: Option<u32>| n.map_or_else(|| "—".to_string(), |n| n.to_string());
    let mut spans = vec![
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
            context.health(Health::Warning),
        ));
    }
    Line::from(spans)
}

pub(super) fn render(
    frame: &mut Frame,
    area: Rect,
    group: &ScalingGroup,
    input: &TabInput,
    context: &RenderContext,
) {
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
    let gauge = |label: &str, value: Option<f64>, marks: &[f64], rule: String, health| {
        Line::from(vec![
            Span::styled(
                format!("{label:<7}{:>7} ", format::percent(value)),
                context.health(health),
            ),
            Span::styled(
                meter(value, width, marks, context.ascii),
                context.style(Role::Bar),
            ),
            Span::styled(format!(" {rule}"), context.style(Role::Muted)),
        ])
    };
    let (cpu_rule, cpu_marks, memory_rule, memory_marks) = rules(&group.policy);
    let lines = vec![
        gauge(
            "CPU",
            group.cpu_percent,
            &cpu_marks,
            cpu_rule,
            group.cpu_health(),
        ),
        gauge(
            "Memory",
            group.memory_percent,
            &memory_marks,
            memory_rule,
            group.memory_health(),
        ),
        states(group, context),
        Line::styled(
            format!("instances in service, last {}", input.range.label()),
            context.style(Role::Muted),
        ),
    ];
    let (text_area, spark_area) = split_top(inner, 4);
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
