//! One view per tab, same names as `app::tabs`. Each is a pure function of the snapshot and its
//! table view; the dispatch is an exhaustive match so a new tab cannot be forgotten.

mod alerts;
mod checkpoint;
mod cost;
mod data_tier;
mod findings;
mod latency;
mod notes;
mod readiness;
mod scaling;
mod scaling_events;
mod scaling_group;
mod security;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::RenderContext;
use super::theme::Role;
use super::widgets::data_table::{DataTable, TableStyles};
use crate::app::runbook::suggested;
use crate::app::table::{Columns, Secondary, order};
use crate::app::{AppState, ChartRange, Freshness, TableView};
use crate::domain::{FleetSnapshot, Topic};

use alerts::{alert_lines, alert_strip};

/// What a tab view reads.
pub struct TabInput<'a> {
    pub snapshot: &'a FleetSnapshot,
    /// Data is older than two refresh intervals, or the last poll failed.
    pub stale: bool,
    /// Why, when the tab's own panels say more than the source does ("FAILED: timed out …").
    pub note: Option<String>,
    pub range: ChartRange,
    /// Runbooks of this tab whose trigger holds now: "id · title".
    pub suggested: Vec<String>,
}

pub fn render(frame: &mut Frame, area: Rect, state: &mut AppState, context: &RenderContext) {
    if state.tab == Topic::Checkpoint {
        // Weekly figures of its own, not the live snapshot.
        return checkpoint::render(frame, area, state, context);
    }
    let note = notes::part(state, state.tab).or_else(|| notes::panels(state, state.tab));
    let stale = state.data.stale_for(state.tab, state.now) || note.is_some();
    let Some(snapshot) = state.data.snapshot() else {
        let failure = state
            .data
            .sources()
            .find_map(|s| match state.data.freshness(s, state.now) {
                Freshness::Failed { error, .. } => {
                    Some(format!("cannot read from {}: {error}", s.label()))
                }
                _ => None,
            });
        let (text, role) = match failure {
            Some(text) => (text, Role::Critical),
            None => (
                "waiting for the first data from the source…".to_string(),
                Role::Muted,
            ),
        };
        frame.render_widget(
            Paragraph::new(text)
                .style(context.style(role))
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    };
    let suggested = state
        .runbooks
        .iter()
        .filter(|r| r.tab == Some(state.tab) && suggested(r, Some(snapshot)))
        .map(|r| format!("{} · {}", r.id, r.title))
        .collect();
    let input = TabInput {
        snapshot,
        stale,
        note,
        range: state.chart_range,
        suggested,
    };
    let tab = state.tab;
    let view = state.tables.entry(tab).or_default();
    let secondary = state.secondary.get_mut(&tab);
    // A section the source does not provide is said so in place of the tab.
    match tab {
        Topic::Scaling => match &snapshot.scaling {
            Some(section) => {
                let views = Views {
                    main: view,
                    secondary,
                };
                scaling::render(frame, area, section, &input, views, context);
            }
            None => unavailable(frame, area, &input, tab, context),
        },
        Topic::Latency => match &snapshot.latency {
            Some(section) => latency::render(frame, area, section, &input, view, context),
            None => unavailable(frame, area, &input, tab, context),
        },
        Topic::Cost => match &snapshot.cost {
            Some(section) => cost::render(frame, area, section, &input, view, context),
            None => unavailable(frame, area, &input, tab, context),
        },
        Topic::Security => match &snapshot.security {
            Some(section) => {
                let views = Views {
                    main: view,
                    secondary,
                };
                security::render(frame, area, section, &input, views, context);
            }
            None => unavailable(frame, area, &input, tab, context),
        },
        Topic::Readiness => match &snapshot.readiness {
            Some(section) => readiness::render(frame, area, section, &input, view, context),
            None => unavailable(frame, area, &input, tab, context),
        },
        Topic::Checkpoint => {}
    }
}

/// A tab's two openable tables: the main one and, where the tab has one, the second one
/// (`w` moves the keys between them).
struct Views<'a> {
    main: &'a mut TableView,
    secondary: Option<&'a mut Secondary>,
}

impl Views<'_> {
    fn secondary_focused(&self) -> bool {
        self.secondary.as_ref().is_some_and(|s| s.focused)
    }

    /// The main table, its selection hidden while the keys are on the second one.
    fn main_table(&self, title: &str, input: &TabInput, context: &RenderContext) -> DataTable {
        let mut table = data_table(title, input, context);
        if self.secondary_focused() {
            table.styles.selection = Style::default();
        }
        table
    }
}

/// The tab's main table, titled with a STALE mark when the data is not current.
fn data_table(title: &str, input: &TabInput, context: &RenderContext) -> DataTable {
    let title = match (&input.note, input.stale) {
        (Some(note), _) => format!("{title} · {note}"),
        (None, true) => format!("{title} · STALE"),
        (None, false) => title.to_string(),
    };
    titled_table(title, input.stale, context)
}

/// The tab's main table with its final title, in the stale style when `stale`.
fn titled_table(title: String, stale: bool, context: &RenderContext) -> DataTable {
    // Arrow keys read best as arrows (`--ascii` folds them).
    let keys = |action| match context.keymap.first_key(action).as_deref() {
        Some("left") => "←".to_string(),
        Some("right") => "→".to_string(),
        other => other.unwrap_or_default().to_string(),
    };
    DataTable {
        title,
        ascii: context.ascii,
        styles: TableStyles {
            header: context.style(Role::Accent),
            selection: context.style(Role::Selection),
            border: context.style(Role::Border),
            title: context.style(if stale { Role::Stale } else { Role::Text }),
        },
        scroll_keys: format!(
            "{}/{}",
            keys(crate::app::Action::ScrollLeft),
            keys(crate::app::Action::ScrollRight)
        ),
    }
}

/// A table the keys do not reach (they act on the tab's main table): in its default order,
/// no row highlighted, and hidden columns pointing to a wider window rather than to `←/→`.
fn fixed_table<'r, C: Columns>(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    rows: &'r [C::Row],
    stale: bool,
    context: &RenderContext,
    cell: impl Fn(C, &'r C::Row) -> Line<'r>,
) {
    let title = if stale {
        format!("{title} · STALE")
    } else {
        title.to_string()
    };
    let mut table = titled_table(title, stale, context);
    table.styles.selection = Style::default();
    table.scroll_keys = "(wider)".into();
    let (column, descending) = C::DEFAULT_SORT;
    let mut view = TableView::sorted_by(column.index(), descending);
    let order = order::<C>(rows, &view);
    table.render(frame, area, &mut view, rows, &order, cell);
}

/// A tab's second table. With the keys on it (`w`) it is marked and shows its selection;
/// without, it highlights no row and, like `fixed_table`, points hidden columns to a wider
/// window. Without a view of its own (a tab state lost), it is drawn fixed.
fn second_table<'r, C: Columns>(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    rows: &'r [C::Row],
    (stale, secondary): (bool, Option<&mut Secondary>),
    context: &RenderContext,
    cell: impl Fn(C, &'r C::Row) -> Line<'r>,
) {
    let Some(secondary) = secondary else {
        return fixed_table(frame, area, title, rows, stale, context, cell);
    };
    let marked = if secondary.focused {
        format!("▶ {title}")
    } else {
        title.to_string()
    };
    let title = if stale {
        format!("{marked} · STALE")
    } else {
        marked
    };
    let mut table = titled_table(title, stale, context);
    if !secondary.focused {
        table.styles.selection = Style::default();
        table.scroll_keys = "(wider)".into();
    }
    let order = order::<C>(rows, &secondary.view);
    table.render(frame, area, &mut secondary.view, rows, &order, cell);
}

/// Shown in place of a section the source does not provide: why, when the panels say.
fn unavailable(
    frame: &mut Frame,
    area: Rect,
    input: &TabInput,
    tab: Topic,
    context: &RenderContext,
) {
    let what = tab.name();
    let has_panels = input
        .snapshot
        .panels
        .iter()
        .any(|p| p.tab.is_some_and(|t| t.name() == what));
    let text = match &input.note {
        Some(note) => format!("no {what} data yet: {note}"),
        None if has_panels => format!(
            "no {what} data: the queries answered without a single series (the metrics are not in \
             this Prometheus). Press {} to see the queries.",
            context.keymap.describe_keys(crate::app::Action::Inspect)
        ),
        None => format!("no {what} data from this source"),
    };
    frame.render_widget(
        Paragraph::new(text)
            .style(context.style(Role::Unknown))
            .wrap(Wrap { trim: true }),
        area,
    );
}
