//! Text for figures. Missing values read "—" everywhere so they are never mistaken for zero.

use chrono::{DateTime, Duration, Utc};

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

/// When an error budget runs out: "spent", "never", "2d" (from now at the current burn).
pub fn exhaustion(value: crate::domain::slo::Exhaustion) -> String {
    use crate::domain::slo::Exhaustion;
    match value {
        Exhaustion::Spent => "spent".into(),
        Exhaustion::Never => "never".into(),
        Exhaustion::Unknown => MISSING.into(),
        Exhaustion::InHours(h) => span(Duration::seconds((h * 3600.0).min(1.0e12) as i64)),
    }
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

/// "45s", "12m", "3h", "2d": the age of data or the time since an event.
pub fn age(duration: std::time::Duration) -> String {
    span(Duration::from_std(duration).unwrap_or(Duration::MAX))
}

pub fn span(d: Duration) -> String {
    let secs = d.num_seconds();
    match secs {
        i64::MIN..=59 => format!("{}s", secs.max(0)),
        60..=5_999 => format!("{}m{:02}s", secs / 60, secs % 60).replace("m00s", "m"),
        6_000..=172_799 => {
            format!("{}h{:02}m", secs / 3600, (secs % 3600) / 60).replace("h00m", "h")
        }
        _ => format!("{}d", secs / 86_400),
    }
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
    fn missing_and_nan_are_never_zero() {
        assert_eq!(millis(None), MISSING);
        assert_eq!(millis(Some(f64::NAN)), MISSING);
        assert_eq!(percent(Some(f64::INFINITY)), MISSING);
        assert_eq!(money(Some(f64::NEG_INFINITY)), MISSING);
    }

    #[test]
    fn figures_read_naturally() {
        assert_eq!(millis(Some(489.4)), "489ms");
        assert_eq!(ratio_percent(Some(0.000_31)), "0.031%");
        assert_eq!(ratio_percent(Some(0.0)), "0%");
        assert_eq!(money(Some(6600.0)), "$6,600");
        assert_eq!(money(Some(-1_234_567.0)), "-$1,234,567");
        assert_eq!(grouped(Some(2412.4), 0), "2,412");
        assert_eq!(grouped(Some(-1250.46), 1), "-1,250.5");
        assert_eq!(grouped(Some(0.0213), 3), "0.021");
        assert_eq!(
            grouped(Some(-0.0001), 2),
            "0.00",
            "no sign on a rounded zero"
        );
        assert_eq!(grouped(None, 2), MISSING);
        assert_eq!(span(Duration::seconds(125)), "2m05s");
        assert_eq!(span(Duration::seconds(7200)), "2h");
        assert_eq!(span(Duration::days(9)), "9d");
    }
}
