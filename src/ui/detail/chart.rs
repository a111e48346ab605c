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

/// `CPU % · last 6h · now 63 % · min 40 % · max 81 %`, and at the cursor `· 02:35 58 %`.
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
    let mut out = format!(
        "{} · last {label} · now {} · min {} · max {}",
        chart.title,
        chart
            .unit
            .text(values.last().copied().filter(|v| v.is_finite())),
        text(low),
        text(high),
    );
    if let Some(threshold) = chart.threshold {
        out.push_str(&format!(" · line {}", text(threshold)));
    }
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
