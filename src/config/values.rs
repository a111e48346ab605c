//! Checked values of config.toml with the place they came from, so every mistake is reported
//! at its file:line:column: durations in a range, sizes, URLs.

use std::time::Duration;

use toml::Spanned;

use crate::domain::duration;

/// An error with the byte range it belongs to, turned into file:line:column by the caller.
pub(super) type SpanError = (std::ops::Range<usize>, String);

pub(super) fn spanned<T>(value: &Spanned<T>, message: impl Into<String>) -> SpanError {
    (value.span(), message.into())
}

/// A duration in the one grammar (`domain::duration`), within `min..=max`.
pub(super) fn duration(
    value: &Spanned<String>,
    min: Duration,
    max: Duration,
) -> Result<Duration, SpanError> {
    let parsed = duration::parse(value.get_ref()).map_err(|m| spanned(value, m))?;
    duration::within(parsed, Some(min), Some(max))
        .map_err(|m| spanned(value, format!("{:?} is not {m}", value.get_ref())))
}

/// A cloud block's `interval`, `security-interval`, `cost-ttl` and `timeout`, each in its range,
/// else its default. A cost API's data changes a few times a day and it bills or throttles each
/// request, so its answers are kept at least 10 minutes.
pub(super) fn cloud_durations(
    given: [Option<&Spanned<String>>; 4],
    defaults: [Duration; 4],
) -> Result<[Duration; 4], SpanError> {
    const RANGES: [(u64, u64); 4] = [(5, 3600), (30, 86_400), (600, 86_400), (1, 120)];
    let mut out = defaults;
    for ((value, (min, max)), slot) in given.iter().zip(RANGES).zip(&mut out) {
        if let Some(value) = value {
            *slot = duration(value, Duration::from_secs(min), Duration::from_secs(max))?;
        }
    }
    Ok(out)
}

/// "16MiB", "512KiB", "1GiB" or a plain byte count.
pub(super) fn size(value: &Spanned<String>) -> Result<usize, SpanError> {
    let text = value.get_ref().trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: usize = number
        .parse()
        .map_err(|_| spanned(value, format!("bad size {text:?} (e.g. \"16MiB\")")))?;
    let factor = match unit.trim() {
        "" | "B" => 1,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        other => {
            return Err(spanned(
                value,
                format!("bad size unit {other:?} (B, KiB, MiB or GiB)"),
            ));
        }
    };
    number
        .checked_mul(factor)
        .filter(|n| *n >= 1 << 10)
        .ok_or_else(|| spanned(value, "size must be at least 1KiB"))
}

pub(super) fn url(value: &Spanned<String>) -> Result<String, SpanError> {
    let parsed = reqwest::Url::parse(value.get_ref())
        .map_err(|e| spanned(value, format!("bad URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(spanned(
            value,
            "the URL must start with http:// or https://",
        ));
    }
    // Credentials in a URL end up in logs and error messages; they belong in the auth table.
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(spanned(
            value,
            "no credentials in the URL: use the environment's [auth] table",
        ));
    }
    Ok(value.get_ref().clone())
}
