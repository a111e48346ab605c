//! The Scaling tab's events: each with its trigger delay and provisioning (or removal) time,
//! p50/p95 of automatic scale-outs with manual ones and scale-ins apart, and the definitions.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table};

use super::TabInput;
use crate::domain::scaling_event::{
    Direction, PROVISIONING_TIME, Percentiles, REMOVAL_TIME, TRIGGER_DELAY, Timings,
};
use crate::domain::{Cause, ScalingEvent, ScalingTimings, ScalingView, TriggerBasis};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::layout::split_rows;
use crate::ui::theme::Role;

const WIDTHS: [Constraint; 6] = [
    Constraint::Length(9),
    Constraint::Length(9),
    Constraint::Length(11),
    Constraint::Length(8),
    Constraint::Length(10),
    Constraint::Min(10),
];

pub fn render(
    frame: &mut Frame,
    area: Rect,
    scaling: &ScalingView,
    input: &TabInput,
    context: &RenderContext,
) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.style(Role::Border))
        .title(title(&scaling.timings, input));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let summary: Vec<Line> = summary(&scaling.timings)
        .into_iter()
        .map(|text| {
            Line::styled(
                format::symbols(&text, context.ascii),
                context.style(Role::Text),
            )
        })
        .collect();
    let (summary_area, rest) = split_rows(inner, u16::try_from(summary.len()).unwrap_or(0));
    frame.render_widget(Paragraph::new(summary), summary_area);
    // The definitions at the bottom (as many as there is room for), the events between.
    let definitions = packed(
        &[TRIGGER_DELAY, PROVISIONING_TIME, REMOVAL_TIME],
        rest.width,
    );
    let shown = definitions.len().min(usize::from(rest.height / 3)).max(1);
    let (table_area, definitions_area) = split_rows(
        rest,
        rest.height
            .saturating_sub(u16::try_from(shown).unwrap_or(1)),
    );
    let rows = scaling
        .events
        .iter()
        .take(usize::from(table_area.height.saturating_sub(1)))
        .map(|event| row(event, input, context));
    let table = Table::new(rows, WIDTHS).header(
        Row::new(["time", "group", "change", "trigger", "provision", "reason"])
            .style(context.style(Role::Accent)),
    );
    frame.render_widget(table, table_area);
    let definitions: Vec<Line> = definitions
        .iter()
        .take(shown)
        .map(|text| {
            Line::styled(
                format::symbols(text, context.ascii),
                context.style(Role::Muted),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(definitions), definitions_area);
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
            " Scaling events · timings since {} ({}) ",
            format::short_time(since, input.snapshot.taken_at),
            timings.basis
        ),
        None => " Scaling events ".into(),
    }
}

/// A scale-in's second timing is its removal time, marked so it does not read as provisioning.
fn row<'a>(event: &ScalingEvent, input: &TabInput, context: &RenderContext) -> Row<'a> {
    let direction = match event.direction() {
        Direction::Out => "out",
        Direction::In => "in",
    };
    let trigger = match (&event.cause, event.trigger_delay(), event.trigger) {
        (Cause::Manual, ..) => "manual".to_string(),
        (_, Some(delay), Some(t)) if t.basis == TriggerBasis::Alarm => {
            format::symbols(&format!("≥{}", format::span(delay)), context.ascii)
        }
        (_, Some(delay), _) => format::span(delay),
        (Cause::Unknown, ..) => "unknown".into(),
        (Cause::Automatic { .. }, None, _) => format::symbols("—", context.ascii),
    };
    let completion = match (event.provisioning_time(), event.removal_time()) {
        (Some(d), _) => format::span(d),
        (_, Some(d)) => format!("rm {}", format::span(d)),
        (None, None) if event.reason.starts_with("failed") => "failed".into(),
        (None, None) => "pending".into(),
    };
    Row::new(vec![
        format::short_time(event.at, input.snapshot.taken_at),
        event.group.clone(),
        format::symbols(
            &format!("{direction} {} → {}", event.from, event.to),
            context.ascii,
        ),
        trigger,
        completion,
        event.reason.clone(),
    ])
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
