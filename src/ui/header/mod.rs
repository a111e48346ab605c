//! The header: environment badge with its colour cue, every tab's name, and on the right the
//! status (runs, data ages, monitoring health, the UTC clock) in the room the tabs leave.

mod status;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::RenderContext;
use super::theme::Role;
use crate::app::{AppState, EnvironmentTier, Topic};
use status::{CLOCK_WIDTH, fit, status_parts};

fn badge(state: &AppState) -> String {
    let tier = match state.environment.tier {
        EnvironmentTier::Demo => "DEMO",
        EnvironmentTier::Staging => "STAGING",
        EnvironmentTier::Production => "PROD",
    };
    format!(" {tier} {} ", state.environment.name)
}

type Title = fn(Topic) -> &'static str;

/// "sim 12s  03:00:00 UTC " and a little slack: the status on a quiet day.
const USUAL_STATUS_WIDTH: usize = 24;

/// The tab titles, in the widest form that leaves the status its room: full titles while the
/// usual status (a data age and the clock) fits beside them, short titles (80 columns) while
/// the clock does, below that numbers (their keys) with only the active tab named.
fn tab_labels(state: &AppState, width: u16) -> Vec<String> {
    let label = |position: usize, title: &str| format!(" {} {title} ", position + 1);
    let forms: [(Title, usize); 2] = [
        (Topic::title, USUAL_STATUS_WIDTH),
        (Topic::short_title, CLOCK_WIDTH + 1),
    ];
    let used = badge(state).chars().count() + 1;
    for (title, room) in forms {
        let labels: Vec<String> = Topic::ALL
            .into_iter()
            .enumerate()
            .map(|(position, tab)| label(position, title(tab)))
            .collect();
        let needed = used + labels.iter().map(|l| l.chars().count()).sum::<usize>();
        if needed + room <= usize::from(width) {
            return labels;
        }
    }
    Topic::ALL
        .into_iter()
        .enumerate()
        .map(|(position, tab)| {
            if tab == state.tab {
                label(position, tab.short_title())
            } else {
                format!(" {} ", position + 1)
            }
        })
        .collect()
}

/// The tab under a mouse click on the header row of a terminal `width` wide, computed from the
/// same labels as the render.
pub fn tab_at(state: &AppState, width: u16, column: u16, row: u16) -> Option<Topic> {
    if row != 0 {
        return None;
    }
    let mut x = badge(state).chars().count() + 1;
    for (tab, label) in Topic::ALL.into_iter().zip(tab_labels(state, width)) {
        let label_width = label.chars().count();
        if (x..x + label_width).contains(&usize::from(column)) {
            return Some(tab);
        }
        x += label_width;
    }
    None
}

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, context: &RenderContext) {
    let env_role = match state.environment.tier {
        EnvironmentTier::Demo => Role::EnvDemo,
        EnvironmentTier::Staging => Role::EnvStaging,
        EnvironmentTier::Production => Role::EnvProduction,
    };
    let mut left = vec![
        Span::styled(badge(state), context.style(env_role)),
        Span::raw(" "),
    ];
    for (tab, label) in Topic::ALL.into_iter().zip(tab_labels(state, area.width)) {
        let role = if tab == state.tab {
            Role::TabActive
        } else {
            Role::TabInactive
        };
        left.push(Span::styled(label, context.style(role)));
    }
    let left_width: usize = left.iter().map(Span::width).sum();
    let header = context.style(Role::Header);
    frame.render_widget(Paragraph::new(Line::from(left)).style(header), area);
    // The status takes what the tab names leave, less a gap, dropping its least important
    // parts first; it never covers a tab name.
    let room = usize::from(area.width).saturating_sub(left_width + 1);
    let right = fit(status_parts(state, context), room);
    let right_width: usize = right.iter().map(Span::width).sum();
    if right_width > 0 {
        let width = u16::try_from(right_width).unwrap_or(0);
        let status_area = Rect {
            x: area.right().saturating_sub(width),
            width,
            ..area
        };
        frame.render_widget(Paragraph::new(Line::from(right)).style(header), status_area);
    }
}
