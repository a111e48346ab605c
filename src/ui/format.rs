//! Text for the screen: figures format through the domain (`domain::figure::text`, one formatter
//! per unit for every surface); durations and clock times are drawn here.

use chrono::{DateTime, Duration, Utc};

pub use crate::domain::figure::text::{
    MISSING, cut_note, grouped, millis, money, money_cents, number, percent, rate, ratio_percent,
    seconds, times,
};

/// "45s", "12m", "3h", "2d": the age of data or the time since an event.
pub fn age(duration: std::time::Duration) -> String {
    span(Duration::from_std(duration).unwrap_or(Duration::MAX))
}

/// A duration as every surface writes one (`domain::figure::text::seconds`): whole seconds.
#[allow(clippy::cast_precision_loss)]
pub fn span(d: Duration) -> String {
    seconds(Some(d.num_seconds().max(0) as f64))
}

/// Typographic symbols in plain ASCII for `--ascii` mode ("out 2 → 4", "≥30s", "a · b").
pub fn symbols(text: &str, ascii: bool) -> String {
    if !ascii {
        return text.to_string();
    }
    [
        ("→", "->"),
        ("≥", ">="),
        ("≤", "<="),
        ("·", "|"),
        ("—", "-"),
    ]
    .iter()
    .fold(text.to_string(), |text, (from, to)| text.replace(from, to))
}

/// When an error budget runs out: "spent", "never", "2d" (from now at the current burn).
pub fn exhaustion(value: crate::domain::slo::Exhaustion) -> String {
    value.text()
}

pub fn clock(t: DateTime<Utc>) -> String {
    t.format("%H:%M:%S").to_string()
}

pub fn short_time(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    if (now - t) < Duration::hours(20) {
        t.format("%H:%M").to_string()
    } else {
        t.format("%a %H:%M").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_naturally() {
        assert_eq!(span(Duration::seconds(125)), "2m05s");
        assert_eq!(span(Duration::seconds(7200)), "2h");
        assert_eq!(span(Duration::days(9)), "9d");
    }
}
