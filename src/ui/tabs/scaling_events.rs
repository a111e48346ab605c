//! The Scaling tab's events: each with its trigger delay and provisioning (or removal) time,
//! p50/p95 of automatic scale-outs with manual ones and scale-ins apart, and the definitions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::TabInput;
use super::fixed_table;
use crate::app::table::EventColumn;
use crate::domain::scaling_event::{
    Direction, PROVISIONING_TIME, Percentiles, REMOVAL_TIME, TRIGGER_DELAY, Timings,
};
use crate::domain::{Cause, ScalingEvent, ScalingTimings, ScalingView, TriggerBasis};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::layout::split_rows;
use crate::ui::theme::Role;

/// Borders, the header and one event.
const TABLE_MIN: u16 = 4;

/// The events table, then the timings over them (whole, wrapped), then the definitions of
/// those timings where the table keeps a few events beside them.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    scaling: &ScalingView,
    input: &TabInput,
    context: &RenderContext,
) {
    let (_, summary_height) = notes(scaling, area.width, 0, context);
    let room = area.height.saturating_sub(summary_height);
    let shown = usize::from(room.saturating_sub(6) / 3);
    let (notes, height) = notes(scaling, area.width, shown, context);
    let (table_area, notes_area) = split_rows(area, area.height.saturating_sub(height));
    // Borders and a header without a single event would only say that there are some.
    if table_area.height >= TABLE_MIN {
        render_table(frame, table_area, scaling, input, context);
        frame.render_widget(notes, notes_area);
    } else {
        frame.render_widget(notes, area);
    }
}

pub fn render_table(
    frame: &mut Frame,
    area: Rect,
    scaling: &ScalingView,
    input: &TabInput,
    context: &RenderContext,
) {
    fixed_table(
        frame,
        area,
        &title(&scaling.timings, input),
        &scaling.events,
        input.stale,
        context,
        |column, event| cell(column, event, input, context),
    );
}

/// The timings over the events, then at most `definitions` lines of their definitions, wrapped
/// at `width` (never cut), and the rows they take.
pub fn notes<'a>(
    scaling: &ScalingView,
    width: u16,
    definitions: usize,
    context: &RenderContext,
) -> (Paragraph<'a>, u16) {
    let summary = summary(&scaling.timings)
        .into_iter()
        .map(|text| (text, Role::Text));
    let definitions = packed(&[TRIGGER_DELAY, PROVISIONING_TIME, REMOVAL_TIME], width)
        .into_iter()
        .take(definitions)
        .map(|text| (text, Role::Muted));
    let lines: Vec<Line> = summary
        .chain(definitions)
        .map(|(text, role)| {
            Line::styled(format::symbols(&text, context.ascii), context.style(role))
        })
        .collect();
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: true });
    let height = u16::try_from(paragraph.line_count(width)).unwrap_or(u16::MAX);
    (paragraph, height)
}

/// Whole texts joined by ` · ` into lines of at most `width` characters (a longer text alone).
fn packed(texts: &[&str], width: u16) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for text in texts {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 3 + text.chars().count() <= usize::from(width) => {
                line.push_str(" · ");
                line.push_str(text);
            }
            _ => lines.push((*text).to_string()),
        }
    }
    lines
}

/// The window the timings cover: since the oldest event the source keeps.
fn title(timings: &ScalingTimings, input: &TabInput) -> String {
    match timings.since {
        Some(since) => format!(
            "Scaling events · timings since {} ({})",
            format::short_time(since, input.snapshot.taken_at),
            timings.basis
        ),
        None => "Scaling events".into(),
    }
}

fn cell<'a>(
    column: EventColumn,
    event: &'a ScalingEvent,
    input: &TabInput,
    context: &RenderContext,
) -> Line<'a> {
    match column {
        EventColumn::When => Line::from(format::short_time(event.at, input.snapshot.taken_at)),
        EventColumn::Group => Line::from(event.group.as_str()),
        EventColumn::Change => {
            let direction = match event.direction() {
                Direction::Out => "out",
                Direction::In => "in",
            };
            let change = format!("{direction} {} → {}", event.from, event.to);
            Line::from(format::symbols(&change, context.ascii))
        }
        EventColumn::Trigger => Line::from(trigger(event, context)),
        EventColumn::Provisioning => Line::from(completion(event)),
        EventColumn::Reason => Line::from(event.reason.as_str()),
    }
}

/// A delay from an alarm (not the breach itself) is a lower bound, marked `≥`.
fn trigger(event: &ScalingEvent, context: &RenderContext) -> String {
    match (&event.cause, event.trigger_delay(), event.trigger) {
        (Cause::Manual, ..) => "manual".to_string(),
        (_, Some(delay), Some(t)) if t.basis == TriggerBasis::Alarm => {
            format::symbols(&format!("≥{}", format::span(delay)), context.ascii)
        }
        (_, Some(delay), _) => format::span(delay),
        (Cause::Unknown, ..) => "unknown".into(),
        (Cause::Automatic { .. }, None, _) => format::symbols("—", context.ascii),
    }
}

/// A scale-in's second timing is its removal time, marked so it does not read as provisioning.
fn completion(event: &ScalingEvent) -> String {
    match (event.provisioning_time(), event.removal_time()) {
        (Some(d), _) => format::span(d),
        (_, Some(d)) => format!("rm {}", format::span(d)),
        (None, None) if event.reason.starts_with("failed") => "failed".into(),
        (None, None) => "pending".into(),
    }
}

/// One line per kind of event that happened; automatic scale-outs first, as the plans judge
/// them.
fn summary(timings: &ScalingTimings) -> Vec<String> {
    let kinds = [
        ("auto out", &timings.automatic, "provisioning"),
        ("manual out", &timings.manual, "provisioning"),
        ("unattributed out", &timings.unattributed, "provisioning"),
        ("scale-in", &timings.scale_in, "removal"),
    ];
    let lines: Vec<String> = kinds
        .into_iter()
        .filter(|(_, t, _)| t.events > 0)
        .map(|(kind, t, second)| line(kind, t, second))
        .collect();
    if lines.is_empty() {
        vec!["no scaling events yet: nothing to time".into()]
    } else {
        lines
    }
}

/// `auto out (12) p50/p95  trigger 2m10s/2m20s · provisioning 1m15s/1m20s`
fn line(kind: &str, timings: &Timings, second: &str) -> String {
    let percentiles = |name: &str, p: Option<Percentiles>| {
        p.map(|p| format!("{name} {}/{}", format::span(p.p50), format::span(p.p95)))
    };
    let parts: Vec<String> = [
        percentiles("trigger", timings.trigger_delay),
        percentiles(second, timings.completion),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        format!("{kind} ({})  none finished yet", timings.events)
    } else {
        format!("{kind} ({}) p50/p95  {}", timings.events, parts.join(" · "))
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn percentiles(p50: i64, p95: i64, samples: usize) -> Option<Percentiles> {
        Some(Percentiles {
            p50: Duration::seconds(p50),
            p95: Duration::seconds(p95),
            samples,
        })
    }

    #[test]
    fn the_summary_keeps_automatic_manual_and_scale_ins_apart() {
        let timings = ScalingTimings {
            automatic: Timings {
                events: 12,
                trigger_delay: percentiles(130, 140, 12),
                completion: percentiles(75, 80, 11),
            },
            manual: Timings {
                events: 1,
                trigger_delay: None,
                completion: None,
            },
            unattributed: Timings::default(),
            scale_in: Timings {
                events: 3,
                trigger_delay: percentiles(300, 310, 3),
                completion: percentiles(0, 0, 3),
            },
            basis: "test".into(),
            since: None,
        };
        assert_eq!(
            summary(&timings),
            [
                "auto out (12) p50/p95  trigger 2m10s/2m20s · provisioning 1m15s/1m20s",
                "manual out (1)  none finished yet",
                "scale-in (3) p50/p95  trigger 5m/5m10s · removal 0s/0s",
            ]
        );
        assert_eq!(
            summary(&ScalingTimings::default()),
            ["no scaling events yet: nothing to time"]
        );
    }

    #[test]
    fn definitions_are_packed_whole_into_the_width() {
        assert_eq!(packed(&["abc", "de", "fgh"], 8), ["abc · de", "fgh"]);
        assert_eq!(packed(&["abcdefghij", "k"], 8), ["abcdefghij", "k"]);
    }
}
