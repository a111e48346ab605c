//! The approvals overlay: runs waiting for a second user's approval in any console sharing the
//! state directory, one line each, and the answer to the last `y`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{list_lines, open_box};
use crate::app::AppState;
use crate::domain::approval::Pending;
use crate::ui::RenderContext;
use crate::ui::theme::Role;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    selected: usize,
    context: &RenderContext,
) {
    let inner = open_box(
        frame,
        area,
        (140, 24),
        " Waiting for approval (y approves another user's run) ",
        context,
    );
    let view = &state.approvals;
    let mut lines = Vec::new();
    if state.read_only {
        lines.push(Line::styled(
            "read-only: this console cannot approve",
            context.style(Role::Muted),
        ));
    }
    match &view.note {
        Some(Ok(done)) => lines.push(Line::styled(done.clone(), context.style(Role::Ok))),
        Some(Err(refused)) => lines.push(Line::styled(
            format!("not approved: {refused}"),
            context.style(Role::Critical),
        )),
        None => {}
    }
    let pending = match &view.pending {
        None => {
            lines.push(Line::styled("loading…", context.style(Role::Muted)));
            return frame.render_widget(Paragraph::new(lines), inner);
        }
        Some(Err(error)) => {
            lines.push(Line::styled(
                format!("cannot read the approvals: {error}"),
                context.style(Role::Critical),
            ));
            return frame.render_widget(Paragraph::new(lines), inner);
        }
        Some(Ok(pending)) => pending,
    };
    let row = |p: &Pending| {
        let text = p.request.row(p.approved_by.as_deref(), state.wall);
        Line::styled(text, context.style(Role::Text))
    };
    let empty = "No run is waiting for approval.";
    let lines = list_lines(lines, pending, selected, inner.height, empty, row, context);
    frame.render_widget(Paragraph::new(lines), inner);
}
