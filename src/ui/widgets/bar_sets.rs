//! Bar glyphs: Unicode eighths by default, plain ASCII for terminals and fonts without them.

use ratatui::symbols::bar;

use super::resample::finite_bounds;

pub const ASCII: bar::Set = bar::Set {
    full: "#",
    seven_eighths: "#",
    three_quarters: "=",
    five_eighths: "=",
    half: "-",
    three_eighths: "-",
    one_quarter: "_",
    one_eighth: ".",
    empty: " ",
};

pub fn bars(ascii: bool) -> bar::Set<'static> {
    if ascii { ASCII } else { bar::NINE_LEVELS }
}

/// One glyph per value, scaled between the smallest and largest known value, for sparklines
/// drawn as text (a table cell). A known value never gets the empty glyph, so a low week is not
/// mistaken for a missing one; a missing value gets its own mark.
pub fn text_sparkline(values: &[Option<f64>], ascii: bool) -> Vec<&'static str> {
    let set = bars(ascii);
    let levels = [
        set.one_eighth,
        set.one_quarter,
        set.three_eighths,
        set.half,
        set.five_eighths,
        set.three_quarters,
        set.seven_eighths,
        set.full,
    ];
    let missing = if ascii { "?" } else { "·" };
    let bounds = finite_bounds(values.iter().flatten().copied());
    values
        .iter()
        .map(|value| match (value.filter(|v| v.is_finite()), bounds) {
            (Some(v), Some((low, high))) => {
                let fraction = if high > low {
                    (v - low) / (high - low)
                } else {
                    0.5
                };
                // `fraction` is within 0..=1, so the level is within the array.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let level = (fraction * 7.0).round() as usize;
                levels[level.min(7)]
            }
            _ => missing,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_scales_known_values_and_marks_missing_ones() {
        let values = [Some(1.0), None, Some(5.0), Some(3.0), Some(f64::NAN)];
        assert_eq!(text_sparkline(&values, false), ["▁", "·", "█", "▅", "·"]);
        assert_eq!(text_sparkline(&values, true), [".", "?", "#", "=", "?"]);
        assert_eq!(
            text_sparkline(&[Some(2.0), Some(2.0)], false),
            ["▅", "▅"],
            "flat: mid"
        );
        assert_eq!(text_sparkline(&[None], false), ["·"]);
    }
}
