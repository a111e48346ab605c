//! Readiness: checks grouped by category with six states; unknown and error never count as
//! passing. The overall score and level, owner and when each check was last evaluated.

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row};

use super::{TabInput, data_table};
use crate::app::{TableView, Topic};
use crate::domain::{Category, CheckState, Health, ReadinessCheck, ReadinessLevel, ReadinessView};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::layout::split_top;
use crate::ui::theme::Role;
use crate::ui::widgets::data_table::{SortKey, ordered};

const WIDTHS: [Constraint; 6] = [
    Constraint::Length(15),
    Constraint::Min(24),
    Constraint::Length(8),
    Constraint::Length(14),
    Constraint::Length(10),
    Constraint::Min(20),
];

pub fn state_health(state: CheckState) -> Health {
    match state {
        CheckState::Pass | CheckState::NotApplicable => Health::Ok,
        CheckState::Warn => Health::Warning,
        CheckState::Fail | CheckState::Error => Health::Critical,
        CheckState::Unknown => Health::Unknown,
    }
}

fn sort_key(c: &ReadinessCheck, column: usize) -> SortKey {
    match column {
        1 => SortKey::Text(c.name.clone()),
        // Problems first: fail, error, unknown, warn before pass.
        2 => SortKey::Number(Some(match c.state {
            CheckState::Fail => 0.0,
            CheckState::Error => 1.0,
            CheckState::Unknown => 2.0,
            CheckState::Warn => 3.0,
            CheckState::Pass => 4.0,
            CheckState::NotApplicable => 5.0,
        })),
        3 => SortKey::Text(c.owner.clone()),
        4 => SortKey::Number(c.evaluated_at.map(|t| t.timestamp() as f64)),
        5 => SortKey::Text(c.detail.clone()),
        _ => SortKey::Number(Some(f64::from(c.category as u8))),
    }
}

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
    let order = ordered(
        &readiness.checks,
        view,
        |c| {
            format!(
                "{} {} {} {}",
                c.category.label(),
                c.name,
                c.state.label(),
                c.owner
            )
        },
        sort_key,
    );
    let now = input.snapshot.taken_at;
    data_table(
        Topic::Readiness,
        "Readiness checks",
        &WIDTHS,
        input,
        context,
    )
    .render(frame, table_area, view, &order, |i| {
        let check = &readiness.checks[i];
        let evaluated = check.evaluated_at.map_or_else(
            || "never".to_string(),
            |t| format!("{} ago", format::span(now - t)),
        );
        Row::new(vec![
            Line::from(check.category.label()),
            Line::from(format!(
                "{}{}",
                check.name,
                if check.blocking { " *" } else { "" }
            )),
            Line::styled(
                check.state.label(),
                context.health(state_health(check.state)),
            ),
            Line::from(check.owner.clone()),
            Line::from(evaluated),
            Line::styled(check.detail.clone(), context.style(Role::Muted)),
        ])
    });
}

fn summary_lines(readiness: &ReadinessView, context: &RenderContext) -> Vec<Line<'static>> {
    let level = readiness.level();
    let level_health = match level {
        ReadinessLevel::Gold => Health::Ok,
        ReadinessLevel::Silver | ReadinessLevel::Bronze => Health::Warning,
        ReadinessLevel::NotReady => Health::Critical,
    };
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
            context.health(state_health(*state)),
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
