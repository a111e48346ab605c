//! The criteria table: this week against the target, last week, the change (good or bad by
//! the criterion's direction), the verdict in words, eight weeks of history coloured by
//! verdict, the owner; and a line on the selected criterion (why it is unknown). Columns are
//! as wide as their cells; narrower terminals drop units, then the least needed columns.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Row;

use super::figures::{change, change_role, figure};
use super::verdict_role;
use crate::app::{TableView, Topic};
use crate::domain::checkpoint::{CriterionResult, Verdict, WeeklyReport, format};
use crate::ui::RenderContext;
use crate::ui::tabs::titled_table;
use crate::ui::theme::Role;
use crate::ui::widgets::bar_sets::text_sparkline;
use crate::ui::widgets::data_table::{SortKey, ordered};

/// Positions in `crate::app::table::columns(Topic::Checkpoint)`.
const COLUMNS: usize = 8;
const TARGET: usize = 1;
const LAST_WEEK: usize = 3;
const CHANGE: usize = 4;
const HISTORY: usize = 6;
const OWNER: usize = 7;

/// What the table affords at a width: units in the value columns (the target keeps its unit)
/// and which columns to leave out (the change still says how last week compares).
struct Fit {
    units: bool,
    hidden: &'static [usize],
}

/// Tried in order: the first that fits is drawn; the last gives the name what is left.
const FITS: [Fit; 7] = [
    Fit {
        units: true,
        hidden: &[],
    },
    Fit {
        units: false,
        hidden: &[],
    },
    Fit {
        units: false,
        hidden: &[LAST_WEEK],
    },
    Fit {
        units: false,
        hidden: &[LAST_WEEK, OWNER],
    },
    Fit {
        units: false,
        hidden: &[LAST_WEEK, OWNER, HISTORY],
    },
    Fit {
        units: false,
        hidden: &[LAST_WEEK, OWNER, HISTORY, TARGET],
    },
    Fit {
        units: false,
        hidden: &[LAST_WEEK, OWNER, HISTORY, TARGET, CHANGE],
    },
];

/// The criteria passing the filter, in the view's order.
pub fn order(report: &WeeklyReport, view: &TableView) -> Vec<usize> {
    ordered(
        &report.criteria,
        view,
        |c| {
            let verdict = c.verdict.label();
            format!("{} {} {verdict} {}", c.name, c.target_text, c.owner)
        },
        sort_key,
    )
}

fn sort_key(c: &CriterionResult, column: usize) -> SortKey {
    let rank = |r: usize| SortKey::Number(Some(f64::from(u32::try_from(r).unwrap_or(u32::MAX))));
    match column {
        1 => SortKey::Text(c.target_text.clone()),
        2 => SortKey::Number(c.this_week),
        3 => SortKey::Number(c.last_week),
        // Worse first, then unchanged or not comparable, then better.
        4 => rank(match c.improved() {
            Some(false) => 0,
            None => 1,
            Some(true) => 2,
        }),
        // Problems first.
        5 => rank(match c.verdict {
            Verdict::Missed => 0,
            Verdict::Unknown => 1,
            Verdict::Met => 2,
        }),
        // The least often met first.
        6 => rank(
            c.history
                .iter()
                .filter(|w| judge(c, w.value) == Verdict::Met)
                .count(),
        ),
        7 => SortKey::Text(c.owner.clone()),
        _ => SortKey::Text(c.name.clone()),
    }
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
    let sorted = view.sort_column;
    // Borders and a column of spacing between cells.
    let fits = |widths: &[u16; COLUMNS]| widths.iter().sum::<u16>() + 2 + 7 <= area.width;
    let chosen = FITS
        .iter()
        .map(|fit| (fit, widths(report, fit, sorted, context)))
        .find(|(_, widths)| fits(widths));
    let squeezed = chosen.is_none();
    let (fit, widths) = chosen.unwrap_or_else(|| {
        let narrowest = &FITS[FITS.len() - 1];
        (narrowest, widths(report, narrowest, sorted, context))
    });
    let widths: Vec<Constraint> = widths
        .iter()
        .enumerate()
        .map(|(i, w)| match i {
            _ if fit.hidden.contains(&i) => Constraint::Length(0),
            // Squeezed, the name takes what is left; else the owner does, keeping the
            // columns together on the left.
            0 if squeezed => Constraint::Fill(1),
            OWNER if !squeezed => Constraint::Min(*w),
            _ => Constraint::Length(*w),
        })
        .collect();
    let mut title = String::from("Success criteria (* blocking)");
    if report.partial {
        title.push_str(" · week to date");
    }
    if loading {
        title.push_str(" · evaluating…");
    }
    titled_table(Topic::Checkpoint, title, &widths, loading, context).render(
        frame,
        area,
        view,
        order,
        |i| Row::new(cells(&report.criteria[i], fit, context)),
    );
    let selected = order.get(view.selected).map(|&i| &report.criteria[i]);
    view.selected_key = selected.map(|c| c.name.clone());
    selected
}

/// Each column as wide as its widest cell or its header (with the sort arrow); 0 if hidden.
fn widths(
    report: &WeeklyReport,
    fit: &Fit,
    sorted: usize,
    context: &RenderContext,
) -> [u16; COLUMNS] {
    let mut widths = [0; COLUMNS];
    for (i, header) in crate::app::table::columns(Topic::Checkpoint)
        .iter()
        .enumerate()
        .take(COLUMNS)
    {
        if !fit.hidden.contains(&i) {
            widths[i] = header.chars().count() + usize::from(i == sorted);
        }
    }
    for c in &report.criteria {
        for (width, cell) in widths.iter_mut().zip(cells(c, fit, context)) {
            *width = (*width).max(cell.width());
        }
    }
    widths.map(|w| u16::try_from(w).unwrap_or(u16::MAX))
}

fn cells<'a>(c: &CriterionResult, fit: &Fit, context: &RenderContext) -> [Line<'a>; COLUMNS] {
    let verdict = context.style(verdict_role(c.verdict));
    let name = if c.blocking {
        format!("{} *", c.name)
    } else {
        c.name.clone()
    };
    let mut cells = [
        Line::from(name),
        Line::styled(format::target(c), context.style(Role::Muted)),
        Line::styled(figure(c, c.this_week, fit.units), verdict),
        Line::from(figure(c, c.last_week, fit.units)),
        Line::styled(
            change(c, fit.units, context.ascii),
            context.style(change_role(c)),
        ),
        Line::styled(c.verdict.label().to_uppercase(), verdict),
        history(c, context),
        Line::from(c.owner.clone()),
    ];
    for &i in fit.hidden {
        cells[i] = Line::default();
    }
    cells
}

fn judge(c: &CriterionResult, value: Option<f64>) -> Verdict {
    c.comparator.judge(value, c.target)
}

/// The eight weeks as a text sparkline, each week in its verdict's colour.
fn history<'a>(c: &CriterionResult, context: &RenderContext) -> Line<'a> {
    let values: Vec<Option<f64>> = c.history.iter().map(|w| w.value).collect();
    let glyphs = text_sparkline(&values, context.ascii);
    let spans: Vec<Span<'a>> = glyphs
        .into_iter()
        .zip(&values)
        .map(|(glyph, value)| Span::styled(glyph, context.style(verdict_role(judge(c, *value)))))
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
