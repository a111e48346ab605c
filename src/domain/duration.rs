//! The one duration grammar: config.toml, objective files, runbook files and forms, templates
//! and command flags all parse with [`parse`], and exact durations print with [`humantime`].
//!
//! Prometheus's units (`ms s m h d w`), largest first, each at most once: "90s", "1h30m", "2d",
//! "1w". A part may have decimals, as Go's durations allow: "1.5m" is 90 s. No sign, no spaces
//! inside, no bare number: "-5m", "1h 30m" and "90" are errors that name the text.

use std::time::Duration;

/// Units largest first, in nanoseconds.
const UNITS: [(&str, u128); 6] = [
    ("w", 7 * 86_400 * NANOS),
    ("d", 86_400 * NANOS),
    ("h", 3_600 * NANOS),
    ("m", 60 * NANOS),
    ("s", NANOS),
    ("ms", NANOS / 1_000),
];
const NANOS: u128 = 1_000_000_000;
/// Enough for a nanosecond of a week; finer decimals are dropped, more than this refused.
const MAX_DECIMALS: usize = 15;
const EXAMPLES: &str = "units ms, s, m, h, d, w, e.g. \"90s\", \"1h30m\", \"1.5m\"";

/// "1h30m" → 5400 s; every error names the text and says what a duration looks like.
pub fn parse(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let bad = |why: &str| format!("{text:?} is not a duration: {why} ({EXAMPLES})");
    if text.is_empty() {
        return Err(format!("an empty text is not a duration ({EXAMPLES})"));
    }
    if text.starts_with('-') {
        return Err(bad("a duration cannot be negative"));
    }
    if text.contains(char::is_whitespace) {
        return Err(bad("no spaces inside"));
    }
    let mut total: u128 = 0;
    let mut smallest_so_far = None;
    let mut rest = text;
    while !rest.is_empty() {
        let number_end = rest
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(rest.len());
        let unit_end = rest[number_end..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .map_or(rest.len(), |i| number_end + i);
        let (number, unit) = (&rest[..number_end], &rest[number_end..unit_end]);
        if number.is_empty() {
            return Err(bad("expected a number"));
        }
        if unit.is_empty() {
            return Err(bad(&format!("{number} has no unit")));
        }
        let (index, per_unit) = UNITS
            .iter()
            .enumerate()
            .find_map(|(i, (name, nanos))| (*name == unit).then_some((i, *nanos)))
            .ok_or_else(|| bad(&format!("unknown unit {unit:?}")))?;
        if smallest_so_far.is_some_and(|previous| index <= previous) {
            return Err(bad("units go from largest to smallest, each once"));
        }
        smallest_so_far = Some(index);
        let part =
            nanos_of(number, per_unit).ok_or_else(|| bad(&format!("bad number {number:?}")))?;
        total = total
            .checked_add(part)
            .ok_or_else(|| format!("{text:?} is too long a duration"))?;
        rest = &rest[unit_end..];
    }
    let seconds =
        u64::try_from(total / NANOS).map_err(|_| format!("{text:?} is too long a duration"))?;
    #[allow(clippy::cast_possible_truncation)] // below NANOS
    Ok(Duration::new(seconds, (total % NANOS) as u32))
}

/// `number` ("12", "1.5") units of `per_unit` nanoseconds, exactly; `None` when malformed.
fn nanos_of(number: &str, per_unit: u128) -> Option<u128> {
    let (whole, decimals) = match number.split_once('.') {
        Some((_, "")) => return None,
        Some(parts) => parts,
        None => (number, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(decimals) || decimals.len() > MAX_DECIMALS {
        return None;
    }
    let scale = 10u128.pow(u32::try_from(decimals.len()).ok()?);
    // No decimals read as 0; at most MAX_DECIMALS digits always fit.
    let fraction = decimals.parse::<u128>().unwrap_or(0);
    // Past u128 is far beyond any Duration: saturate, and the caller reports "too long".
    let nanos = whole
        .parse::<u128>()
        .ok()
        .and_then(|w| w.checked_mul(per_unit))
        .and_then(|n| n.checked_add(fraction * per_unit / scale));
    Some(nanos.unwrap_or(u128::MAX))
}

/// The shortest exact spelling [`parse`] reads back: "1h30m", "90d", "1s500ms", "0s". Days are
/// the largest unit printed ("31d" reads easier than "4w3d"); below a millisecond, a decimal
/// of one ("0.25ms"). Rounded figures for tables are `figure::text::seconds`.
pub fn humantime(d: Duration) -> String {
    let mut rest = d.as_nanos();
    if rest == 0 {
        return "0s".into();
    }
    let mut text = String::new();
    for (unit, nanos) in &UNITS[1..] {
        let count = rest / nanos;
        rest %= nanos;
        if *unit == "ms" && rest > 0 {
            // Below a millisecond: a decimal of one, which `parse` reads back.
            let fraction = format!("{rest:06}");
            text.push_str(&format!("{count}.{}ms", fraction.trim_end_matches('0')));
        } else if count > 0 {
            text.push_str(&format!("{count}{unit}"));
        }
    }
    text
}

/// `d` when inside the bounds (either may be open), else what it must be: "between 1m and 1d",
/// "at least 250ms", "at most 1h".
pub fn within(
    d: Duration,
    min: Option<Duration>,
    max: Option<Duration>,
) -> Result<Duration, String> {
    if min.is_none_or(|m| d >= m) && max.is_none_or(|m| d <= m) {
        return Ok(d);
    }
    match (min, max) {
        (Some(min), Some(max)) => Err(format!("between {} and {}", humantime(min), humantime(max))),
        (Some(min), None) => Err(format!("at least {}", humantime(min))),
        (None, Some(max)) => Err(format!("at most {}", humantime(max))),
        (None, None) => Ok(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn the_grammar_reads_units_sums_and_decimals() {
        let cases = [
            ("90s", secs(90)),
            ("1h30m", secs(5400)),
            ("1.5m", secs(90)),
            ("500ms", Duration::from_millis(500)),
            ("2d", secs(172_800)),
            ("1w", secs(604_800)),
            ("1w2d3h4m5s6ms", Duration::new(788_645, 6_000_000)),
            ("1.25s", Duration::from_millis(1250)),
            ("0.5ms", Duration::from_micros(500)),
            ("0s", Duration::ZERO),
            (" 5m ", secs(300)),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn errors_name_the_text_and_the_reason() {
        let cases = [
            ("", "an empty text is not a duration"),
            (
                "-5m",
                "\"-5m\" is not a duration: a duration cannot be negative",
            ),
            ("90", "\"90\" is not a duration: 90 has no unit"),
            ("1h30", "\"1h30\" is not a duration: 30 has no unit"),
            ("5y", "\"5y\" is not a duration: unknown unit \"y\""),
            (
                "2 parsecs",
                "\"2 parsecs\" is not a duration: no spaces inside",
            ),
            (
                "30m1h",
                "\"30m1h\" is not a duration: units go from largest to smallest",
            ),
            (
                "1m1m",
                "\"1m1m\" is not a duration: units go from largest to smallest",
            ),
            ("s", "\"s\" is not a duration: expected a number"),
            ("1..5m", "\"1..5m\" is not a duration: bad number \"1..5\""),
            ("1.m", "\"1.m\" is not a duration: bad number \"1.\""),
            (
                "99999999999999w",
                "\"99999999999999w\" is too long a duration",
            ),
        ];
        for (text, expected) in cases {
            let error = parse(text).expect_err(text);
            assert!(error.contains(expected), "{text}: {error}");
        }
        let too_long = format!("{}s", "9".repeat(50));
        assert_eq!(
            parse(&too_long),
            Err(format!("{too_long:?} is too long a duration"))
        );
    }

    #[test]
    fn printing_is_exact_and_reads_back() {
        let cases = [
            (secs(5400), "1h30m"),
            (secs(90), "1m30s"),
            (secs(120), "2m"),
            (Duration::from_millis(500), "500ms"),
            (Duration::from_millis(1500), "1s500ms"),
            (Duration::from_micros(250), "0.25ms"),
            (Duration::new(1, 250_000), "1s0.25ms"),
            (Duration::from_nanos(1), "0.000001ms"),
            (secs(31 * 86_400), "31d"),
            (Duration::ZERO, "0s"),
        ];
        for (duration, text) in cases {
            assert_eq!(humantime(duration), text);
            assert_eq!(parse(text), Ok(duration), "{text} reads back");
        }
    }

    #[test]
    fn bounds_say_what_the_value_must_be() {
        let (minute, day) = (Some(secs(60)), Some(secs(86_400)));
        assert_eq!(within(secs(60), minute, day), Ok(secs(60)));
        assert_eq!(
            within(secs(30), minute, day),
            Err("between 1m and 1d".into())
        );
        assert_eq!(within(secs(30), minute, None), Err("at least 1m".into()));
        assert_eq!(within(secs(90_000), None, day), Err("at most 1d".into()));
        assert_eq!(within(secs(90_000), None, None), Ok(secs(90_000)));
    }
}
