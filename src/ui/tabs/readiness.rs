//! Readiness: checks grouped by category with six states; unknown and error never count as
//! passing. The overall score and level, owner and when each check was last evaluated.

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{TabInput, data_table};
use crate::app::TableView;
use crate::app::table::{CheckColumn, order};
use crate::domain::{CheckState, ReadinessView, group_health};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::layout::split_top;
use crate::ui::theme::Role;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    readiness: &ReadinessView,
    input: &TabInput,
    view: &mut TableView,
    context: &RenderContext,
) {
    // The score, the level and the per-category line come first and wrap: never cut.
    let summary = summary_lines(readiness, usize::from(area.width), context);
    let (summary_area, table_area) =
        split_top(area, u16::try_from(summary.len()).unwrap_or(u16::MAX));
    frame.render_widget(
        Paragraph::new(summary).wrap(Wrap { trim: false }),
        summary_area,
    );
    let order = order::<CheckColumn>(&readiness.checks, view);
    let now = input.snapshot.taken_at;
    data_table("Readiness checks", input, context).render(
        frame,
        table_area,
        view,
        &readiness.checks,
        &order,
        |column, check| match column {
            CheckColumn::Category => Line::from(check.category.label()),
            CheckColumn::Check => Line::from(format!(
                "{}{}",
                check.name,
                if check.blocking { " *" } else { "" }
            )),
            CheckColumn::State => context.judged(check.state.label(), check.state.health()),
            CheckColumn::Owner => Line::from(check.owner.as_str()),
            CheckColumn::Evaluated => Line::from(check.evaluated_at.map_or_else(
                || "never".to_string(),
                |t| format!("{} ago", format::span(now - t)),
            )),
            CheckColumn::Detail => Line::styled(check.detail.as_str(), context.style(Role::Muted)),
        },
    );
}

/// The score and level with the count of each state, then each category's passing of
/// applicable checks, wrapped to `width` between items (an item is never split).
fn summary_lines(
    readiness: &ReadinessView,
    width: usize,
    context: &RenderContext,
) -> Vec<Line<'static>> {
    let level = readiness.level();
    let mut by_state: BTreeMap<CheckState, usize> = BTreeMap::new();
    for check in &readiness.checks {
        *by_state.entry(check.state).or_default() += 1;
    }
    let mut score = vec![vec![
        Span::styled("Readiness ", context.style(Role::Muted)),
        Span::styled(readiness.summary(), context.style(Role::Text)),
    ]];
    score.push(
        context
            .judged(
                format!("level {}", level.label().to_uppercase()),
                level.health(),
            )
            .spans,
    );
    score.extend(by_state.iter().map(|(state, n)| {
        context
            .judged(format!("{} {n}", state.label()), state.health())
            .spans
    }));
    let mut categories = vec![vec![Span::styled(
        "By category",
        context.style(Role::Muted),
    )]];
    categories.extend(
        readiness
            .by_category()
            .into_iter()
            .map(|(category, pass, applicable)| {
                context
                    .judged(
                        format!("{} {pass}/{applicable}", category.label()),
                        group_health(pass, applicable),
                    )
                    .spans
            }),
    );
    let mut lines = flowed(score, width);
    lines.extend(flowed(categories, width));
    lines.extend(flowed(
        [
            "* blocking",
            "applicable = all but n/a",
            "unknown and error never count as passing",
        ]
        .map(|t| vec![Span::styled(t, context.style(Role::Muted))])
        .into(),
        width,
    ));
    lines
}

/// Items (each a few spans) two spaces apart, in lines of at most `width` columns; an item
/// wider than the line is left to the paragraph's wrap.
fn flowed(items: Vec<Vec<Span<'static>>>, width: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Vec<Span<'static>>> = Vec::new();
    for item in items {
        let item_width: usize = item.iter().map(Span::width).sum();
        match lines.last_mut() {
            Some(line) if line.iter().map(Span::width).sum::<usize>() + 2 + item_width <= width => {
                line.push(Span::raw("  "));
                line.extend(item);
            }
            _ => lines.push(item),
        }
    }
    lines.into_iter().map(Line::from).collect()
}
