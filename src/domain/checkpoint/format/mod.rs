//! How a figure reads, the same in every format: values in their unit with sensible precision,
//! signed deltas with their direction and whether they help, 8-week sparklines, and times in
//! the report's time zone.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Tz;

use crate::domain::checkpoint::report::WeekFigure;
use crate::domain::checkpoint::{CriterionResult, WeeklyReport, parse_tz};

/// What a missing value shows as: never 0, which would read as a measurement.
pub const MISSING: &str = "—";

/// Sparkline levels, lowest first; a week without data is `NO_DATA`.
const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
pub const NO_DATA: char = '·';

const SIGNIFICANT: i32 = 4;
const MAX_DECIMALS: usize = 6;

/// `471 ms`, `0.021 %`, `2,412 req/s`, `-17.2 %`, or `—`.
pub fn value(c: &CriterionResult, value: Option<f64>) -> String {
    value.map_or_else(
        || MISSING.to_string(),
        |v| with_unit(&near(v, c.target), &c.unit),
    )
}

/// A figure in its unit at four significant digits, as `value` writes it away from a target:
/// what tabs show of a figure the checkpoint judges, so both read the same.
pub fn quantity(v: f64, unit: &str) -> String {
    if v.is_finite() {
        with_unit(&number(v, decimals(v)), unit)
    } else {
        MISSING.to_string()
    }
}

/// As `value`, without the unit (for a table whose header or width leaves it out).
pub fn bare(c: &CriterionResult, value: Option<f64>) -> String {
    value.map_or_else(|| MISSING.to_string(), |v| near(v, c.target))
}

/// `< 475 ms`, `≥ 99.9 %`, `> 2,300 req/s`.
pub fn target(c: &CriterionResult) -> String {
    let number = number(c.target, decimals(c.target));
    format!("{} {}", c.comparator.symbol(), with_unit(&number, &c.unit))
}

/// The change since last week, when both weeks are known.
pub struct Delta {
    /// `▲`, `▼` or `=`.
    pub arrow: &'static str,
    /// `+13 ms`, `-0.002 %`, `±0 s`.
    pub text: String,
    /// `text` without the unit: `+13`.
    pub number: String,
    /// `Some(true)` when the change moves toward the target's side; `None` when unchanged.
    pub improved: Option<bool>,
}

impl Delta {
    pub fn judgement(&self) -> &'static str {
        match self.improved {
            Some(true) => "better",
            Some(false) => "worse",
            None => "no change",
        }
    }
}

pub fn delta(c: &CriterionResult) -> Option<Delta> {
    let d = c.delta?;
    let (arrow, sign) = if d > 0.0 {
        ("▲", "+")
    } else if d < 0.0 {
        ("▼", "-")
    } else {
        ("=", "±")
    };
    let magnitude = number(d.abs(), decimals(d));
    Some(Delta {
        arrow,
        text: format!("{sign}{}", with_unit(&magnitude, &c.unit)),
        number: format!("{sign}{magnitude}"),
        improved: c.improved(),
    })
}

/// The history as `▁▃▅·▆▇█▇`, scaled between its lowest and highest known week.
pub fn sparkline(history: &[WeekFigure]) -> String {
    let known = || history.iter().filter_map(|w| w.value);
    let low = known().fold(f64::INFINITY, f64::min);
    let high = known().fold(f64::NEG_INFINITY, f64::max);
    history
        .iter()
        .map(|w| match w.value {
            None => NO_DATA,
            Some(_) if high <= low => LEVELS[LEVELS.len() / 2],
            Some(v) => {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let level = ((v - low) / (high - low) * 7.0).round() as usize;
                LEVELS[level.min(LEVELS.len() - 1)]
            }
        })
        .collect()
}

/// `Mon 2026-11-23 – Sun 2026-11-29 (Europe/Berlin)`; a running week ends at its last data.
pub fn period(report: &WeeklyReport) -> String {
    let (tz, label) = zone(report);
    let from = report.from.with_timezone(&tz);
    let to = report.to.with_timezone(&tz);
    let midnight = NaiveTime::MIN;
    if !report.partial && from.time() == midnight && to.time() == midnight {
        // `to` is exclusive: the week's last day is the one before it.
        let last = to - Duration::seconds(1);
        format!(
            "{} – {} ({label})",
            from.format("%a %Y-%m-%d"),
            last.format("%a %Y-%m-%d")
        )
    } else {
        let long = "%a %Y-%m-%d %H:%M";
        format!("{} – {} ({label})", from.format(long), to.format(long))
    }
}

/// `Wed 2026-12-02 15:05 CET`, in the report's time zone.
pub fn time(report: &WeeklyReport, at: DateTime<Utc>) -> String {
    let (tz, _) = zone(report);
    at.with_timezone(&tz)
        .format("%a %Y-%m-%d %H:%M %Z")
        .to_string()
}

/// The blocking criteria not met, each with why: `P99 latency (missed)`.
pub fn blocking_failures(report: &WeeklyReport) -> Vec<String> {
    report
        .summary
        .blocking_failed
        .iter()
        .map(
            |name| match report.criteria.iter().find(|c| &c.name == name) {
                Some(c) => format!("{name} ({})", c.verdict.label()),
                None => name.clone(),
            },
        )
        .collect()
}

/// The report's zone, or UTC saying so when its name is not one.
fn zone(report: &WeeklyReport) -> (Tz, String) {
    match parse_tz(&report.timezone) {
        Ok(tz) => (tz, report.timezone.clone()),
        Err(_) => (
            Tz::UTC,
            format!("UTC; time zone {:?} unknown", report.timezone),
        ),
    }
}

fn with_unit(number: &str, unit: &str) -> String {
    if unit.is_empty() {
        number.to_string()
    } else {
        format!("{number} {unit}")
    }
}

/// Four significant digits, more when fewer would make `v` look like `target` or put it on the
/// target's other side (99.88 against ≥ 99.9 must not read 99.9).
fn near(v: f64, target: f64) -> String {
    let rounded = |d: usize| format!("{v:.d$}").parse::<f64>().unwrap_or(v);
    let mut d = decimals(v);
    while d < MAX_DECIMALS && rounded(d).partial_cmp(&target) != v.partial_cmp(&target) {
        d += 1;
    }
    number(v, d)
}

fn decimals(v: f64) -> usize {
    if v == 0.0 || !v.is_finite() {
        return 0;
    }
    #[allow(clippy::cast_possible_truncation)]
    let magnitude = v.abs().log10().floor() as i32;
    usize::try_from(SIGNIFICANT - 1 - magnitude).map_or(0, |d| d.min(MAX_DECIMALS))
}

/// `2,412`, `0.021`, `-17.2`: trailing zeros trimmed, thousands grouped.
fn number(v: f64, decimals: usize) -> String {
    let text = format!("{v:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    let (sign, digits) = text.strip_prefix('-').map_or(("", text), |d| ("-", d));
    let (whole, fraction) = digits
        .split_once('.')
        .map_or((digits, None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if grouped.chars().all(|c| c == '0') && fraction.is_none() {
        ""
    } else {
        sign
    };
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests;
