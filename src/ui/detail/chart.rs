//! A detail chart: title with the window and the figure now, value labels, the threshold it is
//! judged against, a UTC time axis, and the view's shared cursor: a column marked on every
//! chart, with the value and time there in the title. The series is stretched or folded onto
//! the plot's columns so a column is the same stretch of time on every chart.

use chrono::Duration;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use crate::app::detail::Chart;
use crate::domain::Series;
use crate::ui::RenderContext;
use crate::ui::theme::Role;
use crate::ui::widgets::time_axis;
use crate::ui::widgets::trend_chart::{LABEL_WIDTH, TrendChart};

/// Title, six plot rows, the time axis.
pub const HEIGHT: u16 = 8;
const PLOT_ROWS: u16 = 6;

/// The window's values and the times of its first and last.
fn window(series: &Series, span: Duration) -> &[f64] {
    series.tail(span)
}

/// The sample under plot column `column` of `columns`: (index into `values`).
fn sample_at(len: usize, column: usize, columns: usize) -> Option<usize> {
    if len == 0 || columns == 0 {
        return None;
    }
    // Column c covers samples [c·len/columns, (c+1)·len/columns); its newest stands for it.
    let end = ((column + 1) * len / columns).max(column * len / columns + 1);
    Some(end.min(len) - 1)
}

/// `CPU % · now 63 % · min 40 % · max 81 % · line 75 % · last 6h`; with the cursor on, what
/// it reads comes right after the title (`· at 02:35 58 %`), so a narrow view keeps it.
pub fn summary(
    chart: &Chart,
    span: Duration,
    label: &str,
    cursor: Option<(usize, usize)>,
) -> String {
    let values = window(&chart.series, span);
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let (low, high) = finite.fold((f64::NAN, f64::NAN), |(l, h), v| (l.min(v), h.max(v)));
    let text = |v: f64| chart.unit.text(v.is_finite().then_some(v));
    let mut out = chart.title.clone();
    if let Some((column, columns)) = cursor
        && let Some(index) = sample_at(values.len(), column, columns)
    {
        let back = i32::try_from(values.len() - 1 - index).unwrap_or(0);
        let at = chart.series.end - chart.series.step * back;
        out.push_str(&format!(
            " · at {} {}",
            at.format("%H:%M"),
            text(values[index])
        ));
    }
    out.push_str(&format!(
        " · now {} · min {} · max {}",
        chart
            .unit
            .text(values.last().copied().filter(|v| v.is_finite())),
        text(low),
        text(high),
    ));
    if let Some(threshold) = chart.threshold {
        out.push_str(&format!(" · line {}", text(threshold)));
    }
    out.push_str(&format!(" · last {label}"));
    out
}

/// Draws `chart` into `buf` (a buffer of the chart's own, `HEIGHT` rows): `cursor` is the
/// shared cursor in columns left of the newest.
pub fn draw(
    chart: &Chart,
    area: Rect,
    buf: &mut Buffer,
    span: Duration,
    label: &str,
    cursor: Option<u16>,
    context: &RenderContext,
) {
    let values = window(&chart.series, span);
    let plot_width = area.width.saturating_sub(LABEL_WIDTH);
    // Braille has two dots per cell; ASCII one.
    let per_cell = if context.ascii { 1 } else { 2 };
    let columns = usize::from(plot_width) * per_cell;
    let cursor_cell = cursor.map(|c| plot_width.saturating_sub(1).saturating_sub(c));
    let readout = cursor_cell.map(|c| (usize::from(c) * per_cell + per_cell - 1, columns));
    let title = summary(chart, span, label, readout);
    Paragraph::new(Line::styled(title, context.style(Role::Text)))
        .render(Rect { height: 1, ..area }, buf);
    // Fewer samples than dot columns are stretched, so time runs evenly across the plot.
    let stretched: Vec<f64>;
    let plotted = if values.len() < columns && !values.is_empty() {
        stretched = (0..columns)
            .map(|c| values[c * values.len() / columns])
            .collect();
        &stretched[..]
    } else {
        values
    };
    let format_value = |v: f64| chart.unit.text(Some(v));
    let plot = Rect {
        y: area.y + 1,
        height: PLOT_ROWS,
        ..area
    };
    TrendChart {
        values: plotted,
        target: chart.threshold,
        format_value: &format_value,
        ascii: context.ascii,
        line_style: context.style(Role::Chart),
        target_style: context.style(Role::TargetLine),
        label_style: context.style(Role::Muted),
    }
    .render(plot, buf);
    if let Some(cell) = cursor_cell {
        let x = area.x + LABEL_WIDTH + cell;
        for y in plot.top()..plot.bottom() {
            if buf[(x, y)].symbol() == " " {
                buf[(x, y)]
                    .set_symbol("│")
                    .set_style(context.style(Role::Accent));
            }
        }
    }
    if let Some((start, end)) = time_axis::span_of(&chart.series, values) {
        let axis = time_axis::line(
            start,
            end,
            usize::from(area.width),
            usize::from(LABEL_WIDTH),
        );
        Paragraph::new(axis)
            .style(context.style(Role::Muted))
            .render(
                Rect {
                    y: plot.bottom(),
                    height: 1,
                    ..area
                },
                buf,
            );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Series, Unit};
    use chrono::{TimeZone, Utc};

    fn drawn(values: Vec<f64>, ascii: bool) -> Vec<String> {
        let end = Utc
            .with_ymd_and_hms(2026, 11, 18, 3, 0, 0)
            .single()
            .expect("time");
        let chart = Chart {
            title: "CPU".into(),
            unit: Unit::Percent,
            series: Series::new(end, Duration::minutes(5), values),
            threshold: Some(75.0),
        };
        let theme = crate::ui::theme::Theme::load("mono", None).expect("theme");
        let keymap = crate::input::keymap::Keymap::load("default", None).expect("keymap");
        let context = RenderContext {
            theme: &theme,
            keymap: &keymap,
            ascii,
        };
        let area = Rect::new(0, 0, 60, HEIGHT);
        let mut buf = Buffer::empty(area);
        draw(
            &chart,
            area,
            &mut buf,
            Duration::hours(6),
            "6h",
            Some(3),
            &context,
        );
        (0..HEIGHT)
            .map(|y| (0..60).map(|x| buf[(x, y)].symbol().to_string()).collect())
            .collect()
    }

    #[test]
    fn empty_flat_nan_and_infinite_series_draw_and_say_what_they_are() {
        let empty = drawn(Vec::new(), false);
        assert!(empty[0].contains("now —"), "{}", empty[0]);
        assert!(empty.iter().any(|l| l.contains("no data")), "{empty:?}");
        let nan = drawn(vec![f64::NAN; 50], true);
        assert!(
            nan[0].contains("now —") && nan[0].contains("max —"),
            "{}",
            nan[0]
        );
        let flat = drawn(vec![42.0; 72], true);
        assert!(
            flat[0].contains("min 42.0%") && flat[0].contains("max 42.0%"),
            "{}",
            flat[0]
        );
        assert!(
            flat.iter().any(|l| l.contains('*')),
            "a flat line is drawn: {flat:?}"
        );
        let wild = drawn(
            vec![
                1.0,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::MAX,
                -f64::MAX,
                2.0,
            ],
            true,
        );
        assert!(wild[0].contains("now 2.0%"), "{}", wild[0]);
    }

    #[test]
    fn the_cursor_reads_the_value_and_time_under_it() {
        // One sample per 5 minutes over 6 hours: 73 samples on 52 plot columns (ASCII).
        let values: Vec<f64> = (0..73).map(f64::from).collect();
        let lines = drawn(values, true);
        // Three columns left of the newest is column 48 of 52: it covers samples from
        // 48·73/52 = 67 up to 49·73/52 = 68 (exclusive), so sample 67, 25 minutes before 03:00.
        assert!(lines[0].starts_with("CPU · at 02:35 67.0%"), "{}", lines[0]);
        let plotted = lines[1..7].iter().filter(|l| l.contains('│')).count();
        assert!(plotted > 0, "the cursor column is marked: {lines:?}");
    }

    #[test]
    fn a_column_stands_for_its_newest_sample() {
        assert_eq!(sample_at(0, 0, 10), None);
        // Stretched: 4 samples over 8 columns, two columns each.
        assert_eq!(sample_at(4, 7, 8), Some(3));
        assert_eq!(sample_at(4, 0, 8), Some(0));
        // Folded: 100 samples over 10 columns, ten each.
        assert_eq!(sample_at(100, 9, 10), Some(99));
        assert_eq!(sample_at(100, 0, 10), Some(9));
    }
}
