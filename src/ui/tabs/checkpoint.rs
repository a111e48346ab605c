//! The Checkpoint tab (placeholder until the full view lands).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use crate::app::AppState;
use crate::ui::RenderContext;

pub fn render(frame: &mut Frame, area: Rect, state: &mut AppState, _context: &RenderContext) {
    let week = state.checkpoint.selected(state.wall);
    let text = match state.checkpoint.report() {
        Some(report) => format!("{} · {}", report.week, report.summary.headline()),
        None => format!("{week}: evaluating…"),
    };
    frame.render_widget(Paragraph::new(text), area);
}
