//! Cost: month to date against budget, the month-end forecast and how it was made, the 7-day
//! run rate against the baseline (the checkpoint's "Cost vs baseline"), spend by
//! service, daily bars, last month, commitment coverage, the savings estimate, and for cached
//! sources (Cost Explorer bills per request) how old the figures are.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph};

use chrono::{DateTime, Duration, Utc};

use super::{TabInput, alert_lines, data_table};
use crate::app::table::{CostColumn, order};
use crate::app::{Action, TableView};
use crate::domain::cost::{HOURS_PER_MONTH, RUN_RATE_WINDOW};
use crate::domain::figure;
use crate::domain::{CostView, Topic};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::layout::{split_left, split_top};
use crate::ui::theme::Role;
use crate::ui::widgets::bar_sets::bars;
use crate::ui::widgets::meter::meter;

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
    let order = order::<CostColumn>(&cost.by_service, view);
    data_table("Spend by service, month to date", input, context).render(
        frame,
        table_area,
        view,
        &cost.by_service,
        &order,
        |column, line| match column {
            CostColumn::Service => Line::from(line.service.as_str()),
            CostColumn::MonthToDate => Line::from(format::money(Some(line.month_to_date))),
            CostColumn::Share => Line::from(format::percent(cost.share_percent(line))),
        },
    );
    render_daily(frame, bars_area, cost, context);
}

fn summary_lines(cost: &CostView, width: u16, context: &RenderContext) -> Vec<Line<'static>> {
    let used =
        (cost.monthly_budget > 0.0).then(|| cost.month_to_date / cost.monthly_budget * 100.0);
    let over_budget = cost.forecast_vs_budget_percent();
    let forecast_health = cost.forecast_health();
    let meter_width = usize::from(width.saturating_sub(60)).clamp(4, 50);
    let muted = |text: String| Span::styled(text, context.style(Role::Muted));
    vec![
        Line::from(vec![
            muted("Month to date ".into()),
            Span::styled(
                format!("{} ", format::money(Some(cost.month_to_date))),
                context.style(Role::Text),
            ),
            muted(format!(
                "of {} budget ({}) ",
                format::money(Some(cost.monthly_budget)),
                format::percent(used)
            )),
            Span::styled(
                meter(used, meter_width, &[100.0], context.ascii),
                context.style(Role::Bar),
            ),
        ]),
        Line::from(vec![
            muted("Forecast month end ".into()),
            Span::styled(
                format!("{} ", format::money(cost.forecast_month_end)),
                context.health(forecast_health),
            ),
            muted(format!(
                "(forecast vs budget {}, {})",
                signed(over_budget),
                cost.forecast_method
            )),
        ]),
        Line::from(vec![
            muted("Cost vs baseline ".into()),
            Span::styled(
                format!(
                    "{} ",
                    figure::text("cost.vs_baseline_percent", cost.vs_baseline_percent())
                ),
                context.style(Role::Text),
            ),
            muted(format!(
                "({} = {}/month vs the {} baseline)",
                RUN_RATE_WINDOW,
                format::money(cost.hourly_average_7d.map(|h| h * HOURS_PER_MONTH)),
                format::money(Some(cost.monthly_baseline))
            )),
        ]),
        Line::from(vec![
            muted("Run rate ".into()),
            Span::styled(
                format!(
                    "{}/h",
                    cost.hourly_rate
                        .map_or_else(|| format::MISSING.to_string(), |r| format!("${r:.2}"))
                ),
                context.style(Role::Text),
            ),
            muted("   Last month ".into()),
            Span::styled(format::money(cost.last_month), context.style(Role::Text)),
            muted(cost.last_month_since.map_or_else(String::new, |since| {
                format!(
                    " (from {} only: the record starts then)",
                    since.format("%b %-d")
                )
            })),
            muted("   Reserved coverage ".into()),
            Span::styled(
                format::ratio_percent(cost.reserved_coverage),
                context.style(Role::Text),
            ),
            muted("   Savings Plans coverage ".into()),
            Span::styled(
                format::ratio_percent(cost.savings_plans_coverage),
                context.style(Role::Text),
            ),
            muted("   Savings estimate ".into()),
            Span::styled(
                format!("{}/month ", format::money(cost.savings_estimate_monthly)),
                context.style(Role::Ok),
            ),
            muted(cost.savings_note.clone()),
        ]),
    ]
}

/// `+0.7%`, `-12.3%`: the figure's own text with the sign, for the forecast's overrun.
fn signed(percent: Option<f64>) -> String {
    let text = figure::text("cost.forecast_vs_budget_percent", percent);
    if percent.is_some_and(|p| p > 0.0) {
        format!("+{text}")
    } else {
        text
    }
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
