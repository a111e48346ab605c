//! Latency: per-service quantiles, traffic, errors and SLO burn; the selected service's burn
//! verdict, then its p99 over the chosen range against its target.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{TabInput, alert_strip, data_table};
use crate::app::TableView;
use crate::app::table::{ServiceColumn, order};
use crate::domain::{LatencyView, ServiceLatency, Topic};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::layout::split_rows;
use crate::ui::theme::Role;
use crate::ui::widgets::time_axis;
use crate::ui::widgets::trend_chart::{LABEL_WIDTH, TrendChart};

pub fn render(
    frame: &mut Frame,
    area: Rect,
    latency: &LatencyView,
    input: &TabInput,
    view: &mut TableView,
    context: &RenderContext,
) {
    let rest = alert_strip(frame, area, input, Topic::Latency, context);
    let order = order::<ServiceColumn>(&latency.services, view);
    let selected = order
        .get(view.selected.min(order.len().saturating_sub(1)))
        .map(|&i| &latency.services[i]);
    // The verdict of the selected service comes first: it must never be cut.
    let verdict = selected.map(|s| burn_paragraph(s, context));
    let verdict_height = verdict.as_ref().map_or(0, |p| {
        u16::try_from(p.line_count(rest.width)).unwrap_or(u16::MAX)
    });
    // The table takes its rows, but leaves the verdict and a chart of at least 6 lines.
    let wanted = u16::try_from(latency.services.len())
        .unwrap_or(u16::MAX)
        .saturating_add(3);
    let room = rest.height.saturating_sub(verdict_height + 6).max(5);
    let (table_area, below) = split_rows(rest, wanted.min(room));
    let title = format!(
        "Services · {} · burn = error ratio ÷ budget{}",
        latency
            .window_label()
            .unwrap_or_else(|| "each service's own objective window".into()),
        format::cut_note(
            latency.services.len(),
            latency.omitted,
            "services",
            LatencyView::KEPT
        )
    );
    data_table(&title, input, context).render(
        frame,
        table_area,
        view,
        &latency.services,
        &order,
        |column, s| cell(column, s, context),
    );
    if let (Some(service), Some(verdict)) = (selected, verdict) {
        let (verdict_area, chart_area) = split_rows(below, verdict_height);
        frame.render_widget(verdict, verdict_area);
        render_chart(frame, chart_area, service, input, context);
    }
}

fn cell<'a>(column: ServiceColumn, s: &'a ServiceLatency, context: &RenderContext) -> Line<'a> {
    // The quantile the latency objective names carries its judgement.
    let quantile = |q: f64, value: Option<f64>| {
        let text = format::millis(value);
        if (q - s.objective_quantile().0).abs() < 1e-9 {
            context.judged(text, s.latency_health())
        } else {
            Line::from(text)
        }
    };
    match column {
        ServiceColumn::Service => Line::from(s.name.as_str()),
        ServiceColumn::P50 => quantile(0.5, s.p50_ms),
        ServiceColumn::P90 => quantile(0.9, s.p90_ms),
        ServiceColumn::P95 => quantile(0.95, s.p95_ms),
        ServiceColumn::P99 => quantile(0.99, s.p99_ms),
        ServiceColumn::Rate => Line::from(format::rate(s.requests_per_second)),
        ServiceColumn::Errors => {
            context.judged(format::ratio_percent(s.error_ratio), s.error_health())
        }
        ServiceColumn::Objective => {
            Line::styled(s.objective.availability_label(), context.style(Role::Muted))
        }
        ServiceColumn::LatencyObjective => {
            Line::styled(s.objective.latency_label(), context.style(Role::Muted))
        }
        ServiceColumn::Budget => context.judged(
            format::ratio_percent(s.error_budget_remaining),
            s.budget_health(),
        ),
        ServiceColumn::Burn1h => context.judged(format::times(s.burn("1h")), s.burn_health("1h")),
        ServiceColumn::Burn6h => context.judged(format::times(s.burn("6h")), s.burn_health("6h")),
        ServiceColumn::Exhaustion => context.judged(
            format::exhaustion(s.time_to_exhaustion),
            s.exhaustion_health(),
        ),
    }
}

/// What the SRE Workbook's alerts make of the selected service's burn rates, first (which pair
/// would page or open a ticket, or that a window has no data), then every window. Wrapped,
/// never cut.
fn burn_paragraph<'a>(service: &ServiceLatency, context: &RenderContext) -> Paragraph<'a> {
    let verdict = service.burn_verdict();
    let sentence = crate::ui::format::symbols(&verdict.sentence(), context.ascii);
    let mut spans = vec![
        Span::styled(format!("{} ", service.name), context.style(Role::Text)),
        Span::styled(sentence, context.health(verdict.health())),
        Span::styled(
            format!(
                " · {} over {} · burn (Workbook):",
                service.objective.availability_label(),
                service.window_label()
            ),
            context.style(Role::Muted),
        ),
    ];
    for rate in &service.burn_rates {
        spans.push(Span::raw(" "));
        spans.push(
            context
                .judged(
                    format!("{} {}", rate.window, format::times(rate.value)),
                    service.burn_health(rate.window),
                )
                .spans
                .remove(0),
        );
    }
    Paragraph::new(Line::from(spans)).wrap(Wrap { trim: true })
}

fn render_chart(
    frame: &mut Frame,
    area: Rect,
    service: &ServiceLatency,
    input: &TabInput,
    context: &RenderContext,
) {
    let title = format!(
        " {} p99 · last {} · objective {} · now {} ",
        service.name,
        input.range.label(),
        service.objective.latency_label(),
        format::millis(service.p99_ms)
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.style(Role::Border))
        .title(Line::styled(
            title,
            context.health(service.latency_health()),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (series, values) = service.p99_history.window(input.range.span());
    // The bottom line names the times the chart spans.
    let (inner, axis_area) = split_rows(inner, inner.height.saturating_sub(1));
    if let Some((start, end)) = time_axis::span_of(series, values) {
        let axis = time_axis::line(
            start,
            end,
            usize::from(axis_area.width),
            usize::from(LABEL_WIDTH),
        );
        frame.render_widget(
            Paragraph::new(axis).style(context.style(Role::Muted)),
            axis_area,
        );
    }
    let format_value = |v: f64| format::millis(Some(v));
    let chart = TrendChart {
        values,
        target: Some(service.objective.latency_threshold_ms),
        format_value: &format_value,
        ascii: context.ascii,
        line_style: context.style(Role::Chart),
        target_style: context.style(Role::TargetLine),
        label_style: context.style(Role::Muted),
    };
    frame.render_widget(chart, inner);
}
