//! The criteria table: this week against the target, last week, the change (good or bad by
//! the criterion's direction), the verdict in words, eight weeks of history coloured by
//! verdict, the owner; and a line on the selected criterion (why it is unknown). Narrower
//! terminals drop the units beside the figures (the target keeps them), then columns by
//! priority.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::figures::{change, figure};
use super::verdict_role;
use crate::app::TableView;
use crate::app::table::{Columns, CriterionColumn, order as table_order};
use crate::domain::checkpoint::{CriterionResult, Verdict, WeeklyReport, format};
use crate::ui::RenderContext;
use crate::ui::tabs::titled_table;
use crate::ui::theme::Role;
use crate::ui::widgets::bar_sets::text_sparkline;
use crate::ui::widgets::data_table::{fit, max_scroll};

/// The criteria passing the filter, in the view's order.
pub fn order(report: &WeeklyReport, view: &TableView) -> Vec<usize> {
    table_order::<CriterionColumn>(&report.criteria, view)
}

/// Draws the rows `order` names and returns the selected criterion.
pub fn render<'r>(
    frame: &mut Frame,
    area: Rect,
    report: &'r WeeklyReport,
    order: &[usize],
    loading: bool,
    view: &mut TableView,
    context: &RenderContext,
) -> Option<&'r CriterionResult> {
    let units = units_fit(report, area.width.saturating_sub(2), view, context);
    let mut title = String::from("Success criteria (* blocking)");
    if report.partial {
        title.push_str(" · week to date");
    }
    if loading {
        title.push_str(" · evaluating…");
    }
    titled_table(title, loading, context).render(
        frame,
        area,
        view,
        &report.criteria,
        order,
        |column, c| cell(column, c, units, context),
    );
    order.get(view.selected).map(|&i| &report.criteria[i])
}

/// Units go beside the figures only when every figure shown fits its column with its unit: a
/// right-aligned figure too wide for its column would lose its leading digits, and mixing
/// `2,412 req/s` with bare numbers would read as different figures.
fn units_fit(report: &WeeklyReport, width: u16, view: &TableView, context: &RenderContext) -> bool {
    let specs = CriterionColumn::specs();
    let scroll = view.column_scroll.min(max_scroll(&specs, width));
    let shown = fit(&specs, width, scroll).shown;
    let room = |column: CriterionColumn| {
        shown
            .iter()
            .find(|&&(i, _)| i == column.index())
            .map(|&(_, w)| usize::from(w))
    };
    let figures = [
        CriterionColumn::ThisWeek,
        CriterionColumn::LastWeek,
        CriterionColumn::Change,
    ];
    report.criteria.iter().all(|c| {
        figures
            .into_iter()
            .all(|column| room(column).is_none_or(|w| cell(column, c, true, context).width() <= w))
    })
}

fn cell<'a>(
    column: CriterionColumn,
    c: &CriterionResult,
    units: bool,
    context: &RenderContext,
) -> Line<'a> {
    let verdict = context.style(verdict_role(c.verdict));
    match column {
        CriterionColumn::Criterion if c.blocking => Line::from(format!("{} *", c.name)),
        CriterionColumn::Criterion => Line::from(c.name.clone()),
        CriterionColumn::Target => Line::styled(format::target(c), context.style(Role::Muted)),
        CriterionColumn::ThisWeek => Line::styled(figure(c, c.this_week, units), verdict),
        CriterionColumn::LastWeek => Line::from(figure(c, c.last_week, units)),
        CriterionColumn::Change => match c.change_health() {
            Some(health) => context.judged(change(c, units, context.ascii), health),
            None => Line::styled(change(c, units, context.ascii), context.style(Role::Muted)),
        },
        CriterionColumn::Status => Line::styled(c.verdict.label().to_uppercase(), verdict),
        CriterionColumn::History => history(c, context),
        CriterionColumn::Owner => Line::from(c.owner.clone()),
    }
}

/// The eight weeks as a text sparkline, each week in its verdict's colour.
fn history<'a>(c: &CriterionResult, context: &RenderContext) -> Line<'a> {
    let values: Vec<Option<f64>> = c.history.iter().map(|w| w.value).collect();
    let glyphs = text_sparkline(&values, context.ascii);
    let spans: Vec<Span<'a>> = glyphs
        .into_iter()
        .zip(&c.history)
        .map(|(glyph, week)| Span::styled(glyph, context.style(verdict_role(week.verdict))))
        .collect();
    Line::from(spans)
}

/// What the selected criterion's figure is and where it comes from; why, when it is unknown
/// or when something explains its miss.
pub fn detail<'a>(c: &CriterionResult, context: &RenderContext) -> Line<'a> {
    let why = c
        .note
        .as_ref()
        .filter(|_| c.verdict == Verdict::Missed)
        .map_or_else(String::new, |note| format!(" ({note})"));
    let definition = c
        .definition
        .as_ref()
        .map_or_else(String::new, |d| format!(" · {d}"));
    let (what, role) = match c.verdict {
        Verdict::Unknown => (
            c.note
                .clone()
                .unwrap_or_else(|| "no value this week".into()),
            Role::Unknown,
        ),
        Verdict::Met => (
            format!("{} of the week meets {}", c.aggregation, format::target(c)),
            Role::Ok,
        ),
        Verdict::Missed => (
            format!(
                "{} of the week misses {}{why}",
                c.aggregation,
                format::target(c)
            ),
            Role::Critical,
        ),
    };
    let blocking = if c.blocking { " · blocking" } else { "" };
    Line::from(vec![
        Span::styled(format!("{}: ", c.name), context.style(Role::Text)),
        Span::styled(what, context.style(role)),
        Span::styled(
            crate::ui::format::symbols(
                &format!(
                    "{definition}{blocking} · owner {} · measured by: {}",
                    c.owner, c.measured_by
                ),
                context.ascii,
            ),
            context.style(Role::Muted),
        ),
    ])
}
