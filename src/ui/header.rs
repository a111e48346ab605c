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

/// The tab titles, in the widest form that leaves the status its room: full titles while the
/// usual status (a data age and the clock) fits beside them, short titles (80 columns) while
/// the clock does, below that numbers (their keys) with only the active tab named.
fn tab_labels(state: &AppState, width: u16) -> Vec<String> {
    let label = |position: usize, title: &str| format!(" {} {title} ", position + 1);
    let forms: [(fn(Topic) -> &'static str, usize); 2] =
        [(Topic::title, 24), (Topic::short_title, CLOCK_WIDTH + 1)];
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

/// "03:00:00 UTC ": the clock's width, which narrow tab bars leave room for.
const CLOCK_WIDTH: usize = 13;

/// A part of the status and how long it stays as the header narrows (higher stays longer).
struct Part {
    spans: Vec<Span<'static>>,
    keep: u8,
}

/// Healthy detail goes first (monitoring that is fine, the simulated time, fresh data ages),
/// then the clock; a run in progress, read-only mode and failures stay longest.
const DETAIL: u8 = 1;
const FRESH: u8 = 2;
const CLOCK: u8 = 3;
const ALARM: u8 = 4;

fn part(keep: u8, spans: Vec<Span<'static>>) -> Part {
    Part { spans, keep }
}

/// The parts in their order, the least important dropped until they fit in `room` columns.
fn fit(mut parts: Vec<Part>, room: usize) -> Vec<Span<'static>> {
    let width = |parts: &[Part]| -> usize {
        parts
            .iter()
            .flat_map(|p| p.spans.iter().map(Span::width))
            .sum()
    };
    while width(&parts) > room {
        let Some(least) = (0..parts.len()).min_by_key(|&i| parts[i].keep) else {
            break;
        };
        parts.remove(least);
    }
    parts.into_iter().flat_map(|p| p.spans).collect()
}

fn status_parts(state: &AppState, context: &RenderContext) -> Vec<Part> {
    let mut parts = Vec::new();
    if let Some(flow) = state.flow.as_ref().filter(|f| f.running()) {
        parts.push(part(
            ALARM,
            vec![Span::styled(
                format!("RUNNING {}  ", flow.runbook.id),
                context.style(Role::Warning),
            )],
        ));
    }
    if state.read_only {
        parts.push(part(
            ALARM,
            vec![Span::styled("READ-ONLY  ", context.style(Role::Accent))],
        ));
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
        let (text, style, keep): (String, Style, u8) = match freshness {
            Freshness::Loading => ("loading".into(), context.style(Role::Muted), FRESH),
            Freshness::Fresh { age } => (format::age(age), context.style(Role::Ok), FRESH),
            Freshness::Stale { age } => (
                format!("STALE {}", format::age(age)),
                context.style(Role::Stale),
                ALARM,
            ),
            Freshness::Failed { age, .. } => (
                format!(
                    "FAILED{}",
                    age.map(|a| format!(" {}", format::age(a)))
                        .unwrap_or_default()
                ),
                context.style(Role::Critical),
                ALARM,
            ),
        };
        parts.push(part(
            keep,
            vec![
                Span::styled(format!("{family} "), context.style(Role::Muted)),
                Span::styled(text, style),
                Span::raw("  "),
            ],
        ));
    }
    let failing = state.data.failing_panels();
    if failing > 0 {
        parts.push(part(
            ALARM,
            vec![Span::styled(
                format!(
                    "{failing} panel{} failing  ",
                    if failing == 1 { "" } else { "s" }
                ),
                context.style(Role::Critical),
            )],
        ));
    }
    if let Some(health) = state.data.snapshot().and_then(|s| s.monitoring.as_ref()) {
        parts.extend(monitoring_parts(health, context));
    }
    if let Some(snapshot) = state.data.snapshot() {
        // A sped-up simulator runs ahead of the wall clock; show its time so events make sense.
        if (snapshot.taken_at - state.wall).abs() > Duration::seconds(30) {
            parts.push(part(
                DETAIL,
                vec![Span::styled(
                    format!("sim {} ", snapshot.taken_at.format("%a %H:%M")),
                    context.style(Role::Muted),
                )],
            ));
        }
    }
    parts.push(part(
        CLOCK,
        vec![Span::styled(
            format!("{} UTC ", format::clock(state.wall)),
            context.style(Role::Accent),
        )],
    ));
    parts
}

/// Scrape targets, rules and Alertmanager: the monitoring stack's own health in a few words.
fn monitoring_parts(health: &MonitoringHealth, context: &RenderContext) -> Vec<Part> {
    let mut parts = Vec::new();
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
        parts.push(part(
            keep(role),
            vec![
                Span::styled("targets ", context.style(Role::Muted)),
                Span::styled(text, context.style(role)),
            ],
        ));
    }
    if let Some(total) = health.rules_total {
        let bad = health.rules_unhealthy.len();
        let (text, role) = match CheckState::of_items(total, bad, 0) {
            CheckState::Pass => (format!("{total} ok"), Role::Ok),
            CheckState::Fail => (format!("{bad} failing"), Role::Critical),
            _ => ("none".to_string(), Role::Muted),
        };
        parts.push(part(
            keep(role),
            vec![
                Span::styled("rules ", context.style(Role::Muted)),
                Span::styled(format!("{text}  "), context.style(role)),
            ],
        ));
    }
    if let AlertmanagerStatus::Failed(_) = health.alertmanager {
        parts.push(part(
            ALARM,
            vec![Span::styled(
                "alertmanager FAILED  ",
                context.style(Role::Critical),
            )],
        ));
    }
    parts
}

/// Failing monitoring stays as long as other failures; healthy or unknown is detail.
fn keep(role: Role) -> u8 {
    if role == Role::Critical {
        ALARM
    } else {
        DETAIL
    }
}
