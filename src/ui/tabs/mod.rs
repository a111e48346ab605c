//! One view per tab, same names as `app::tabs`. Each is a pure function of the snapshot and its
//! table view; the dispatch is an exhaustive match so a new tab cannot be forgotten.

mod cost;
mod data_tier;
mod latency;
mod readiness;
mod scaling;
mod security;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::RenderContext;
use super::format;
use super::layout::split_top;
use super::theme::Role;
use super::widgets::data_table::{DataTable, TableStyles};
use crate::app::{AppState, ChartRange, TabId};
use crate::domain::{Alert, FleetSnapshot, Health, Topic};

/// What a tab view reads.
pub struct TabInput<'a> {
    pub snapshot: &'a FleetSnapshot,
    /// Data is older than two refresh intervals, or the last poll failed.
    pub stale: bool,
    pub range: ChartRange,
}

pub fn render(frame: &mut Frame, area: Rect, state: &mut AppState, context: &RenderContext) {
    let stale = state.data.any_stale(state.now);
    let Some(snapshot) = state.data.snapshot() else {
        let text = "waiting for the first data from the source…";
        frame.render_widget(
            Paragraph::new(text)
                .style(context.style(Role::Muted))
                .alignment(Alignment::Center),
            area,
        );
        return;
    };
    let input = TabInput {
        snapshot,
        stale,
        range: state.chart_range,
    };
    let tab = state.tab;
    let view = state.tables.entry(tab).or_default();
    // A section the source does not provide is said so in place of the tab.
    match tab {
        TabId::Scaling => match &snapshot.scaling {
            Some(section) => scaling::render(frame, area, section, &input, view, context),
            None => unavailable(frame, area, "scaling", context),
        },
        TabId::Latency => match &snapshot.latency {
            Some(section) => latency::render(frame, area, section, &input, view, context),
            None => unavailable(frame, area, "latency", context),
        },
        TabId::Cost => match &snapshot.cost {
            Some(section) => cost::render(frame, area, section, &input, view, context),
            None => unavailable(frame, area, "cost", context),
        },
        TabId::Security => match &snapshot.security {
            Some(section) => security::render(frame, area, section, &input, view, context),
            None => unavailable(frame, area, "security", context),
        },
        TabId::Readiness => match &snapshot.readiness {
            Some(section) => readiness::render(frame, area, section, &input, view, context),
            None => unavailable(frame, area, "readiness", context),
        },
    }
}

/// The tab's main table, titled with a STALE mark when the data is not current.
fn data_table<'a>(
    tab: TabId,
    title: &str,
    widths: &'a [ratatui::layout::Constraint],
    input: &TabInput,
    context: &RenderContext,
) -> DataTable<'a> {
    let title = if input.stale {
        format!("{title} · STALE")
    } else {
        title.to_string()
    };
    DataTable {
        title,
        columns: tab.columns(),
        widths,
        ascii: context.ascii,
        styles: TableStyles {
            header: context.style(Role::Accent),
            selection: context.style(Role::Selection),
            border: context.style(Role::Border),
            title: context.style(if input.stale { Role::Stale } else { Role::Text }),
        },
    }
}

/// Shown in place of a section the source does not provide.
fn unavailable(frame: &mut Frame, area: Rect, what: &str, context: &RenderContext) {
    let text = format!("no {what} data from this source");
    frame.render_widget(
        Paragraph::new(text)
            .style(context.style(Role::Unknown))
            .wrap(Wrap { trim: true }),
        area,
    );
}

/// Alerts concerning `topic`, most severe first, one line each. Ages are measured on the
/// source's clock (a sped-up simulator runs ahead of the wall clock).
fn alert_lines<'a>(
    snapshot: &'a FleetSnapshot,
    topic: Topic,
    context: &RenderContext,
) -> Vec<Line<'a>> {
    let now = snapshot.taken_at;
    let mut relevant: Vec<&Alert> = snapshot
        .alerts
        .iter()
        .filter(|a| a.topic == Some(topic))
        .collect();
    relevant.sort_by_key(|a| std::cmp::Reverse(a.severity));
    relevant
        .into_iter()
        .map(|alert| {
            let label = match alert.severity {
                Health::Critical => "CRITICAL",
                Health::Warning => "WARNING",
                Health::Ok => "INFO",
                Health::Unknown => "UNKNOWN",
            };
            Line::from(vec![
                Span::styled(format!("{label} "), context.health(alert.severity)),
                Span::styled(format!("{} ", alert.name), context.style(Role::Text)),
                Span::styled(
                    format!("for {} · ", format::span(now - alert.since)),
                    context.style(Role::Muted),
                ),
                Span::styled(alert.summary.as_str(), context.style(Role::Text)),
            ])
        })
        .collect()
}

/// Draws the alerts concerning `topic` (at most three lines) and returns the area below them.
fn alert_strip(
    frame: &mut Frame,
    area: Rect,
    snapshot: &FleetSnapshot,
    topic: Topic,
    context: &RenderContext,
) -> Rect {
    let alerts = alert_lines(snapshot, topic, context);
    let (alert_area, rest) = split_top(area, u16::try_from(alerts.len()).unwrap_or(0).min(3));
    frame.render_widget(Paragraph::new(alerts), alert_area);
    rest
}

/// Health of a value against warn/critical thresholds where higher is worse.
fn rising(value: Option<f64>, warn: f64, critical: f64) -> Health {
    match value.filter(|v| v.is_finite()) {
        None => Health::Unknown,
        Some(v) if v > critical => Health::Critical,
        Some(v) if v > warn => Health::Warning,
        Some(_) => Health::Ok,
    }
}
