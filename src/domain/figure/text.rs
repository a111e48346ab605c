//! How a figure's number reads in a table cell, per unit. Missing values read "—" everywhere so
//! they are never mistaken for zero. The tabs, the panel strip and the figure catalogue all
//! format through here; the weekly report adds a target-aware precision on top (checkpoint::format).

use super::Unit;

pub const MISSING: &str = "—";

fn or_missing(value: Option<f64>, show: impl Fn(f64) -> String) -> String {
    value
        .filter(|v| v.is_finite())
        .map_or_else(|| MISSING.to_string(), show)
}

pub fn millis(value: Option<f64>) -> String {
    or_missing(value, |v| {
        if v >= 10_000.0 {
            format!("{:.1}s", v / 1000.0)
        } else {
            format!("{v:.0}ms")
        }
    })
}

/// How long something took, rounded as [`seconds`] rounds (`166µs` reads `0ms`); settings are
/// printed exactly by `domain::duration::humantime` instead.
pub fn elapsed(took: std::time::Duration) -> String {
    seconds(Some(took.as_secs_f64()))
}

/// A duration in seconds: `512ms`, `1.5s`, `42s`, `2m`, `3m20s`, `2h05m`, `3d` (whole seconds
/// from 10 s).
pub fn seconds(value: Option<f64>) -> String {
    or_missing(value, |v| {
        if v.abs() < 1.0 && v != 0.0 {
            return millis(Some(v * 1000.0));
        }
        if v.abs() < 10.0 && v.fract() != 0.0 {
            return format!("{v:.1}s");
        }
        #[allow(clippy::cast_possible_truncation)]
        let s = v.round() as i64;
        match s {
            i64::MIN..=59 => format!("{}s", s.max(0)),
            60..=5_999 => format!("{}m{:02}s", s / 60, s % 60).replace("m00s", "m"),
            6_000..=172_799 => format!("{}h{:02}m", s / 3600, s % 3600 / 60).replace("h00m", "h"),
            _ => format!("{}d", s / 86_400),
        }
    })
}

/// A fraction shown as a percentage: 0.000_31 → "0.031%".
pub fn ratio_percent(value: Option<f64>) -> String {
    or_missing(value, |v| {
        let p = v * 100.0;
        if p == 0.0 {
            "0%".to_string()
        } else if p.abs() < 1.0 {
            format!("{p:.3}%")
        } else {
            format!("{p:.1}%")
        }
    })
}

/// A value already in percent: 62.14 → "62.1%".
pub fn percent(value: Option<f64>) -> String {
    or_missing(value, |v| format!("{v:.1}%"))
}

pub fn rate(value: Option<f64>) -> String {
    or_missing(value, |v| {
        if v >= 10_000.0 {
            format!("{:.1}k", v / 1000.0)
        } else {
            format!("{v:.0}")
        }
    })
}

pub fn times(value: Option<f64>) -> String {
    or_missing(value, |v| format!("{v:.1}x"))
}

pub fn money(value: Option<f64>) -> String {
    or_missing(value, |v| {
        let whole = v.abs().round();
        if whole > 9.0e15 {
            return format!("${v:.3e}");
        }
        // `whole` is a checked, finite integer.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let digits = (whole as u64).to_string();
        format!(
            "{}${}",
            if v < 0.0 { "-" } else { "" },
            group_thousands(&digits)
        )
    })
}

/// `2,412`, `-1,250.5`, `0.021`: `decimals` fixed, the whole part grouped by thousands.
pub fn grouped(value: Option<f64>, decimals: usize) -> String {
    or_missing(value, |v| {
        if v.abs() > 9.0e15 {
            return format!("{v:.3e}");
        }
        let text = format!("{:.decimals$}", v.abs());
        let (whole, fraction) = text.split_at(text.find('.').unwrap_or(text.len()));
        // A value that rounds to zero has no sign: "-0.0" would read as a change.
        let negative = v < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0');
        format!(
            "{}{}{fraction}",
            if negative { "-" } else { "" },
            group_thousands(whole)
        )
    })
}

/// " · showing 2,000 of 100,000 services (…)" when a source cut a list, else nothing.
#[allow(clippy::cast_precision_loss)]
pub fn cut_note(shown: usize, omitted: usize, noun: &str, kept: &str) -> String {
    if omitted == 0 {
        return String::new();
    }
    let count = |n: usize| grouped(Some(n as f64), 0);
    format!(
        " · showing {} of {} {noun} ({kept})",
        count(shown),
        count(shown + omitted)
    )
}

/// Grouping by hand keeps the dependency list short.
fn group_thousands(digits: &str) -> String {
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}

/// Dollars with cents, for hourly rates: "$2.18".
pub fn money_cents(value: Option<f64>) -> String {
    or_missing(value, |v| {
        format!("{}${:.2}", if v < 0.0 { "-" } else { "" }, v.abs())
    })
}

/// A plain figure: integers as integers, others with up to three decimals.
pub fn number(value: Option<f64>) -> String {
    or_missing(value, |v| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{v:.0}")
        } else {
            format!("{v:.3}")
        }
    })
}

impl Unit {
    /// `value` in this unit, compact for a table cell: `489ms`, `0.031%`, `$6,600`.
    pub fn text(self, value: Option<f64>) -> String {
        match self {
            Self::Seconds => seconds(value),
            Self::Milliseconds => millis(value),
            Self::Percent => percent(value),
            Self::Ratio => ratio_percent(value),
            Self::PerSecond => rate(value),
            Self::Dollars => money(value),
            Self::DollarsPerHour => format!("{}/h", money_cents(value)),
            Self::Days => or_missing(value, |v| format!("{v:.1}d")),
            Self::Times => times(value),
            Self::Bytes | Self::Count | Self::None => number(value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_and_nan_are_never_zero() {
        assert_eq!(millis(None), MISSING);
        assert_eq!(millis(Some(f64::NAN)), MISSING);
        assert_eq!(percent(Some(f64::INFINITY)), MISSING);
        assert_eq!(money(Some(f64::NEG_INFINITY)), MISSING);
        assert_eq!(Unit::Days.text(Some(f64::NAN)), MISSING);
    }

    #[test]
    fn how_long_a_step_took_is_rounded_not_exact() {
        use std::time::Duration;
        assert_eq!(elapsed(Duration::from_nanos(166_298)), "0ms");
        assert_eq!(elapsed(Duration::from_micros(2_400)), "2ms");
        assert_eq!(elapsed(Duration::from_millis(1_540)), "1.5s");
        assert_eq!(elapsed(Duration::from_secs(200)), "3m20s");
    }

    #[test]
    fn figures_read_naturally() {
        assert_eq!(millis(Some(489.4)), "489ms");
        assert_eq!(Unit::Seconds.text(Some(0.507)), "507ms");
        assert_eq!(Unit::Seconds.text(Some(1.5)), "1.5s");
        assert_eq!(Unit::Seconds.text(Some(42.4)), "42s");
        assert_eq!(Unit::Seconds.text(Some(200.0)), "3m20s");
        assert_eq!(Unit::Seconds.text(Some(120.0)), "2m");
        assert_eq!(Unit::Seconds.text(Some(7500.0)), "2h05m");
        assert_eq!(Unit::Seconds.text(Some(9.0 * 86_400.0)), "9d");
        assert_eq!(ratio_percent(Some(0.000_31)), "0.031%");
        assert_eq!(ratio_percent(Some(0.0)), "0%");
        assert_eq!(money(Some(6600.0)), "$6,600");
        assert_eq!(money(Some(-1_234_567.0)), "-$1,234,567");
        assert_eq!(Unit::DollarsPerHour.text(Some(2.176)), "$2.18/h");
        assert_eq!(grouped(Some(2412.4), 0), "2,412");
        assert_eq!(grouped(Some(-1250.46), 1), "-1,250.5");
        assert_eq!(grouped(Some(0.0213), 3), "0.021");
        assert_eq!(
            grouped(Some(-0.0001), 2),
            "0.00",
            "no sign on a rounded zero"
        );
        assert_eq!(grouped(None, 2), MISSING);
    }
}
