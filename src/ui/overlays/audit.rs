//! The audit trail in the console: newest first, one line per record, and whether the hash
//! chain is intact.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{list_lines, open_box};
use crate::app::{AppState, AuditView};
use crate::domain::audit::{AuditEvent, AuditRecord, RunOutcome};
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
        (160, 50),
        " Runbook audit trail (r reloads) ",
        context,
    );
    let (records, problems) = match &state.audit {
        AuditView::Loading => {
            frame.render_widget(
                Paragraph::new("loading…").style(context.style(Role::Muted)),
                inner,
            );
            return;
        }
        AuditView::Failed(error) => {
            let text = format!("cannot read the audit: {error}");
            frame.render_widget(
                Paragraph::new(text).style(context.style(Role::Critical)),
                inner,
            );
            return;
        }
        AuditView::Loaded { records, problems } => (records, problems),
    };
    let lines: Vec<Line> = if problems.is_empty() {
        vec![Line::styled(
            format!(
                "chain intact ({} records shown, newest first)",
                records.len()
            ),
            context.style(Role::Ok),
        )]
    } else {
        problems
            .iter()
            .map(|p| Line::styled(format!("CHAIN BROKEN: {p}"), context.style(Role::Critical)))
            .collect()
    };
    let empty = "No runbook has been requested yet.";
    let row = |record: &AuditRecord| record_line(record, context);
    let lines = list_lines(lines, records, selected, inner.height, empty, row, context);
    frame.render_widget(Paragraph::new(lines), inner);
}

fn record_line<'a>(record: &AuditRecord, context: &RenderContext) -> Line<'a> {
    let e = &record.entry;
    let (what, role) = match (e.event, e.outcome) {
        (AuditEvent::Finished, Some(RunOutcome::Succeeded)) => {
            ("finished succeeded".to_string(), Role::Ok)
        }
        (AuditEvent::Finished, Some(outcome)) => {
            (format!("finished {}", outcome.label()), Role::Critical)
        }
        (AuditEvent::StepStarted | AuditEvent::StepFinished, _) => {
            let step = e.step.as_ref();
            let status = step
                .and_then(|s| s.status.clone())
                .unwrap_or_else(|| "started".into());
            (
                format!("step {} {status}", step.map_or(0, |s| s.index)),
                Role::Text,
            )
        }
        (event, _) => (event.label().to_string(), Role::Accent),
    };
    let mut detail = e
        .confirmation
        .clone()
        .or_else(|| e.error.clone())
        .unwrap_or_default();
    if let Some(step) = &e.step {
        detail = format!("{} {detail}", step.title);
    }
    Line::from(vec![
        Span::styled(
            record.at.format("%m-%d %H:%M:%S ").to_string(),
            context.style(Role::Muted),
        ),
        Span::styled(
            format!("{:<14} ", format!("{}@{}", e.actor.user, e.actor.host)),
            context.style(Role::Muted),
        ),
        Span::styled(
            format!("{:<8} {:<20} {:<14} ", e.environment, e.runbook, e.target),
            context.style(Role::Text),
        ),
        Span::styled(format!("{what:<22} "), context.style(role)),
        Span::styled(detail, context.style(Role::Text)),
    ])
}
