//! Latency: per-service quantiles, traffic, errors and SLO burn; p99 of the selected service
//! over the chosen range against its target.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row};

use super::{TabInput, alert_strip, data_table, rising};
use crate::app::TableView;
use crate::domain::slo::Exhaustion;
use crate::domain::{BurnVerdict, Health, LatencyView, ServiceLatency, Topic};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::layout::split_top;
use crate::ui::theme::Role;
use crate::ui::widgets::data_table::{SortKey, ordered};
use crate::ui::widgets::trend_chart::TrendChart;

const WIDTHS: [Constraint; 13] = [
    Constraint::Length(16),
    Constraint::Length(7),
    Constraint::Length(7),
    Constraint::Length(7),
    Constraint::Length(7),
    Constraint::Length(7),
    Constraint::Length(8),
    Constraint::Length(9),
    Constraint::Length(17),
    Constraint::Length(8),
    Constraint::Length(8),
    Constraint::Length(8),
    Constraint::Length(12),
];

/// The factor above which a long window's burn takes part in an alert (14.4× for 1 h of a
/// 30-day objective); 1× for the short windows.
fn alert_factor(s: &ServiceLatency, window: &str) -> f64 {
    s.objective.alert_factor(window).unwrap_or(1.0)
}

fn sort_key(s: &ServiceLatency, column: usize) -> SortKey {
    let number = match column {
        1 => s.p50_ms,
        2 => s.p90_ms,
        3 => s.p95_ms,
        4 => s.p99_ms,
        5 => s.requests_per_second,
        6 => s.error_ratio,
        7 => Some(s.objective.availability),
        8 => Some(s.objective.latency_threshold_ms),
        9 => s.error_budget_remaining,
        10 => s.burn("1h"),
        11 => s.burn("6h"),
        12 => match s.time_to_exhaustion {
            Exhaustion::Spent => Some(0.0),
            Exhaustion::InHours(h) => Some(h),
            Exhaustion::Never => Some(f64::MAX),
            Exhaustion::Unknown => None,
        },
        _ => return SortKey::Text(s.name.clone()),
    };
    SortKey::Number(number)
}

/// The quantile the latency objective names against its threshold: over is critical, within
/// 10 % of it a warning.
pub fn latency_health(s: &ServiceLatency) -> Health {
    let threshold = s.objective.latency_threshold_ms;
    rising(s.objective_quantile().1, threshold * 0.9, threshold)
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
    data_table(Topic::Latency, &title, &WIDTHS, input, context).render(
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
    let budget = s.objective.error_budget();
    let errors = rising(s.error_ratio, budget * 0.5, budget);
    let remaining = match s.error_budget_remaining.filter(|v| v.is_finite()) {
        None => Health::Unknown,
        Some(r) if r <= 0.0 => Health::Critical,
        Some(r) if r < 0.25 => Health::Warning,
        Some(_) => Health::Ok,
    };
    // The quantile the latency objective names carries its colour.
    let judged = s.objective_quantile().0;
    let quantile = |q: f64, value: Option<f64>| {
        let text = format::millis(value);
        if (q - judged).abs() < 1e-9 {
            Line::styled(text, context.health(latency_health(s)))
        } else {
            Line::from(text)
        }
    };
    Row::new(vec![
        Line::from(s.name.clone()),
        quantile(0.5, s.p50_ms),
        quantile(0.9, s.p90_ms),
        quantile(0.95, s.p95_ms),
        quantile(0.99, s.p99_ms),
        Line::from(format::rate(s.requests_per_second)),
        Line::styled(format::ratio_percent(s.error_ratio), context.health(errors)),
        Line::styled(s.objective.availability_label(), context.style(Role::Muted)),
        Line::styled(s.objective.latency_label(), context.style(Role::Muted)),
        Line::styled(
            format::ratio_percent(s.error_budget_remaining),
            context.health(remaining),
        ),
        burn_cell(s, "1h", context),
        burn_cell(s, "6h", context),
        Line::styled(
            format::exhaustion(s.time_to_exhaustion),
            context.health(match s.time_to_exhaustion {
                Exhaustion::Spent => Health::Critical,
                // Sooner than a 14.4× burn would empty a full 30-day budget (50 h): page-worthy.
                Exhaustion::InHours(h) if h < 50.0 => Health::Critical,
                Exhaustion::InHours(h) if h < 24.0 * f64::from(s.objective.window_days) => {
                    Health::Warning
                }
                Exhaustion::InHours(_) | Exhaustion::Never => Health::Ok,
                Exhaustion::Unknown => Health::Unknown,
            }),
        ),
    ])
}

fn burn_cell<'a>(s: &ServiceLatency, window: &str, context: &RenderContext) -> Line<'a> {
    let value = s.burn(window);
    Line::styled(
        format::times(value),
        context.health(rising(value, 1.0, alert_factor(s, window))),
    )
}

/// Every burn-rate window of the selected service and what the SRE Workbook's alerts make of
/// them: which pair would page or open a ticket, or that a window has no data.
fn burn_line<'a>(service: &ServiceLatency, context: &RenderContext) -> Line<'a> {
    let mut spans = vec![Span::styled(
        format!(
            "{} {} · {} · burn (Workbook): ",
            service.name,
            service.objective.availability_label(),
            service.window_label()
        ),
        context.style(Role::Muted),
    )];
    for rate in &service.burn_rates {
        spans.push(Span::styled(
            format!("{} {}  ", rate.window, format::times(rate.value)),
            context.health(rising(rate.value, 1.0, alert_factor(service, rate.window))),
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
        " {} p99 · last {} · latency objective {} · now {} ",
        service.name,
        input.range.label(),
        service.objective.latency_label(),
        format::millis(service.p99_ms)
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.style(Role::Border))
        .title(Line::styled(title, context.health(latency_health(service))));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (_, values) = service.p99_history.window(input.range.span());
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
