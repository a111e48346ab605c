//! Cost: month to date against budget, the month-end forecast with its verdict and how it was
//! made, the 7-day run rate against the baseline (the checkpoint's "Cost vs baseline"), spend
//! by service, dated daily bars, last month, commitment coverage, the savings estimate, and for
//! cached sources (Cost Explorer bills per request) how old the figures are. Every sentence
//! wraps rather than being cut; wide screens give the secondary figures a box of their own
//! beside the table and the daily bars the full width below.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use chrono::{DateTime, Utc};

mod budgets;
mod daily;

use super::{TabInput, alert_lines, data_table};
use crate::app::table::{Columns, CostColumn, order};
use crate::app::{Action, TableView};
use crate::domain::cost::{HOURS_PER_MONTH, RUN_RATE_WINDOW};
use crate::domain::figure;
use crate::domain::{CostView, Topic};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::layout::{split_rows, split_top};
use crate::ui::theme::Role;
use crate::ui::widgets::meter::meter;

/// From this size the secondary figures get a box beside the table and the bars go below.
const WIDE: (u16, u16) = (120, 30);

pub fn render(
    frame: &mut Frame,
    area: Rect,
    cost: &CostView,
    input: &TabInput,
    view: &mut TableView,
    context: &RenderContext,
) {
    let wide = area.width >= WIDE.0 && area.height >= WIDE.1;
    let mut summary = alert_lines(input.snapshot, Topic::Cost, context);
    summary.extend(headline_lines(cost, area.width, context));
    summary.extend(budgets::lines(cost, context));
    if !wide {
        summary.extend(detail_lines(cost, context));
    }
    summary.extend(fetched_line(cost, input.snapshot.taken_at, context));
    let summary = Paragraph::new(summary).wrap(Wrap { trim: true });
    let height = u16::try_from(summary.line_count(area.width)).unwrap_or(u16::MAX);
    let (summary_area, rest) = split_rows(area, height);
    frame.render_widget(summary, summary_area);

    // The table as wide as its columns like, at most half the screen.
    let specs = CostColumn::specs();
    let wanted: u16 = specs.iter().map(|s| s.preferred + 1).sum::<u16>() + 1;
    let table_width = wanted.min(rest.width / 2);
    let rows = u16::try_from(cost.by_service.len()).unwrap_or(u16::MAX);
    let (table_area, details_area, bars_area) = if wide {
        let (top, bars_area) = split_top(rest, rows.saturating_add(3));
        let table = Rect {
            width: table_width,
            ..top
        };
        let details = Rect {
            x: table.right(),
            width: top.width - table.width,
            ..top
        };
        (table, Some(details), bars_area)
    } else {
        let table = Rect {
            width: table_width,
            ..rest
        };
        let bars_area = Rect {
            x: table.right(),
            width: rest.width - table.width,
            ..rest
        };
        (table, None, bars_area)
    };
    let order = order::<CostColumn>(&cost.by_service, view);
    data_table("Spend by service", input, context).render(
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
    if let Some(area) = details_area {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(context.style(Role::Border))
            .title(" Run rate, last month, coverage, savings ");
        frame.render_widget(
            Paragraph::new(detail_lines(cost, context))
                .block(block)
                .wrap(Wrap { trim: true }),
            area,
        );
    }
    daily::render(
        frame,
        bars_area,
        cost,
        input.snapshot.taken_at.date_naive(),
        context,
    );
}

fn muted(text: String, context: &RenderContext) -> Span<'static> {
    Span::styled(text, context.style(Role::Muted))
}

fn figure_span(text: String, context: &RenderContext) -> Span<'static> {
    Span::styled(text, context.style(Role::Text))
}

/// Month to date, the forecast with its verdict, and cost vs baseline: one sentence each.
fn headline_lines(cost: &CostView, width: u16, context: &RenderContext) -> Vec<Line<'static>> {
    let used = cost.budget_used_percent();
    let meter_width = usize::from(width.saturating_sub(60)).clamp(4, 50);
    let verdict = context
        .judged(cost.forecast_verdict(), cost.forecast_health())
        .spans
        .into_iter()
        .next()
        .unwrap_or_default();
    vec![
        Line::from(vec![
            muted("Month to date ".into(), context),
            figure_span(
                format!("{} ", format::money(Some(cost.month_to_date))),
                context,
            ),
            muted(
                format!(
                    "of {} budget ({}) ",
                    format::money(Some(cost.monthly_budget)),
                    format::percent(used)
                ),
                context,
            ),
            Span::styled(
                meter(used, meter_width, &[100.0], context.ascii),
                context.style(Role::Bar),
            ),
        ]),
        Line::from(vec![
            muted("Forecast month end ".into(), context),
            Span::styled(
                format::money(cost.forecast_month_end),
                context.health(cost.forecast_health()),
            ),
            muted(", ".into(), context),
            verdict,
            muted(
                format!(
                    " (forecast vs budget {}, {})",
                    signed(cost.forecast_vs_budget_percent()),
                    cost.forecast_method
                ),
                context,
            ),
        ]),
        Line::from(vec![
            muted("Cost vs baseline ".into(), context),
            figure_span(
                format!(
                    "{} ",
                    figure::text("cost.vs_baseline_percent", cost.vs_baseline_percent())
                ),
                context,
            ),
            muted(
                format!(
                    "({} = {}/month vs the {} baseline)",
                    RUN_RATE_WINDOW,
                    format::money(cost.hourly_average_7d.map(|h| h * HOURS_PER_MONTH)),
                    format::money(Some(cost.monthly_baseline))
                ),
                context,
            ),
        ]),
    ]
}

/// The savings estimate, then run rate, last month and commitment coverage.
fn detail_lines(cost: &CostView, context: &RenderContext) -> Vec<Line<'static>> {
    let rate = cost
        .hourly_rate
        .map_or_else(|| format::MISSING.to_string(), |r| format!("${r:.2}"));
    let since = cost.last_month_since.map_or_else(String::new, |since| {
        format!(
            " (from {} only: the record starts then)",
            since.format("%b %-d")
        )
    });
    vec![
        Line::from(vec![
            muted("Savings estimate ".into(), context),
            Span::styled(
                format!("{}/month ", format::money(cost.savings_estimate_monthly)),
                context.style(Role::Ok),
            ),
            muted(cost.savings_note.clone(), context),
        ]),
        Line::from(vec![
            muted("Run rate ".into(), context),
            figure_span(format!("{rate}/h"), context),
            muted("   Last month ".into(), context),
            figure_span(format::money(cost.last_month), context),
            muted(since, context),
        ]),
        Line::from(vec![
            muted("Reserved coverage ".into(), context),
            figure_span(format::ratio_percent(cost.reserved_coverage), context),
            muted("   Savings Plans coverage ".into(), context),
            figure_span(format::ratio_percent(cost.savings_plans_coverage), context),
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

/// "fetched 12m ago · r refreshes", for cached sources only; ages on the snapshot's clock.
fn fetched_line(
    cost: &CostView,
    now: DateTime<Utc>,
    context: &RenderContext,
) -> Option<Line<'static>> {
    let age = now - cost.fetched_at?;
    let role = if cost.cache_stale(now) {
        Role::Stale
    } else {
        Role::Muted
    };
    let text = format!(
        "fetched {} ago · {} refreshes",
        format::span(age),
        context.keymap.describe_keys(Action::Refresh)
    );
    Some(Line::styled(
        format::symbols(&text, context.ascii),
        context.style(role),
    ))
}
