//! The alert strip of a tab: its alerts (most severe first), the runbooks suggested for them,
//! and the user's own panels for the tab.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::TabInput;
use crate::domain::{AlertState, FleetSnapshot, Health, Topic, alert};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::layout::split_top;
use crate::ui::theme::Role;

/// Alerts concerning `topic`, most severe first, one line each, then the user's panels. Ages are measured on the
/// source's clock (a sped-up simulator runs ahead of the wall clock).
pub(super) fn alert_lines<'a>(
    snapshot: &'a FleetSnapshot,
    topic: Topic,
    context: &RenderContext,
) -> Vec<Line<'a>> {
    let now = snapshot.taken_at;
    // In the order `x` offers their silences.
    let mut lines: Vec<Line<'a>> = alert::on_topic(&snapshot.alerts, topic)
        .into_iter()
        .map(|alert| {
            // A silenced alert stays visible, muted, so nobody wonders where it went.
            let (label, style) = match (alert.state, alert.severity) {
                (AlertState::Silenced, _) => ("SILENCED", context.style(Role::Muted)),
                (AlertState::Pending, _) => ("PENDING", context.style(Role::Warning)),
                (AlertState::Firing, Health::Critical) => {
                    ("CRITICAL", context.health(Health::Critical))
                }
                (AlertState::Firing, Health::Warning) => {
                    ("WARNING", context.health(Health::Warning))
                }
                (AlertState::Firing, Health::Ok) => ("INFO", context.health(Health::Ok)),
                (AlertState::Firing, Health::Unknown) => {
                    ("UNKNOWN", context.health(Health::Unknown))
                }
            };
            Line::from(vec![
                Span::styled(format!("{label} "), style),
                Span::styled(format!("{} ", alert.name), context.style(Role::Text)),
                Span::styled(
                    format!("for {} · ", format::span(now - alert.since)),
                    context.style(Role::Muted),
                ),
                Span::styled(alert.summary.as_str(), context.style(Role::Text)),
            ])
        })
        .collect();
    // The user's own panels for this tab come last, on one line.
    lines.extend(custom_panels_line(snapshot, topic, context));
    lines
}

/// The user's own panels for `topic` on one line: title, value in its unit, coloured by its
/// thresholds (NaN or no answer reads "—").
fn custom_panels_line<'a>(
    snapshot: &'a FleetSnapshot,
    topic: Topic,
    context: &RenderContext,
) -> Option<Line<'a>> {
    let mut spans = Vec::new();
    for panel in snapshot
        .panels
        .iter()
        .filter(|p| p.custom && p.tab == Some(topic))
    {
        let value = panel.values.first().map_or(f64::NAN, |v| v.value);
        spans.push(Span::styled(
            format!("{} ", panel.title),
            context.style(Role::Muted),
        ));
        spans.push(Span::styled(
            crate::ui::panel_text(panel, value),
            context.health(panel.health(value)),
        ));
        if panel.series > 1 {
            spans.push(Span::styled(
                format!(" (+{} series)", panel.series - 1),
                context.style(Role::Muted),
            ));
        }
        spans.push(Span::raw("   "));
    }
    (!spans.is_empty()).then(|| Line::from(spans))
}

/// Draws the alerts concerning `topic` (at most three lines) and the user's panels for it, and
/// returns the area below them.
pub(super) fn alert_strip(
    frame: &mut Frame,
    area: Rect,
    input: &TabInput,
    topic: Topic,
    context: &RenderContext,
) -> Rect {
    let mut alerts = alert_lines(input.snapshot, topic, context);
    // Suggestions come first: they say what to do about the alerts below them.
    for (i, runbook) in input.suggested.iter().enumerate() {
        alerts.insert(
            i,
            Line::styled(
                format!("SUGGESTED runbook {runbook} — x to open"),
                context.style(Role::Warning),
            ),
        );
    }
    let (alert_area, rest) = split_top(area, u16::try_from(alerts.len()).unwrap_or(0).min(4));
    frame.render_widget(Paragraph::new(alerts), alert_area);
    rest
}
