//! The runbook flow's box: the form, the plan, the confirmation, then progress and summary.
//! The box is bordered in the environment's tier colour, so a production confirmation never
//! looks like a demo one.

mod plan;
mod progress;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::boxed;
use crate::app::runbook::{Form, RunFlow, Stage};
use crate::app::{AppState, EnvironmentTier};
use crate::domain::runbook::Risk;
use crate::ui::RenderContext;
use crate::ui::theme::Role;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, context: &RenderContext) {
    let Some(flow) = &state.flow else { return };
    let title = format!(
        " {} · {} · {} risk · {} ",
        flow.runbook.title,
        state.environment.name,
        flow.runbook.risk.label(),
        stage_name(&flow.stage)
    );
    let (box_area, block) = boxed(area, (130, 44), &title, context);
    let tier = match state.environment.tier {
        EnvironmentTier::Production => Role::EnvProduction,
        EnvironmentTier::Staging => Role::EnvStaging,
        EnvironmentTier::Demo => Role::BorderFocused,
    };
    let block = block.border_style(context.style(tier));
    frame.render_widget(Clear, box_area);
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let [body, note] = Layout::vertical([Constraint::Fill(1), Constraint::Length(2)]).areas(inner);
    match &flow.stage {
        Stage::Form(form) => render_form(frame, body, form, context),
        Stage::Planning => text(
            frame,
            body,
            "reading the environment and making the plan…",
            Role::Muted,
            context,
        ),
        Stage::PlanFailed(error) => text(
            frame,
            body,
            &format!("cannot make the plan: {error}\n\nEnter: back to the form · Esc: leave"),
            Role::Critical,
            context,
        ),
        Stage::Plan { view, scroll } => {
            let since = flow.previous.as_ref().map(|p| view.changes_since(p));
            plan::render_plan(
                frame,
                body,
                view,
                (*scroll, since),
                state.read_only,
                context,
            )
        }
        Stage::Confirm {
            view,
            yes_focused,
            typed,
            error,
        } => {
            plan::render_confirm(
                frame,
                body,
                view,
                (*yes_focused, typed, error.as_deref()),
                context,
            );
        }
        Stage::Running(progress) => progress::render(frame, body, progress, context),
    }
    render_note(frame, note, flow, context);
}

fn stage_name(stage: &Stage) -> &'static str {
    match stage {
        Stage::Form(_) => "parameters",
        Stage::Planning | Stage::PlanFailed(_) => "plan",
        Stage::Plan { .. } => "plan (dry run)",
        Stage::Confirm { .. } => "confirm",
        Stage::Running(p) if p.finished.is_some() => "result",
        Stage::Running(_) => "running",
    }
}

fn text(frame: &mut Frame, area: Rect, text: &str, role: Role, context: &RenderContext) {
    let lines: Vec<Line> = text.lines().map(|l| Line::from(l.to_string())).collect();
    frame.render_widget(
        Paragraph::new(lines)
            .style(context.style(role))
            .wrap(Wrap { trim: false }),
        area,
    );
}

fn render_note(frame: &mut Frame, area: Rect, flow: &RunFlow, context: &RenderContext) {
    // What the next step means; its keys are in the footer, from the keymap.
    let hint = match &flow.stage {
        Stage::Form(form) if form.remedy().is_some() => {
            "No value fits here: Enter opens the runbook named above on the same row."
        }
        Stage::Form(_) => "Next: the plan. Making it runs nothing.",
        Stage::Plan { .. } => "Next: the confirmation. Nothing has run.",
        Stage::Confirm { view, .. } if view.risk == Risk::High => {
            "High risk: type the target's name to run it. Leaving runs nothing."
        }
        Stage::Confirm { .. } => "Nothing runs until you confirm.",
        Stage::Running(p) if p.failed() => {
            "Finished: the run is in the audit trail. A re-plan reads the state again and asks again."
        }
        Stage::Running(p) if p.finished.is_some() => "Finished: the run is in the audit trail.",
        Stage::Running(_) => "Running. Cancelling asks again.",
        Stage::Planning | Stage::PlanFailed(_) => "Nothing has run.",
    };
    let mut lines = vec![Line::styled(hint, context.style(Role::Muted))];
    if let Some(note) = &flow.note {
        lines.insert(0, Line::styled(note.clone(), context.style(Role::Warning)));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn render_form(frame: &mut Frame, area: Rect, form: &Form, context: &RenderContext) {
    let rows: Vec<Constraint> = form.fields.iter().map(|_| Constraint::Length(3)).collect();
    let areas = Layout::vertical(rows).split(area);
    for (index, (field, area)) in form.fields.iter().zip(areas.iter()).enumerate() {
        let focused = index == form.focus;
        let [label, input, message] = Layout::vertical([Constraint::Length(1); 3]).areas(*area);
        let kind = field.param.kind.label();
        let required = if field.param.required {
            ""
        } else {
            ", optional"
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(
                    format!("{} ", field.param.name),
                    context.style(if focused { Role::Accent } else { Role::Text }),
                ),
                Span::styled(
                    format!("({kind}{required}) {}", field.param.description),
                    context.style(Role::Muted),
                ),
            ])),
            label,
        );
        let mut input_widget = field.input.clone();
        input_widget.set_block(Block::default().borders(Borders::LEFT).border_style(
            context.style(if focused {
                Role::BorderFocused
            } else {
                Role::Border
            }),
        ));
        if !focused {
            input_widget.set_cursor_style(ratatui::style::Style::default());
        }
        frame.render_widget(&input_widget, input);
        let (text, role) = match &field.error {
            Some(error) => (format!("  ✗ {error}"), Role::Critical),
            None => ("  ok".to_string(), Role::Ok),
        };
        frame.render_widget(Paragraph::new(text).style(context.style(role)), message);
    }
}
