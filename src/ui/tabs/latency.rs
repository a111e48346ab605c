//! Latency: per-service quantiles, traffic, errors and SLO burn; p99 of the selected service
//! over the chosen range against its target.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Row};

use super::{TabInput, alert_strip, data_table, rising};
use crate::app::{TabId, TableView};
use crate::domain::{Health, LatencyView, ServiceLatency, Topic};
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

/// SRE Workbook page thresholds for a 30-day window: 14.4× over 1 h, 6× over 6 h.
const BURN_PAGE_1H: f64 = 14.4;
const BURN_PAGE_6H: f64 = 6.0;

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
        9 => s.burn_rate_1h,
        10 => s.burn_rate_6h,
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
    let rest = alert_strip(frame, area, input.snapshot, Topic::Latency, context);

    let rows = u16::try_from(latency.services.len())
        .unwrap_or(u16::MAX)
        .saturating_add(3);
    let (table_area, chart_area) = split_top(rest, rows);
    let order = ordered(&latency.services, view, |s| s.name.clone(), sort_key);
    let title = format!(
        "Services · SLO {}-day window · burn = error ratio ÷ budget (SRE Workbook: page at 14.4× 1h, 6× 6h)",
        latency.slo_window_days
    );
    data_table(TabId::Latency, &title, &WIDTHS, input, context).render(
        frame,
        table_area,
        view,
        &order,
        |i| service_row(&latency.services[i], context),
    );

    if let Some(service) = order.get(view.selected).map(|&i| &latency.services[i]) {
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
        Line::styled(
            format::times(s.burn_rate_1h),
            context.health(rising(s.burn_rate_1h, 1.0, BURN_PAGE_1H)),
        ),
        Line::styled(
            format::times(s.burn_rate_6h),
            context.health(rising(s.burn_rate_6h, 1.0, BURN_PAGE_6H)),
        ),
    ])
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
