//! The Cost tab's daily spend: a bar per day, dated.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders};

use crate::domain::CostView;
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::theme::Role;
use crate::ui::widgets::bar_sets::bars;

/// One bar per day, as many of the latest as fit, each dated under it ("Nov 12" where the bar
/// is wide enough, else the day of the month, the months in the title).
pub fn render(
    frame: &mut Frame,
    area: Rect,
    cost: &CostView,
    today: NaiveDate,
    context: &RenderContext,
) {
    const DATED: u16 = 6;
    let inner_width = area.width.saturating_sub(2);
    let all = u16::try_from(cost.daily.len()).unwrap_or(u16::MAX).max(1);
    let bar_width = ((inner_width + 1) / all).saturating_sub(1).clamp(4, 12);
    let fits = usize::from((inner_width + 1) / (bar_width + 1));
    let days = &cost.daily[cost.daily.len().saturating_sub(fits)..];
    let mut title = match (days.first(), days.last()) {
        (Some(first), Some(last)) => format!(
            " Daily spend · {} to {} ",
            first.date.format("%b %-d"),
            last.date.format("%b %-d")
        ),
        _ => " Daily spend · no days yet ".into(),
    };
    // Today's short bar is a day still running, not a drop in spend: said when there is room.
    const PARTIAL: &str = "· the last is today so far ";
    if days.last().is_some_and(|d| d.date == today)
        && title.chars().count() + PARTIAL.chars().count() + 2 <= usize::from(area.width)
    {
        title.push_str(PARTIAL);
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.style(Role::Border))
        .title(format::symbols(&title, context.ascii));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let label = if bar_width >= DATED { "%b %-d" } else { "%-d" };
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let bars_data: Vec<Bar> = days
        .iter()
        .map(|d| {
            // A day without a figure has no bar and says so, never "0".
            let (value, text) = if d.amount.is_finite() {
                let amount = d.amount.max(0.0);
                (amount.round() as u64, format!("{amount:.0}"))
            } else {
                (0, format::MISSING.to_string())
            };
            Bar::default()
                .value(value)
                .text_value(text)
                .label(Line::from(d.date.format(label).to_string()))
        })
        .collect();
    let chart = BarChart::default()
        .data(BarGroup::default().bars(&bars_data))
        .bar_width(bar_width)
        .bar_gap(1)
        .bar_set(bars(context.ascii))
        .bar_style(context.style(Role::Chart))
        .value_style(context.style(Role::Selection))
        .label_style(context.style(Role::Muted));
    frame.render_widget(chart, inner);
}
