//! A labelled time axis under a chart: times at the start, the end and evenly between, in
//! UTC like the header clock; hours and minutes for a day or less, else day and hour.

use chrono::{DateTime, Duration, Utc};

use crate::domain::Series;

/// Room each label needs, so neighbours never touch.
const SPACING: usize = 14;

/// The time of the first and last of `values`, the tail of `series` a chart draws.
pub fn span_of(series: &Series, values: &[f64]) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let steps = i32::try_from(values.len().checked_sub(1)?).ok()?;
    Some((series.end - series.step * steps, series.end))
}

fn label(time: DateTime<Utc>, span: Duration) -> String {
    if span <= Duration::days(1) {
        time.format("%H:%M").to_string()
    } else {
        time.format("%a %Hh").to_string()
    }
}

/// One line `width` wide whose plot starts `offset` columns in (after the value labels).
pub fn line(start: DateTime<Utc>, end: DateTime<Utc>, width: usize, offset: usize) -> String {
    let plot = width.saturating_sub(offset);
    let mut out: Vec<char> = vec![' '; width];
    if plot < 6 {
        return String::new();
    }
    let ticks = (plot / SPACING).max(1);
    let span = end - start;
    for tick in 0..=ticks {
        let at = offset + (plot - 1) * tick / ticks;
        let time =
            start + span * i32::try_from(tick).unwrap_or(0) / i32::try_from(ticks).unwrap_or(1);
        let text: Vec<char> = label(time, span).chars().collect();
        // The first label starts at its tick, the last ends at it, the others centre on it.
        let begin = match tick {
            0 => at,
            t if t == ticks => (at + 1).saturating_sub(text.len()),
            _ => at.saturating_sub(text.len() / 2),
        };
        if begin + text.len() <= width && out[begin..begin + text.len()].iter().all(|c| *c == ' ') {
            out[begin..begin + text.len()].copy_from_slice(&text);
        }
    }
    out.into_iter().collect::<String>().trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 18, h, m, 0)
            .single()
            .expect("time")
    }

    #[test]
    fn six_hours_in_forty_columns_reads_start_middle_and_end() {
        // Plot columns 8..48, ticks at 8, 27 and 47: the middle label centres on 27, the last
        // ends on 47.
        let axis = line(at(9, 0), at(15, 0), 48, 8);
        assert_eq!(axis.find("09:00"), Some(8));
        assert_eq!(axis.find("12:00"), Some(25));
        assert_eq!(axis.find("15:00"), Some(43));
        assert_eq!(axis.chars().count(), 48);
    }

    #[test]
    fn a_week_names_days_and_narrow_plots_draw_nothing() {
        let start = at(15, 0) - Duration::days(7);
        assert!(line(start, at(15, 0), 40, 8).starts_with("        Wed 15h"));
        assert_eq!(line(at(9, 0), at(15, 0), 12, 8), "");
    }

    #[test]
    fn the_span_of_a_tail_ends_at_the_series_end() {
        let series = Series::new(at(15, 0), Duration::minutes(5), vec![1.0; 10]);
        assert_eq!(
            span_of(&series, &series.values[4..]),
            Some((at(14, 35), at(15, 0)))
        );
        assert_eq!(span_of(&series, &[]), None);
    }
}
