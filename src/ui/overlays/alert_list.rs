//! Every alert in one list: firing, pending and silenced, with severity, age, the tab it
//! belongs to and its labels, so nothing muted is forgotten.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{first_visible, open_box};
use crate::app::AppState;
use crate::domain::{AlertState, Health};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::theme::Role;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    selected: usize,
    context: &RenderContext,
) {
    let alerts = state
        .data
        .snapshot()
        .map(|s| s.alerts.as_slice())
        .unwrap_or_default();
    let now = state.data.snapshot().map_or(state.wall, |s| s.taken_at);
    let firing = alerts
        .iter()
        .filter(|a| a.state == AlertState::Firing)
        .count();
    let title = format!(
        " Alerts: {firing} firing · {} pending · {} silenced ",
        alerts
            .iter()
            .filter(|a| a.state == AlertState::Pending)
            .count(),
        alerts
            .iter()
            .filter(|a| a.state == AlertState::Silenced)
            .count()
    );
    let inner = open_box(frame, area, (150, 50), &title, context);
    if alerts.is_empty() {
        frame.render_widget(
            Paragraph::new("No alerts.").style(context.style(Role::Ok)),
            inner,
        );
        return;
    }
    // Two lines per alert: the headline, then its labels.
    let rows = usize::from(inner.height / 2).max(1);
    let first = first_visible(selected, rows);
    let lines: Vec<Line> = alerts
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .flat_map(|(index, alert)| {
            let severity = match alert.severity {
                Health::Critical => "critical",
                Health::Warning => "warning",
                Health::Ok => "info",
                Health::Unknown => "unknown",
            };
            let state_style = match alert.state {
                AlertState::Firing => context.health(alert.severity),
                AlertState::Pending => context.style(Role::Warning),
                AlertState::Silenced => context.style(Role::Muted),
            };
            let mut headline = Line::from(vec![
                Span::styled(
                    format!("{:<9}", alert.state.label().to_uppercase()),
                    state_style,
                ),
                Span::styled(format!("{severity:<9}"), context.health(alert.severity)),
                Span::styled(format!("{} ", alert.name), context.style(Role::Text)),
                Span::styled(
                    format!(
                        "for {} · {} · ",
                        format::span(now - alert.since),
                        alert.topic.map_or("no tab", |t| t.name())
                    ),
                    context.style(Role::Muted),
                ),
                Span::styled(alert.summary.clone(), context.style(Role::Text)),
            ]);
            if index == selected {
                headline = headline.style(context.style(Role::Selection));
            }
            let labels: Vec<String> = alert
                .labels
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            [
                headline,
                Line::styled(
                    format!("         {}", labels.join(" ")),
                    context.style(Role::Muted),
                ),
            ]
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
