//! A line chart that survives any data: flat or constant series, floating-point noise, NaN,
//! infinities, negative and empty series. Every scale computation is guarded against zero and
//! non-finite ranges, so drawing is a bounded loop over the cells whatever the values are.
//!
//! Braille gives 2×4 dots per cell; `ascii` draws `*` and `|` for fonts without braille.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use super::resample::{finite_bounds, resample_max};

pub struct TrendChart<'a> {
    pub values: &'a [f64],
    /// A horizontal reference (an SLO target), drawn behind the data.
    pub target: Option<f64>,
    pub format_value: &'a dyn Fn(f64) -> String,
    pub ascii: bool,
    pub line_style: Style,
    pub target_style: Style,
    pub label_style: Style,
}

/// Columns of value labels left of the plot (a time axis below aligns to it).
pub const LABEL_WIDTH: u16 = 8;

/// Maps values onto `rows` steps, padding a range too small to divide by.
struct Scale {
    low: f64,
    high: f64,
}

impl Scale {
    fn new(low: f64, high: f64) -> Self {
        let magnitude = low.abs().max(high.abs()).max(1e-9);
        // Halving before subtracting keeps the range finite even for ±f64::MAX.
        if (high / 2.0 - low / 2.0) <= magnitude * 1e-9 {
            let pad = magnitude * 0.1;
            return Self {
                low: low - pad,
                high: high + pad,
            };
        }
        Self { low, high }
    }

    /// Row from the bottom, in 0..rows.
    fn row(&self, value: f64, rows: usize) -> usize {
        let fraction = (value / 2.0 - self.low / 2.0) / (self.high / 2.0 - self.low / 2.0);
        let fraction = if fraction.is_finite() {
            fraction.clamp(0.0, 1.0)
        } else {
            0.0
        };
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let row = (fraction * (rows.saturating_sub(1)) as f64).round() as usize;
        row.min(rows.saturating_sub(1))
    }
}

impl Widget for TrendChart<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < 3 || area.height < 2 {
            return;
        }
        let bounds = finite_bounds(self.values.iter().copied().chain(self.target));
        let Some((low, high)) = bounds.filter(|_| self.values.iter().any(|v| v.is_finite())) else {
            let text = "no data";
            let x = area.x + area.width.saturating_sub(7) / 2;
            buf.set_stringn(
                x,
                area.y + area.height / 2,
                text,
                area.width as usize,
                self.label_style,
            );
            return;
        };
        let scale = Scale::new(low, high);
        let labels = area.width > LABEL_WIDTH * 3;
        let plot = if labels {
            Rect {
                x: area.x + LABEL_WIDTH,
                width: area.width - LABEL_WIDTH,
                ..area
            }
        } else {
            area
        };
        if labels {
            let top = (self.format_value)(scale.high);
            let bottom = (self.format_value)(scale.low);
            buf.set_stringn(
                area.x,
                area.y,
                top,
                LABEL_WIDTH as usize - 1,
                self.label_style,
            );
            buf.set_stringn(
                area.x,
                area.bottom() - 1,
                bottom,
                LABEL_WIDTH as usize - 1,
                self.label_style,
            );
        }
        if let Some(target) = self.target {
            let row = scale.row(target, plot.height as usize);
            let y = plot.bottom() - 1 - u16::try_from(row).unwrap_or(0);
            let glyph = if self.ascii { "-" } else { "╌" };
            for x in plot.left()..plot.right() {
                buf[(x, y)].set_symbol(glyph).set_style(self.target_style);
            }
        }
        if self.ascii {
            draw_ascii(self.values, &scale, plot, buf, self.line_style);
        } else {
            draw_braille(self.values, &scale, plot, buf, self.line_style);
        }
    }
}

/// One row index per dot column (None = gap), joined vertically to the previous point.
fn columns(
    values: &[f64],
    scale: &Scale,
    dot_columns: usize,
    dot_rows: usize,
) -> Vec<Option<usize>> {
    resample_max(values, dot_columns)
        .into_iter()
        .map(|v| v.is_finite().then(|| scale.row(v, dot_rows)))
        .collect()
}

fn draw_ascii(values: &[f64], scale: &Scale, plot: Rect, buf: &mut Buffer, style: Style) {
    let rows = plot.height as usize;
    let points = columns(values, scale, plot.width as usize, rows);
    let mut previous: Option<usize> = None;
    for (x, point) in points.iter().enumerate() {
        let Some(row) = *point else {
            previous = None;
            continue;
        };
        let cell_x = plot.x + u16::try_from(x).unwrap_or(0);
        if let Some(prev) = previous {
            for r in prev.min(row) + 1..prev.max(row) {
                let y = plot.bottom() - 1 - u16::try_from(r).unwrap_or(0);
                buf[(cell_x, y)].set_symbol("|").set_style(style);
            }
        }
        let y = plot.bottom() - 1 - u16::try_from(row).unwrap_or(0);
        buf[(cell_x, y)].set_symbol("*").set_style(style);
        previous = Some(row);
    }
}

fn draw_braille(values: &[f64], scale: &Scale, plot: Rect, buf: &mut Buffer, style: Style) {
    const LEFT: [u8; 4] = [0x40, 0x04, 0x02, 0x01];
    const RIGHT: [u8; 4] = [0x80, 0x20, 0x10, 0x08];
    let (width, height) = (plot.width as usize, plot.height as usize);
    let dot_rows = height * 4;
    let points = columns(values, scale, width * 2, dot_rows);
    let mut dots = vec![0u8; width * height];
    let mut set = |dx: usize, dy: usize| {
        let (cell_x, cell_y) = (dx / 2, height - 1 - dy / 4);
        let bit = if dx.is_multiple_of(2) {
            LEFT[dy % 4]
        } else {
            RIGHT[dy % 4]
        };
        dots[cell_y * width + cell_x] |= bit;
    };
    let mut previous: Option<usize> = None;
    for (dx, point) in points.iter().enumerate() {
        let Some(row) = *point else {
            previous = None;
            continue;
        };
        let (from, to) = previous.map_or((row, row), |p| (p.min(row), p.max(row)));
        for dy in from..=to {
            set(dx, dy);
        }
        previous = Some(row);
    }
    for (i, bits) in dots.into_iter().enumerate().filter(|(_, b)| *b != 0) {
        let glyph = char::from_u32(0x2800 + u32::from(bits)).unwrap_or('*');
        let (x, y) = (
            plot.x + u16::try_from(i % width).unwrap_or(0),
            plot.y + u16::try_from(i / width).unwrap_or(0),
        );
        buf[(x, y)].set_char(glyph).set_style(style);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(values: &[f64], ascii: bool, width: u16, height: u16) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, width, height));
        let format = |v: f64| format!("{v:.0}");
        TrendChart {
            values,
            target: Some(475.0),
            format_value: &format,
            ascii,
            line_style: Style::default(),
            target_style: Style::default(),
            label_style: Style::default(),
        }
        .render(buf.area, &mut buf);
        buf
    }

    fn text(buf: &Buffer) -> String {
        buf.content()
            .iter()
            .map(ratatui::buffer::Cell::symbol)
            .collect()
    }

    #[test]
    fn survives_hostile_series() {
        let noise: Vec<f64> = (0..500)
            .map(|i| 1.0 + f64::from(i % 2) * f64::EPSILON)
            .collect();
        let hostile: [&[f64]; 7] = [
            &[],
            &[f64::NAN; 10],
            &[5.0; 300],
            &noise,
            &[f64::INFINITY, f64::NEG_INFINITY, 3.0],
            &[-1e308, 1e308, f64::MAX, f64::MIN],
            &[-5.0, -2.0, -9.0],
        ];
        for values in hostile {
            for (w, h) in [(0, 0), (1, 1), (3, 2), (80, 20), (400, 60)] {
                render(values, false, w, h);
                render(values, true, w, h);
            }
        }
    }

    #[test]
    fn empty_series_says_no_data() {
        assert!(text(&render(&[f64::NAN, f64::NAN], true, 40, 5)).contains("no data"));
    }

    #[test]
    fn ascii_plots_rising_series_bottom_left_to_top_right() {
        let buf = render(&[0.0, 500.0, 1000.0], true, 30, 5);
        let plot_left = LABEL_WIDTH;
        assert_eq!(buf[(plot_left, 4)].symbol(), "*");
        assert_eq!(buf[(plot_left + 2, 0)].symbol(), "*");
        assert!(text(&buf).is_ascii(), "ascii mode must not emit braille");
    }

    #[test]
    fn gaps_are_not_drawn_as_zero() {
        let buf = render(&[800.0, f64::NAN, 800.0], true, 30, 5);
        // The gap column holds no point, and nothing is drawn on the bottom row.
        assert_ne!(buf[(LABEL_WIDTH + 1, 0)].symbol(), "*");
        assert!((LABEL_WIDTH..30).all(|x| buf[(x, 4)].symbol() != "*"));
    }
}
