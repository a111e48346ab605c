//! Readiness: checks grouped by category with six states; unknown and error never count as
//! passing. The overall score and level, owner and when each check was last evaluated.

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{TabInput, data_table};
use crate::app::TableView;
use crate::app::table::{CheckColumn, order};
use crate::domain::{Category, CheckState, Health, ReadinessView};
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
    let summary = summary_lines(readiness, context);
    let (summary_area, table_area) =
        split_top(area, u16::try_from(summary.len()).unwrap_or(u16::MAX));
    frame.render_widget(Paragraph::new(summary), summary_area);
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

fn summary_lines(readiness: &ReadinessView, context: &RenderContext) -> Vec<Line<'static>> {
    let level = readiness.level();
    let level_health = level.health();
    let mut by_state: BTreeMap<CheckState, usize> = BTreeMap::new();
    let mut by_category: BTreeMap<Category, (usize, usize)> = BTreeMap::new();
    for check in &readiness.checks {
        *by_state.entry(check.state).or_default() += 1;
        let entry = by_category.entry(check.category).or_default();
        if check.state != CheckState::NotApplicable {
            entry.1 += 1;
            entry.0 += usize::from(check.state == CheckState::Pass);
        }
    }
    let mut first = vec![
        Span::styled("Readiness ", context.style(Role::Muted)),
        Span::styled(
            format!("{} ", readiness.summary()),
            context.style(Role::Text),
        ),
        Span::styled(
            format!("level {} ", level.label().to_uppercase()),
            context.health(level_health),
        ),
        Span::styled("·", context.style(Role::Muted)),
    ];
    for (state, n) in &by_state {
        first.push(Span::styled(
            format!(" {} {n}", state.label()),
            context.health(state.health()),
        ));
    }
    let mut second = vec![Span::styled("By category ", context.style(Role::Muted))];
    for category in Category::ALL {
        let (p, t) = by_category.get(&category).copied().unwrap_or_default();
        let health = if t == 0 {
            Health::Unknown
        } else if p == t {
            Health::Ok
        } else {
            Health::Warning
        };
        second.push(Span::styled(
            format!("{} {p}/{t}  ", category.label()),
            context.health(health),
        ));
    }
    vec![
        Line::from(first),
        Line::from(second),
        Line::styled(
            "* blocking · applicable = all but n/a · unknown and error never count as passing",
            context.style(Role::Muted),
        ),
    ]
}
