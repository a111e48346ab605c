//! A run in progress and its result: step statuses with elapsed time and attempts, the latest
//! output, a manual step's instruction, the cancel question, and the outcome.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::runbook::{Progress, StepState, text_of};
use crate::domain::audit::RunOutcome;
use crate::domain::figure::text;
use crate::domain::runbook::StepStatus;
use crate::ui::RenderContext;
use crate::ui::theme::Role;

pub fn render(frame: &mut Frame, area: Rect, progress: &Progress, context: &RenderContext) {
    let style = |r| context.style(r);
    let mut lines = Vec::new();
    if let Some((holds, detail)) = &progress.precondition {
        let role = if *holds { Role::Ok } else { Role::Critical };
        lines.push(Line::styled(format!("precondition {detail}"), style(role)));
    }
    for (i, (step, state)) in progress.view.steps.iter().zip(&progress.steps).enumerate() {
        let (status, role) = match state {
            StepState::Pending => ("pending".to_string(), Role::Muted),
            StepState::Running => ("running…".to_string(), Role::Accent),
            StepState::Done {
                status,
                elapsed,
                attempts,
            } => {
                let role = match status {
                    StepStatus::Ok => Role::Ok,
                    StepStatus::FailedContinued => Role::Warning,
                    _ => Role::Critical,
                };
                let tries = if *attempts > 1 {
                    format!(", {attempts} attempts")
                } else {
                    String::new()
                };
                (
                    format!("{} in {}{tries}", status.label(), text::elapsed(*elapsed)),
                    role,
                )
            }
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{}. {:<52} ", i + 1, step.title), style(Role::Text)),
            Span::styled(status, style(role)),
        ]));
    }
    if let Some(detail) = &progress.waiting {
        lines.push(Line::styled(
            format!("waiting for {detail}"),
            style(Role::Accent),
        ));
    }
    if let Some(detail) = &progress.verifying {
        lines.push(Line::styled(
            format!("verifying {detail}"),
            style(Role::Text),
        ));
    }
    lines.push(Line::default());
    lines.extend(
        progress
            .output
            .iter()
            .map(|l| Line::styled(format!("  │ {l}"), style(Role::Muted))),
    );
    if let Some(awaiting) = &progress.awaiting {
        lines.push(Line::default());
        lines.push(Line::styled(
            format!("OPERATOR: {}", awaiting.instruction),
            style(Role::Warning),
        ));
        lines.push(match &awaiting.note {
            None => Line::styled(
                "Done, or abort the run? Either answer then asks what you found.",
                style(Role::Accent),
            ),
            Some(entry) => {
                let (answer, rule) = match (entry.done, awaiting.needs_note) {
                    (true, true) => ("done", "required"),
                    (true, false) => ("done", "optional"),
                    (false, _) => ("abort", "optional"),
                };
                Line::from(vec![
                    Span::styled(
                        format!("{answer} · what you found ({rule}): "),
                        style(Role::Accent),
                    ),
                    Span::styled(text_of(&entry.field), style(Role::Text)),
                    Span::styled("_", style(Role::Accent)),
                ])
            }
        });
    }
    if progress.confirm_cancel {
        lines.push(Line::styled(
            "Cancel the run? y: cancel it · n/Esc: keep it running",
            style(Role::Critical),
        ));
    }
    if let Some(done) = &progress.finished {
        let role = if done.outcome == RunOutcome::Succeeded {
            Role::Ok
        } else {
            Role::Critical
        };
        lines.push(Line::default());
        lines.push(Line::styled(
            format!(
                "{} after {}",
                done.outcome.label().to_uppercase(),
                text::elapsed(done.elapsed)
            ),
            style(role),
        ));
        if let Some(error) = &done.error {
            lines.push(Line::styled(error.clone(), style(Role::Critical)));
        }
        for (name, value) in &done.captured {
            lines.push(Line::styled(
                format!("{name} = {value}"),
                style(Role::Accent),
            ));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
