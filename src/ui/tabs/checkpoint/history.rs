//! The selected criterion's weeks as a chart: one point per week against its target, each with
//! its figure, under its week (the time axis), marked by verdict so it reads without colour.
//! Drawn where the terminal has rows to spare.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders};

use super::verdict_role;
use crate::domain::checkpoint::{CriterionResult, IsoWeek, Verdict, format};
use crate::ui::RenderContext;
use crate::ui::format::symbols;
use crate::ui::theme::Role;
use crate::ui::widgets::resample::finite_bounds;

/// Borders, the axis and a few rows of plot: less says nothing a sparkline does not.
pub const MIN_HEIGHT: u16 = 8;

pub fn render(frame: &mut Frame, area: Rect, c: &CriterionResult, context: &RenderContext) {
    let legend = format!(
        " {} met  {} missed  {} unknown ",
        mark(Verdict::Met, context.ascii),
        mark(Verdict::Missed, context.ascii),
        mark(Verdict::Unknown, context.ascii)
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.style(Role::Border))
        .title(symbols(
            &format!(
                " {} · last {} weeks · target {} ",
                c.name,
                c.history.len(),
                format::target(c)
            ),
            context.ascii,
        ))
        .title(ratatui::text::Line::from(legend).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let weeks = u16::try_from(c.history.len()).unwrap_or(u16::MAX);
    if weeks == 0 || inner.height < 3 || inner.width < weeks {
        return;
    }
    let slot = inner.width / weeks;
    let plot = Rect {
        height: inner.height - 1,
        ..inner
    };
    let buf = frame.buffer_mut();
    let values = c.history.iter().filter_map(|w| w.value);
    let Some((low, high)) = finite_bounds(values.chain([c.target])) else {
        return;
    };
    // A tenth of the range (or of the value, when flat) above and below, so no point sits on
    // the border and the target line stays apart from the figures near it.
    let pad = ((high - low) / 10.0)
        .max(high.abs().max(low.abs()) / 100.0)
        .max(1e-9);
    let row_of = |v: f64| {
        let fraction = ((v - (low - pad)) / (high - low + 2.0 * pad)).clamp(0.0, 1.0);
        // Row 0 is the top; the top row is left for the topmost point's figure.
        let rows = f64::from(plot.height.saturating_sub(2));
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let from_bottom = (fraction * rows).round() as u16;
        plot.bottom() - 1 - from_bottom
    };
    let target_glyph = if context.ascii { "-" } else { "╌" };
    let target_y = row_of(c.target);
    for x in plot.left()..plot.right() {
        buf[(x, target_y)]
            .set_symbol(target_glyph)
            .set_style(context.style(Role::TargetLine));
    }
    for (i, week) in (0..weeks).zip(&c.history) {
        let centre = plot.x + i * slot + slot / 2;
        let label = axis_label(&week.week, slot);
        centred(
            buf,
            centre,
            inner.bottom() - 1,
            &label,
            slot,
            context.style(Role::Muted),
        );
        let style = context.style(verdict_role(week.verdict));
        let y = week.value.map_or(plot.bottom() - 1, row_of);
        centred(buf, centre, y, mark(week.verdict, context.ascii), 1, style);
        // An unknown week has its mark on the axis and no figure to print.
        if week.value.is_some() {
            let figure = symbols(&format::value(c, week.value), context.ascii);
            let figure_y = if y > plot.y { y - 1 } else { y + 1 };
            centred(
                buf,
                centre,
                figure_y,
                &figure,
                slot.saturating_sub(1),
                style,
            );
        }
    }
}

/// The week's mark: a verdict must read without colour too.
fn mark(verdict: Verdict, ascii: bool) -> &'static str {
    match (verdict, ascii) {
        (Verdict::Met, false) => "●",
        (Verdict::Met, true) => "o",
        (Verdict::Missed, false) => "✕",
        (Verdict::Missed, true) => "x",
        (Verdict::Unknown, _) => "?",
    }
}

/// `W42`, or `W42 12 Oct` (its Monday) when the slot has room.
fn axis_label(week: &str, slot: u16) -> String {
    let short = week.rsplit('-').next().unwrap_or(week).to_string();
    match week.parse::<IsoWeek>() {
        Ok(iso) if slot >= 12 => format!("{short} {}", iso.monday().format("%-d %b")),
        _ => short,
    }
}

/// `text` centred on `centre` in row `y`, at most `width` columns wide.
fn centred(buf: &mut Buffer, centre: u16, y: u16, text: &str, width: u16, style: Style) {
    let length = u16::try_from(text.chars().count())
        .unwrap_or(u16::MAX)
        .min(width);
    let x = centre.saturating_sub(length / 2).max(buf.area.x);
    buf.set_stringn(x, y, text, usize::from(length), style);
}
