//! Latency: per-service quantiles, traffic, errors and SLO burn; p99 of the selected service
//! over the chosen range against its target.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row};

use super::{TabInput, alert_strip, data_table, rising};
use crate::app::{TabId, TableView};
use crate::domain::latency::BURN_ALERTS;
use crate::domain::{BurnVerdict, Health, LatencyView, ServiceLatency, Topic};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::layout::split_top;
use crate::ui::theme::Role;
use crate::ui::widgets::data_table::{SortKey, ordered};
use crate::ui::widgets::trend_chart::TrendChart;

const WIDTHS: [Constraint; 11] = [
    Constraint::Length(16),
    Constraint::Length(7),
    Constraint::Length(7),
    Constraint::Length(7),
    Constraint::Length(7),
    Constraint::Length(7),
    Constraint::Length(8),
    Constraint::Length(8),
    Constraint::Length(8),
    Constraint::Length(8),
    Constraint::Length(8),
];

/// The factor above which a long window's burn takes part in an alert (14.4× for 1 h, 6× 6 h).
fn alert_factor(window: &str) -> f64 {
    BURN_ALERTS
        .iter()
        .find(|(long, ..)| *long == window)
        .map_or(1.0, |(_, _, factor, _)| *factor)
}

fn sort_key(s: &ServiceLatency, column: usize) -> SortKey {
    let number = match column {
        1 => s.p50_ms,
        2 => s.p90_ms,
        3 => s.p95_ms,
        4 => s.p99_ms,
        5 => s.requests_per_second,
        6 => s.error_ratio,
        7 => Some(s.p99_target_ms),
        8 => s.error_budget_remaining,
        9 => s.burn("1h"),
        10 => s.burn("6h"),
        _ => return SortKey::Text(s.name.clone()),
    };
    SortKey::Number(number)
}

/// p99 against its target: over is critical, within 10 % of it a warning.
pub fn p99_health(s: &ServiceLatency) -> Health {
    rising(s.p99_ms, s.p99_target_ms * 0.9, s.p99_target_ms)
}

pub fn render(
    frame: &mut Frame,
    area: Rect,
    latency: &LatencyView,
    input: &TabInput,
    view: &mut TableView,
    context: &RenderContext,
) {
    let rest = alert_strip(frame, area, input, Topic::Latency, context);

    let rows = u16::try_from(latency.services.len())
        .unwrap_or(u16::MAX)
        .saturating_add(3);
    let (table_area, chart_area) = split_top(rest, rows);
    let order = ordered(&latency.services, view, |s| s.name.clone(), sort_key);
    let title = format!(
        "Services · SLO {}-day window · burn = error ratio ÷ budget{}",
        latency.slo_window_days,
        format::cut_note(
            latency.services.len(),
            latency.omitted,
            "services",
            LatencyView::KEPT
        )
    );
    data_table(TabId::Latency, &title, &WIDTHS, input, context).render(
        frame,
        table_area,
        view,
        &order,
        |i| service_row(&latency.services[i], context),
    );

    view.selected_key = order
        .get(view.selected)
        .map(|&i| latency.services[i].name.clone());
    if let Some(service) = order.get(view.selected).map(|&i| &latency.services[i]) {
        let (burn_area, chart_area) = split_top(chart_area, 1);
        frame.render_widget(Paragraph::new(burn_line(service, context)), burn_area);
        render_chart(frame, chart_area, service, input, context);
    }
}

fn service_row<'a>(s: &ServiceLatency, context: &RenderContext) -> Row<'a> {
    let budget = 1.0 - s.availability_target;
    let errors = rising(s.error_ratio, budget * 0.5, budget);
    let remaining = match s.error_budget_remaining.filter(|v| v.is_finite()) {
        None => Health::Unknown,
        Some(r) if r <= 0.0 => Health::Critical,
        Some(r) if r < 0.25 => Health::Warning,
        Some(_) => Health::Ok,
    };
    Row::new(vec![
        Line::from(s.name.clone()),
        Line::from(format::millis(s.p50_ms)),
        Line::from(format::millis(s.p90_ms)),
        Line::from(format::millis(s.p95_ms)),
        Line::styled(format::millis(s.p99_ms), context.health(p99_health(s))),
        Line::from(format::rate(s.requests_per_second)),
        Line::styled(format::ratio_percent(s.error_ratio), context.health(errors)),
        Line::styled(
            format::millis(Some(s.p99_target_ms)),
            context.style(Role::Muted),
        ),
        Line::styled(
            format::ratio_percent(s.error_budget_remaining),
            context.health(remaining),
        ),
        burn_cell(s, "1h", context),
        burn_cell(s, "6h", context),
    ])
}

fn burn_cell<'a>(s: &ServiceLatency, window: &str, context: &RenderContext) -> Line<'a> {
    let value = s.burn(window);
    Line::styled(
        format::times(value),
        context.health(rising(value, 1.0, alert_factor(window))),
    )
}

/// Every burn-rate window of the selected service and what the SRE Workbook's alerts make of
/// them: which pair would page or open a ticket, or that a window has no data.
fn burn_line<'a>(service: &ServiceLatency, context: &RenderContext) -> Line<'a> {
    let mut spans = vec![Span::styled(
        format!("{} burn (SRE Workbook, 30 d): ", service.name),
        context.style(Role::Muted),
    )];
    for rate in &service.burn_rates {
        spans.push(Span::styled(
            format!("{} {}  ", rate.window, format::times(rate.value)),
            context.health(rising(rate.value, 1.0, alert_factor(rate.window))),
        ));
    }
    let (verdict, health) = match service.burn_verdict() {
        BurnVerdict::Page {
            long,
            short,
            factor,
        } => (
            format!("→ PAGE: {long} and {short} over {factor}×"),
            Health::Critical,
        ),
        BurnVerdict::Ticket {
            long,
            short,
            factor,
        } => (
            format!("→ TICKET: {long} and {short} over {factor}×"),
            Health::Warning,
        ),
        BurnVerdict::Quiet => ("→ no burn alert".to_string(), Health::Ok),
        BurnVerdict::Unknown => (
            "→ unknown: a window has no data".to_string(),
            Health::Unknown,
        ),
    };
    spans.push(Span::styled(verdict, context.health(health)));
    Line::from(spans)
}

fn render_chart(
    frame: &mut Frame,
    area: Rect,
    service: &ServiceLatency,
    input: &TabInput,
    context: &RenderContext,
) {
    let title = format!(
        " {} p99 · last {} · target {} · now {} ",
        service.name,
        input.range.label(),
        format::millis(Some(service.p99_target_ms)),
        format::millis(service.p99_ms)
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.style(Role::Border))
        .title(Line::styled(title, context.health(p99_health(service))));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (_, values) = service.p99_history.window(input.range.span());
    let format_value = |v: f64| format::millis(Some(v));
    let chart = TrendChart {
        values,
        target: Some(service.p99_target_ms),
        format_value: &format_value,
        ascii: context.ascii,
        line_style: context.style(Role::Chart),
        target_style: context.style(Role::TargetLine),
        label_style: context.style(Role::Muted),
    };
    frame.render_widget(chart, inner);
}
