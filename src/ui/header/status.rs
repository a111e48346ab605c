//! The header's status, in parts that the header drops, least important first, when the tab
//! names leave too little room.

use chrono::Duration;
use ratatui::style::Style;
use ratatui::text::Span;

use crate::app::{AppState, Freshness};
use crate::domain::monitoring::AlertmanagerStatus;
use crate::domain::{CheckState, MonitoringHealth};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::theme::Role;

/// "03:00:00 UTC ": the clock's width, which narrow tab bars leave room for.
pub const CLOCK_WIDTH: usize = 13;

/// A part of the status and how long it stays as the header narrows (higher stays longer),
/// with a shorter form it takes before it goes, if it has one.
pub struct Part {
    spans: Vec<Span<'static>>,
    keep: u8,
    short: Option<Vec<Span<'static>>>,
}

/// Healthy detail goes first (monitoring that is fine, the simulated time, fresh data ages),
/// then the clock, then holds on the autoscaler; a run in progress, read-only mode and
/// failures stay longest.
const DETAIL: u8 = 1;
const FRESH: u8 = 2;
const CLOCK: u8 = 3;
const HOLD: u8 = 4;
const ALARM: u8 = 5;

fn part(keep: u8, spans: Vec<Span<'static>>) -> Part {
    Part {
        spans,
        keep,
        short: None,
    }
}

/// The parts in their order, the least important shortened or dropped until they fit in `room`
/// columns.
pub fn fit(mut parts: Vec<Part>, room: usize) -> Vec<Span<'static>> {
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
        match parts[least].short.take() {
            Some(short) => parts[least].spans = short,
            None => drop(parts.remove(least)),
        }
    }
    parts.into_iter().flat_map(|p| p.spans).collect()
}

pub fn status_parts(state: &AppState, context: &RenderContext) -> Vec<Part> {
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
    if let Some((text, short)) = state.data.snapshot().and_then(held) {
        let style = context.style(Role::Warning);
        parts.push(Part {
            short: Some(vec![Span::styled(short, style)]),
            ..part(HOLD, vec![Span::styled(text, style)])
        });
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

/// "scaling held on web until 16:30  " (at 80 columns "web held to 16:30 "): the groups an
/// operator's hold keeps the policy off.
fn held(snapshot: &crate::domain::FleetSnapshot) -> Option<(String, String)> {
    let holds: Vec<(&str, String)> = snapshot
        .scaling
        .iter()
        .flat_map(|s| &s.groups)
        .filter_map(|g| Some((g.name.as_str(), g.hold.until()?.format("%H:%M").to_string())))
        .collect();
    let long: Vec<String> = holds
        .iter()
        .map(|(name, until)| format!("{name} until {until}"))
        .collect();
    let short: Vec<String> = holds
        .iter()
        .map(|(name, until)| format!("{name} held to {until}"))
        .collect();
    (!holds.is_empty()).then(|| {
        (
            format!("scaling held on {}  ", long.join(", ")),
            format!("{} ", short.join(", ")),
        )
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(items: &[(u8, &'static str)]) -> Vec<Part> {
        items
            .iter()
            .map(|&(keep, text)| part(keep, vec![Span::raw(text)]))
            .collect()
    }

    fn text(spans: &[Span]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn the_least_important_part_goes_first_and_the_order_stays() {
        let status = [
            (DETAIL, "targets 8/8 up  "),
            (FRESH, "sim 0s  "),
            (CLOCK, "03:00:00 UTC "),
        ];
        assert_eq!(
            text(&fit(parts(&status), 40)),
            "targets 8/8 up  sim 0s  03:00:00 UTC "
        );
        assert_eq!(text(&fit(parts(&status), 21)), "sim 0s  03:00:00 UTC ");
        assert_eq!(text(&fit(parts(&status), 20)), "03:00:00 UTC ");
        assert_eq!(text(&fit(parts(&status), 12)), "");
    }

    #[test]
    fn stale_data_outlasts_the_clock() {
        let status = [(ALARM, "sim STALE 12s  "), (CLOCK, "03:00:00 UTC ")];
        assert_eq!(text(&fit(parts(&status), 18)), "sim STALE 12s  ");
    }
}
