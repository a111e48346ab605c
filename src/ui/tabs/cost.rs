//! Cost: month to date against budget, the month-end forecast and how it was made, spend by
//! service, daily bars, last month, commitment coverage, the savings estimate, and for cached
//! sources (Cost Explorer bills per request) how old the figures are.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph, Row};

use chrono::{DateTime, Duration, Utc};

use super::{TabInput, alert_lines, data_table, rising};
use crate::app::{Action, TabId, TableView};
use crate::domain::{CostView, ServiceCost, Topic};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::layout::{split_left, split_top};
use crate::ui::theme::Role;
use crate::ui::widgets::bar_sets::bars;
use crate::ui::widgets::data_table::{SortKey, ordered};
use crate::ui::widgets::meter::meter;

const WIDTHS: [Constraint; 3] = [
    Constraint::Length(30),
    Constraint::Length(14),
    Constraint::Length(7),
];

fn sort_key(s: &ServiceCost, column: usize) -> SortKey {
    match column {
        0 => SortKey::Text(s.service.clone()),
        _ => SortKey::Number(Some(s.month_to_date)),
    }
}

pub fn render(
    frame: &mut Frame,
    area: Rect,
    cost: &CostView,
    input: &TabInput,
    view: &mut TableView,
    context: &RenderContext,
) {
    let mut summary = alert_lines(input.snapshot, Topic::Cost, context);
    summary.extend(summary_lines(cost, area.width, context));
    summary.extend(fetched_line(cost, input.snapshot.taken_at, context));
    let (summary_area, rest) = split_top(area, u16::try_from(summary.len()).unwrap_or(u16::MAX));
    frame.render_widget(Paragraph::new(summary), summary_area);

    let (table_area, bars_area) = split_left(rest, 40);
    let order = ordered(&cost.by_service, view, |s| s.service.clone(), sort_key);
    let total = cost.month_to_date;
    data_table(
        TabId::Cost,
        "Spend by service, month to date",
        &WIDTHS,
        input,
        context,
    )
    .render(frame, table_area, view, &order, |i| {
        let line = &cost.by_service[i];
        let share = (total > 0.0).then(|| line.month_to_date / total * 100.0);
        Row::new(vec![
            line.service.clone(),
            format::money(Some(line.month_to_date)),
            format::percent(share),
        ])
    });
    render_daily(frame, bars_area, cost, context);
}

fn summary_lines(cost: &CostView, width: u16, context: &RenderContext) -> Vec<Line<'static>> {
    let used =
        (cost.monthly_budget > 0.0).then(|| cost.month_to_date / cost.monthly_budget * 100.0);
    let forecast_ratio = cost
        .forecast_month_end
        .map(|f| f / cost.monthly_budget * 100.0);
    let forecast_health = rising(forecast_ratio, 95.0, 100.0);
    let meter_width = usize::from(width.saturating_sub(60)).clamp(4, 50);
    vec![
        Line::from(vec![
            Span::styled("Month to date ", context.style(Role::Muted)),
            Span::styled(
                format!("{} ", format::money(Some(cost.month_to_date))),
                context.style(Role::Text),
            ),
            Span::styled(
                format!(
                    "of {} budget ({}) ",
                    format::money(Some(cost.monthly_budget)),
                    format::percent(used)
                ),
                context.style(Role::Muted),
            ),
            Span::styled(
                meter(used, meter_width, &[100.0], context.ascii),
                context.style(Role::Bar),
            ),
        ]),
        Line::from(vec![
            Span::styled("Forecast month end ", context.style(Role::Muted)),
            Span::styled(
                format!("{} ", format::money(cost.forecast_month_end)),
                context.health(forecast_health),
            ),
            Span::styled(
                format!(
                    "({} of budget, {})",
                    format::percent(forecast_ratio),
                    cost.forecast_method
                ),
                context.style(Role::Muted),
            ),
        ]),
        Line::from(vec![
            Span::styled("Run rate ", context.style(Role::Muted)),
            Span::styled(
                format!(
                    "{}/h",
                    cost.hourly_rate
                        .map_or_else(|| format::MISSING.to_string(), |r| format!("${r:.2}"))
                ),
                context.style(Role::Text),
            ),
            Span::styled("   Last month ", context.style(Role::Muted)),
            Span::styled(format::money(cost.last_month), context.style(Role::Text)),
            Span::styled("   Reserved coverage ", context.style(Role::Muted)),
            Span::styled(
                format::ratio_percent(cost.reserved_coverage),
                context.style(Role::Text),
            ),
            Span::styled("   Savings Plans coverage ", context.style(Role::Muted)),
            Span::styled(
                format::ratio_percent(cost.savings_plans_coverage),
                context.style(Role::Text),
            ),
            Span::styled("   Savings estimate ", context.style(Role::Muted)),
            Span::styled(
                format!("{}/month ", format::money(cost.savings_estimate_monthly)),
                context.style(Role::Ok),
            ),
            Span::styled(cost.savings_note.clone(), context.style(Role::Muted)),
        ]),
    ]
}

/// Cached figures older than this are marked: a day's spend moves them by several percent.
const STALE_AFTER: Duration = Duration::hours(2);

/// "fetched 12m ago · r refreshes", for cached sources only; ages on the snapshot's clock.
fn fetched_line(
    cost: &CostView,
    now: DateTime<Utc>,
    context: &RenderContext,
) -> Option<Line<'static>> {
    let age = now - cost.fetched_at?;
    let role = if age > STALE_AFTER {
        Role::Stale
    } else {
        Role::Muted
    };
    Some(Line::styled(
        format!(
            "fetched {} ago · {} refreshes",
            format::span(age),
            context.keymap.describe_keys(Action::Refresh)
        ),
        context.style(role),
    ))
}

fn render_daily(frame: &mut Frame, area: Rect, cost: &CostView, context: &RenderContext) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.style(Role::Border))
        .title(" Daily spend ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    const BAR_WIDTH: u16 = 5;
    let fits = usize::from(inner.width / (BAR_WIDTH + 1));
    let days = &cost.daily[cost.daily.len().saturating_sub(fits)..];
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let bars_data: Vec<Bar> = days
        .iter()
        .map(|d| {
            let amount = if d.amount.is_finite() {
                d.amount.max(0.0)
            } else {
                0.0
            };
            Bar::default()
                .value(amount.round() as u64)
                .text_value(format!("{amount:.0}"))
                .label(Line::from(d.date.format("%d").to_string()))
        })
        .collect();
    let chart = BarChart::default()
        .data(BarGroup::default().bars(&bars_data))
        .bar_width(BAR_WIDTH)
        .bar_gap(1)
        .bar_set(bars(context.ascii))
        .bar_style(context.style(Role::Chart))
        .value_style(context.style(Role::Selection))
        .label_style(context.style(Role::Muted));
    frame.render_widget(chart, inner);
}
