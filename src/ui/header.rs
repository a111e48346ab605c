//! The header: environment badge with its colour cue, tabs, data age per source, UTC clock.

use chrono::Duration;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::RenderContext;
use super::format;
use super::theme::Role;
use crate::app::{AppState, EnvironmentTier, Freshness, Topic};
use crate::domain::monitoring::AlertmanagerStatus;
use crate::domain::{CheckState, MonitoringHealth};

fn badge(state: &AppState) -> String {
    let tier = match state.environment.tier {
        EnvironmentTier::Demo => "DEMO",
        EnvironmentTier::Staging => "STAGING",
        EnvironmentTier::Production => "PROD",
    };
    format!(" {tier} {} ", state.environment.name)
}

/// Columns left for the status on the right (data ages, the clock) before the tab titles give
/// way to their numbers.
const STATUS_ROOM: usize = 24;

/// The tab titles, full where they fit beside the status; narrower, only the active tab keeps
/// its name and the others show their number (their key).
fn tab_labels(state: &AppState, width: u16) -> Vec<String> {
    let full: Vec<String> = Topic::ALL
        .into_iter()
        .enumerate()
        .map(|(position, tab)| format!(" {} {} ", position + 1, tab.title()))
        .collect();
    let needed =
        badge(state).chars().count() + 1 + full.iter().map(|l| l.chars().count()).sum::<usize>();
    if needed + STATUS_ROOM <= usize::from(width) {
        return full;
    }
    Topic::ALL
        .into_iter()
        .zip(full)
        .enumerate()
        .map(|(position, (tab, label))| {
            if tab == state.tab {
                label
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
    let right = status_spans(state, context);
    let right_width: usize = right.iter().map(Span::width).sum();
    let header = context.style(Role::Header);
    frame.render_widget(Paragraph::new(Line::from(left)).style(header), area);
    // The status goes on the right when it fits, over the last tab titles if need be: the clock
    // matters more. Its text spans the whole status area, so every cell there is overwritten.
    let width = usize::from(area.width);
    if right_width + 1 < width {
        let x = area.x + u16::try_from(width - right_width).unwrap_or(0);
        let status_area = Rect {
            x,
            width: u16::try_from(right_width).unwrap_or(0),
            ..area
        };
        frame.render_widget(Paragraph::new(Line::from(right)).style(header), status_area);
    }
}

fn status_spans(state: &AppState, context: &RenderContext) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    if let Some(flow) = state.flow.as_ref().filter(|f| f.running()) {
        spans.push(Span::styled(
            format!("RUNNING {}  ", flow.runbook.id),
            context.style(Role::Warning),
        ));
    }
    if state.read_only {
        spans.push(Span::styled("READ-ONLY  ", context.style(Role::Accent)));
    }
    // The AWS parts share one label, their worst state: the tab of a failing part names it.
    let mut families: Vec<(&str, Freshness)> = Vec::new();
    for source in state.data.sources() {
        let freshness = state.data.freshness(source, state.now);
        match families.iter_mut().find(|(f, _)| *f == source.family()) {
            Some((_, worst)) => *worst = worst.clone().worst(freshness),
            None => families.push((source.family(), freshness)),
        }
    }
    for (family, freshness) in families {
        let (text, style): (String, Style) = match freshness {
            Freshness::Loading => ("loading".into(), context.style(Role::Muted)),
            Freshness::Fresh { age } => (format::age(age), context.style(Role::Ok)),
            Freshness::Stale { age } => (
                format!("STALE {}", format::age(age)),
                context.style(Role::Stale),
            ),
            Freshness::Failed { age, .. } => (
                format!(
                    "FAILED{}",
                    age.map(|a| format!(" {}", format::age(a)))
                        .unwrap_or_default()
                ),
                context.style(Role::Critical),
            ),
        };
        spans.push(Span::styled(
            format!("{family} "),
            context.style(Role::Muted),
        ));
        spans.push(Span::styled(text, style));
        spans.push(Span::raw("  "));
    }
    let failing = state.data.failing_panels();
    if failing > 0 {
        spans.push(Span::styled(
            format!(
                "{failing} panel{} failing  ",
                if failing == 1 { "" } else { "s" }
            ),
            context.style(Role::Critical),
        ));
    }
    if let Some(health) = state.data.snapshot().and_then(|s| s.monitoring.as_ref()) {
        spans.extend(monitoring_spans(health, context));
    }
    if let Some(snapshot) = state.data.snapshot() {
        // A sped-up simulator runs ahead of the wall clock; show its time so events make sense.
        if (snapshot.taken_at - state.wall).abs() > Duration::seconds(30) {
            spans.push(Span::styled(
                format!("sim {} ", snapshot.taken_at.format("%a %H:%M")),
                context.style(Role::Muted),
            ));
        }
    }
    spans.push(Span::styled(
        format!("{} UTC ", format::clock(state.wall)),
        context.style(Role::Accent),
    ));
    spans
}

/// Scrape targets, rules and Alertmanager: the monitoring stack's own health in a few words.
fn monitoring_spans(health: &MonitoringHealth, context: &RenderContext) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    // An engine that lists no targets or rules (one fed by import, or whose rules run in
    // vmalert) shows "none", muted: zero of zero is not health.
    if let Some(up) = health.targets_up {
        let (down, not_yet) = (health.targets_down.len(), health.targets_unknown);
        let total = up + down + not_yet;
        let (text, role) = match CheckState::of_items(total, down, not_yet) {
            _ if total == 0 => ("none  ".to_string(), Role::Muted),
            CheckState::Pass => (format!("{up}/{total} up  "), Role::Ok),
            CheckState::Fail => (format!("{up}/{total} up  "), Role::Critical),
            _ => (format!("{up}/{total} up  "), Role::Muted),
        };
        spans.push(Span::styled("targets ", context.style(Role::Muted)));
        spans.push(Span::styled(text, context.style(role)));
    }
    if let Some(total) = health.rules_total {
        let bad = health.rules_unhealthy.len();
        let (text, role) = match CheckState::of_items(total, bad, 0) {
            CheckState::Pass => (format!("{total} ok"), Role::Ok),
            CheckState::Fail => (format!("{bad} failing"), Role::Critical),
            _ => ("none".to_string(), Role::Muted),
        };
        spans.push(Span::styled("rules ", context.style(Role::Muted)));
        spans.push(Span::styled(format!("{text}  "), context.style(role)));
    }
    if let AlertmanagerStatus::Failed(_) = health.alertmanager {
        spans.push(Span::styled(
            "alertmanager FAILED  ",
            context.style(Role::Critical),
        ));
    }
    spans
}
