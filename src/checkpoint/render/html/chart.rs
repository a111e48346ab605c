//! The pictures: a criterion's 8 weeks as an inline SVG line against its target (a week without
//! data is a gap with a cross, never a point at zero), the summary as a labelled bar, and the
//! phase as a strip of steps with today marked. Every picture says in words what it shows.

use chrono::NaiveDate;

use crate::domain::checkpoint::{Comparator, CriterionResult, PhaseStatus, StepState, Summary};

use super::{esc, format};

const WIDTH: f64 = 140.0;
const HEIGHT: f64 = 38.0;
const PAD_X: f64 = 5.0;
const PAD_Y: f64 = 4.0;

/// A criterion's history, oldest left, with the target as a dashed line and the side of it
/// that meets the target shaded.
pub fn trend(c: &CriterionResult) -> String {
    let weeks = &c.history;
    if weeks.is_empty() {
        return format!("<span class=\"muted\">{}</span>", format::MISSING);
    }
    let known = || weeks.iter().filter_map(|w| w.value).chain([c.target]);
    let low = known().fold(f64::INFINITY, f64::min);
    let high = known().fold(f64::NEG_INFINITY, f64::max);
    // Some room above and below; a flat history still gets a visible span.
    let pad = if high > low {
        (high - low) * 0.15
    } else {
        low.abs().max(1.0) * 0.1
    };
    let (low, high) = (low - pad, high + pad);
    let y = |v: f64| PAD_Y + (high - v) / (high - low) * (HEIGHT - 2.0 * PAD_Y);
    #[allow(clippy::cast_precision_loss)]
    let step = (WIDTH - 2.0 * PAD_X) / (weeks.len().max(2) - 1) as f64;
    #[allow(clippy::cast_precision_loss)]
    let x = |i: usize| PAD_X + step * i as f64;

    let label: Vec<String> = weeks
        .iter()
        .map(|w| format!("{} {}", w.week, format::value(c, w.value)))
        .collect();
    let mut svg = format!(
        "<svg viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"{}\">",
        esc(&format!(
            "{}, oldest first: {}; target {}",
            c.name,
            label.join(", "),
            format::target(c)
        ))
    );
    let target = y(c.target);
    let zone = match c.comparator {
        Comparator::Above | Comparator::AtLeast => Some((0.0, target)),
        Comparator::Below | Comparator::AtMost => Some((target, HEIGHT)),
        Comparator::Equal => None,
    };
    if let Some((top, bottom)) = zone {
        svg.push_str(&format!(
            "<rect class=\"zone\" x=\"0\" y=\"{top:.1}\" width=\"{WIDTH}\" height=\"{:.1}\"/>",
            bottom - top
        ));
    }
    svg.push_str(&format!(
        "<line class=\"target\" x1=\"0\" y1=\"{target:.1}\" x2=\"{WIDTH}\" y2=\"{target:.1}\"/>"
    ));
    // One polyline per run of consecutive known weeks: a gap breaks the line.
    for run in weeks
        .iter()
        .enumerate()
        .collect::<Vec<_>>()
        .split(|(_, w)| w.value.is_none())
        .filter(|run| run.len() > 1)
    {
        let points: Vec<String> = run
            .iter()
            .filter_map(|(i, w)| w.value.map(|v| format!("{:.1},{:.1}", x(*i), y(v))))
            .collect();
        svg.push_str(&format!(
            "<polyline class=\"line\" points=\"{}\"/>",
            points.join(" ")
        ));
    }
    let last = weeks.len() - 1;
    for (i, w) in weeks.iter().enumerate() {
        let title = format!("<title>{}</title>", esc(&label[i]));
        let (cx, mid) = (x(i), HEIGHT / 2.0);
        match w.value {
            Some(v) if i == last => svg.push_str(&format!(
                "<circle class=\"now {}\" cx=\"{cx:.1}\" cy=\"{:.1}\" r=\"3.4\">{title}</circle>",
                c.verdict.label(),
                y(v)
            )),
            Some(v) => svg.push_str(&format!(
                "<circle class=\"dot\" cx=\"{cx:.1}\" cy=\"{:.1}\" r=\"1.8\">{title}</circle>",
                y(v)
            )),
            None => svg.push_str(&format!(
                "<g>{title}<line class=\"guide\" x1=\"{cx:.1}\" y1=\"0\" x2=\"{cx:.1}\" y2=\"{HEIGHT}\"/>\
                 <path class=\"gap\" d=\"M{:.1} {:.1}l5 5m0 -5l-5 5\"/></g>",
                cx - 2.5,
                mid - 2.5
            )),
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Met, missed and unknown as one bar, each part labelled with its count.
pub fn summary_bar(s: &Summary) -> String {
    let mut bar = String::from("<div class=\"bar\">");
    for (class, count) in [("met", s.met), ("missed", s.missed), ("unknown", s.unknown)] {
        if count > 0 {
            bar.push_str(&format!(
                "<span class=\"{class}\" style=\"flex: {count} 1 0\">{count} {class}</span>"
            ));
        }
    }
    bar.push_str("</div>\n");
    bar
}

/// The phase's steps side by side, as wide as they are long, numbered like the step table,
/// with a line at today.
pub fn timeline(phase: &PhaseStatus) -> String {
    let days = |from: NaiveDate, to: NaiveDate| (to - from).num_days() + 1;
    let mut strip = format!(
        "<div class=\"timeline\" role=\"img\" aria-label=\"{}\">",
        esc(&format!(
            "Day {} of {} of {}",
            phase.day, phase.days, phase.name
        ))
    );
    for (n, step) in phase.steps.iter().enumerate() {
        let (class, mark) = state(step.state);
        strip.push_str(&format!(
            "<div class=\"seg state {class}\" style=\"flex: {} 1 0\" title=\"{}\">{} {mark}</div>",
            days(step.start, step.end),
            esc(&format!("{}: {}", step.name, step.state.label())),
            n + 1
        ));
    }
    if phase.day > 0 && phase.day <= phase.days && phase.days > 0 {
        #[allow(clippy::cast_precision_loss)]
        let at = (phase.day as f64 - 0.5) / phase.days as f64 * 100.0;
        strip.push_str(&format!(
            "<div class=\"today\" style=\"left: {at:.1}%\"><span>today</span></div>"
        ));
    }
    strip.push_str("</div>\n");
    strip
}

/// A step state's class and symbol: the symbol carries it without colour.
pub fn state(state: StepState) -> (&'static str, &'static str) {
    match state {
        StepState::Done => ("done", "✓"),
        StepState::InProgress => ("in-progress", "▶"),
        StepState::Late => ("late", "!"),
        StepState::Upcoming => ("upcoming", "○"),
    }
}
