//! The environment picker: every configured environment with its tier; Enter switches.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{first_visible, open_box};
use crate::app::{AppState, EnvironmentTier};
use crate::ui::RenderContext;
use crate::ui::theme::Role;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    selected: usize,
    context: &RenderContext,
) {
    let height = u16::try_from(state.environments.len() + 2)
        .unwrap_or(u16::MAX)
        .min(20);
    let inner = open_box(
        frame,
        area,
        (60, height),
        " Environments (Enter switches) ",
        context,
    );
    let rows = usize::from(inner.height).max(1);
    let lines: Vec<Line> = state
        .environments
        .iter()
        .enumerate()
        .skip(first_visible(selected, rows))
        .take(rows)
        .map(|(index, environment)| {
            let (tier, role) = match environment.tier {
                EnvironmentTier::Demo => ("demo", Role::EnvDemo),
                EnvironmentTier::Staging => ("staging", Role::EnvStaging),
                EnvironmentTier::Production => ("production", Role::EnvProduction),
            };
            let current = if environment.name == state.environment.name {
                " (current)"
            } else {
                ""
            };
            let line = Line::from(vec![
                Span::styled(format!(" {tier:<11}"), context.style(role)),
                Span::styled(
                    format!(" {}{current}", environment.name),
                    context.style(Role::Text),
                ),
            ]);
            if index == selected {
                line.style(context.style(Role::Selection))
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
