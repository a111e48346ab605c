//! The inspect view: for every panel feeding the current tab (or the header), the query that
//! fed it, how fresh it is, and the first series of its raw result, so no figure is a mystery.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::boxed;
use crate::app::AppState;
use crate::domain::{Freshness, PanelReading};
use crate::ui::format;
use crate::ui::theme::Role;
use crate::ui::{RenderContext, panel_text};

pub fn freshness_span(freshness: &Freshness, context: &RenderContext) -> Span<'static> {
    match freshness {
        Freshness::Loading => Span::styled("loading", context.style(Role::Muted)),
        Freshness::Fresh { age } => Span::styled(
            format!("fresh {}", format::age(*age)),
            context.style(Role::Ok),
        ),
        Freshness::Stale { age } => Span::styled(
            format!("STALE {}", format::age(*age)),
            context.style(Role::Stale),
        ),
        Freshness::Failed { error, age } => Span::styled(
            format!(
                "FAILED: {error}{}",
                age.map(|a| format!(" (showing {} old)", format::age(a)))
                    .unwrap_or_default()
            ),
            context.style(Role::Critical),
        ),
    }
}

fn reading_lines(
    reading: &PanelReading,
    state: &AppState,
    context: &RenderContext,
) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{} ", reading.title), context.style(Role::Accent)),
            Span::styled(format!("[{}] ", reading.id), context.style(Role::Muted)),
            freshness_span(&reading.status.freshness(state.wall), context),
        ]),
        Line::from(vec![
            Span::styled(
                format!(
                    "  {} · every {}s: ",
                    reading.kind,
                    reading.status.interval.as_secs()
                ),
                context.style(Role::Muted),
            ),
            Span::styled(reading.query.clone(), context.style(Role::Text)),
        ]),
    ];
    if reading.values.is_empty() && reading.status.last_success.is_some() {
        lines.push(Line::styled(
            "  (empty result: no series match)",
            context.style(Role::Unknown),
        ));
    }
    for value in &reading.values {
        lines.push(Line::from(vec![
            Span::styled(format!("  {} ", value.labels), context.style(Role::Muted)),
            Span::styled(
                panel_text(reading, value.value),
                context.health(reading.health(value.value)),
            ),
        ]));
    }
    if reading.series > reading.values.len() {
        lines.push(Line::styled(
            format!("  … {} series in all", reading.series),
            context.style(Role::Muted),
        ));
    }
    lines.push(Line::default());
    lines
}

/// The open detail's own figures: each with the query, call or model figure behind it.
fn provenance_lines(
    provenance: &[crate::domain::detail::Provenance],
    context: &RenderContext,
) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = provenance
        .iter()
        .flat_map(|p| {
            [
                Line::styled(p.figure.clone(), context.style(Role::Accent)),
                Line::styled(format!("  {}", p.from), context.style(Role::Text)),
            ]
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(
            "The detail's own data has not arrived (or this kind needs none): its figures are the tab's, below.",
            context.style(Role::Muted),
        ));
    }
    lines.push(Line::default());
    lines
}

/// Draws the inspect view scrolled to `scroll`, clamped to its content, and returns the scroll
/// used (as the help does), so `G` and paging stop at the end.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    scroll: u16,
    context: &RenderContext,
) -> u16 {
    let topic = Some(state.tab);
    let title = match &state.detail {
        Some(detail) => format!(
            " Inspect: where the figures of {} come from ",
            detail.subject
        ),
        None => format!(
            " Inspect: what feeds the {} tab and the header ",
            state.tab.name()
        ),
    };
    let (box_area, block) = boxed(area, (140, 60), &title, context);
    frame.render_widget(Clear, box_area);
    let readings = state
        .data
        .snapshot()
        .map(|s| s.panels.as_slice())
        .unwrap_or_default();
    let mut lines = state
        .detail
        .as_ref()
        .map_or_else(Vec::new, |d| provenance_lines(&d.provenance, context));
    lines.extend(
        readings
            .iter()
            .filter(|r| r.tab.is_none() || r.tab == topic)
            .flat_map(|r| reading_lines(r, state, context)),
    );
    if lines.is_empty() {
        lines.push(Line::styled(
            "This source computes its figures itself: there are no queries to inspect.",
            context.style(Role::Muted),
        ));
    }
    let paragraph = Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false });
    let total = u16::try_from(paragraph.line_count(box_area.width)).unwrap_or(u16::MAX);
    let scroll = scroll.min(total.saturating_sub(box_area.height));
    frame.render_widget(paragraph.scroll((scroll, 0)), box_area);
    scroll
}
