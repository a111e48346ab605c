//! The plan (exactly what will be called, before → after, precondition, limits) and the
//! confirmation that repeats what matters: environment, target and change.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use crate::domain::runbook::{PlanView, Risk};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::theme::Role;

fn plan_lines<'a>(view: &PlanView, context: &RenderContext) -> Vec<Line<'a>> {
    let style = |r| context.style(r);
    let mut lines = vec![Line::from(vec![
        Span::styled("target ", style(Role::Muted)),
        Span::styled(view.target.clone(), style(Role::Accent)),
        Span::styled(format!("  in {}", view.environment), style(Role::Text)),
    ])];
    if !view.params.is_empty() {
        let params: Vec<String> = view
            .params
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        lines.push(Line::styled(
            format!("params {}", params.join("  ")),
            style(Role::Text),
        ));
    }
    for change in &view.change {
        lines.push(Line::styled(
            format!("change {}", format::symbols(change, context.ascii)),
            style(Role::Warning),
        ));
    }
    if let Some(p) = &view.precondition {
        let (word, role) = match view.precondition_holds {
            Some(true) => ("holds now", Role::Ok),
            _ => (
                "DOES NOT HOLD now: the run would stop before any step",
                Role::Critical,
            ),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("precondition {p} — "), style(Role::Text)),
            Span::styled(word, style(role)),
        ]));
    }
    for warning in &view.warnings {
        lines.push(Line::styled(
            format!("warning {}", format::symbols(warning, context.ascii)),
            style(Role::Warning),
        ));
    }
    lines.push(Line::default());
    for (i, step) in view.steps.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(format!("{}. {} ", i + 1, step.title), style(Role::Accent)),
            Span::styled(
                format!("[{}] {}", step.kind, step.limits),
                style(Role::Muted),
            ),
        ]));
        for call in step.call.lines() {
            lines.push(Line::styled(format!("     {call}"), style(Role::Text)));
        }
    }
    if let Some(v) = &view.verify {
        lines.push(Line::styled(format!("verify {v}"), style(Role::Text)));
    }
    let short: String = view.digest.chars().take(12).collect();
    lines.push(Line::styled(
        format!("plan digest {short}… (recorded in the audit)"),
        style(Role::Muted),
    ));
    lines
}

pub fn render_plan(
    frame: &mut Frame,
    area: Rect,
    view: &PlanView,
    (scroll, since): (u16, Option<Vec<String>>),
    read_only: bool,
    context: &RenderContext,
) {
    let mut lines = plan_lines(view, context);
    // A re-plan: what moved since the plan it replaces, before everything else.
    if let Some(since) = since {
        let text = if since.is_empty() {
            "nothing changed since the last plan".to_string()
        } else {
            format!("changed since the last plan: {}", since.join("; "))
        };
        lines.insert(
            0,
            Line::styled(
                format::symbols(&text, context.ascii),
                context.style(Role::Warning),
            ),
        );
    }
    if read_only {
        lines.insert(
            0,
            Line::styled(
                "READ-ONLY: this plan cannot run here",
                context.style(Role::Critical),
            ),
        );
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}

pub fn render_confirm(
    frame: &mut Frame,
    area: Rect,
    view: &PlanView,
    (yes_focused, typed, error): (bool, &TextArea<'static>, Option<&str>),
    context: &RenderContext,
) {
    let [question, rest] =
        Layout::vertical([Constraint::Length(6), Constraint::Fill(1)]).areas(area);
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!("Run {} on ", view.runbook),
            context.style(Role::Text),
        ),
        Span::styled(view.target.clone(), context.style(Role::Accent)),
        Span::styled(
            format!(" in {}?", view.environment),
            context.style(Role::Text),
        ),
    ])];
    lines.extend(view.change.iter().map(|c| {
        Line::styled(
            format::symbols(c, context.ascii),
            context.style(Role::Warning),
        )
    }));
    match view.risk {
        Risk::Low => {
            let button = |label: &'static str, focused: bool| {
                let role = if focused {
                    Role::Selection
                } else {
                    Role::Muted
                };
                Span::styled(format!(" [ {label} ] "), context.style(role))
            };
            lines.push(Line::from(vec![
                button("No", !yes_focused),
                Span::raw("  "),
                button("Yes", yes_focused),
            ]));
            frame.render_widget(Paragraph::new(lines), question);
        }
        Risk::High => {
            lines.push(Line::styled(
                format!(
                    "High risk: type the target's name ({}) and press Enter to run.",
                    view.target
                ),
                context.style(Role::Critical),
            ));
            if let Some(error) = error {
                lines.push(Line::styled(
                    error.to_string(),
                    context.style(Role::Critical),
                ));
            }
            let [text, input] = Layout::vertical([Constraint::Length(4), Constraint::Length(3)])
                .areas(question.union(rest));
            frame.render_widget(Paragraph::new(lines), text);
            let mut field = typed.clone();
            field.set_block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(context.style(Role::Critical)),
            );
            frame.render_widget(&field, input);
            return;
        }
    }
    frame.render_widget(
        Paragraph::new(plan_lines(view, context)).wrap(Wrap { trim: false }),
        rest,
    );
}
