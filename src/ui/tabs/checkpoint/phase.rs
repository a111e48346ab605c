//! The phase plan: where the phase stands (day n of m, days left) and each step's state,
//! dates, owner and the criteria keeping it from done.

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::domain::Health;
use crate::domain::checkpoint::phase::StepStatus;
use crate::domain::checkpoint::{PhaseStatus, StepState};
use crate::ui::RenderContext;
use crate::ui::theme::Role;

pub const NO_PLAN: &str = "No phase plan: add [checkpoint.phase] to the config (see README)";

/// Rows the panel may want: borders, the headline, a line per step and one more for each
/// step's criteria not met (when they do not fit beside it).
pub fn height(phase: Option<&PhaseStatus>) -> u16 {
    let lines = phase.map_or(1, |p| {
        p.steps.len()
            + p.steps
                .iter()
                .filter(|s| failing_health(s).is_some())
                .count()
    });
    u16::try_from(lines).unwrap_or(u16::MAX).saturating_add(3)
}

pub fn render(frame: &mut Frame, area: Rect, phase: Option<&PhaseStatus>, context: &RenderContext) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.style(Role::Border))
        .title(" Phase plan ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(phase) = phase else {
        let text = Paragraph::new(NO_PLAN)
            .style(context.style(Role::Muted))
            .wrap(Wrap { trim: true });
        frame.render_widget(text, inner);
        return;
    };
    let mut lines = vec![headline(phase, usize::from(inner.width), context)];
    let room = usize::from(inner.height).saturating_sub(1);
    let done = phase
        .steps
        .iter()
        .filter(|s| s.state == StepState::Done)
        .count();
    // When not every step fits, those done give way to those that still need someone.
    let steps: Vec<&StepStatus> = if phase.steps.len() > room && done > 0 {
        let (mark, _) = state_mark(StepState::Done, context.ascii);
        lines.push(Line::styled(
            format!(
                "{mark} {done} step{} done",
                if done == 1 { "" } else { "s" }
            ),
            context.style(Role::Ok),
        ));
        phase
            .steps
            .iter()
            .filter(|s| s.state != StepState::Done)
            .collect()
    } else {
        phase.steps.iter().collect()
    };
    let name_width = steps
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(0);
    let owner_width = steps
        .iter()
        .map(|s| s.owner.chars().count())
        .max()
        .unwrap_or(0);
    let dates_width = steps
        .iter()
        .map(|s| dates(s.start, s.end).chars().count())
        .max()
        .unwrap_or(0);
    let widths = Widths {
        name: name_width,
        dates: dates_width,
        owner: owner_width,
        line: usize::from(inner.width),
    };
    for step in steps {
        lines.extend(step_lines(step, &widths, context));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `Optimization and scaling · day 10 of 24 · 14 days left · 1 late · ends Wed 9 Dec`; the
/// end date only when it fits in `width`.
pub fn headline<'a>(phase: &PhaseStatus, width: usize, context: &RenderContext) -> Line<'a> {
    let when = if phase.today < phase.start {
        format!(" · starts {} · {} days", day(phase.start), phase.days)
    } else if phase.today > phase.end {
        format!(" · ended {}", day(phase.end))
    } else {
        format!(
            " · day {} of {} · {} days left",
            phase.day, phase.days, phase.days_left
        )
    };
    let mut spans = vec![
        Span::styled(phase.name.clone(), context.style(Role::Accent)),
        Span::styled(when, context.style(Role::Text)),
    ];
    let late = phase
        .steps
        .iter()
        .filter(|s| s.state == StepState::Late)
        .count();
    if late > 0 {
        spans.push(Span::styled(
            format!(" · {late} late"),
            context.style(Role::Critical),
        ));
    }
    let ends = Span::styled(
        format!(" · ends {}", day(phase.end)),
        context.style(Role::Muted),
    );
    let used: usize = spans.iter().map(Span::width).sum();
    if phase.start <= phase.today && phase.today <= phase.end && used + ends.width() <= width {
        spans.push(ends);
    }
    Line::from(spans)
}

/// Column widths of the step lines, and the panel's.
struct Widths {
    name: usize,
    dates: usize,
    owner: usize,
    line: usize,
}

/// The step on one line, its criteria not met on the next when they do not fit beside it.
fn step_lines<'a>(step: &StepStatus, widths: &Widths, context: &RenderContext) -> Vec<Line<'a>> {
    let Widths {
        name: name_width,
        dates: dates_width,
        owner: owner_width,
        line: width,
    } = *widths;
    let (mark, role) = state_mark(step.state, context.ascii);
    let state = format!("{mark} {:<11} ", step.state.label());
    let indent = state.chars().count();
    let mut spans = vec![
        Span::styled(state, context.style(role)),
        Span::styled(
            format!("{:<name_width$}  ", step.name),
            context.style(Role::Text),
        ),
        Span::styled(
            format!(
                "{:<dates_width$}  {:<owner_width$}",
                dates(step.start, step.end),
                step.owner
            ),
            context.style(Role::Muted),
        ),
    ];
    let Some(health) = failing_health(step) else {
        return vec![Line::from(spans)];
    };
    let role = context.health(health);
    let failing = format!("not met: {}", step.failing.join(", "));
    let used: usize = spans.iter().map(Span::width).sum();
    if used + 2 + failing.chars().count() <= width {
        spans.push(Span::styled(format!("  {failing}"), role));
        return vec![Line::from(spans)];
    }
    vec![
        Line::from(spans),
        Line::styled(format!("{}{failing}", " ".repeat(indent)), role),
    ]
}

fn failing_health(step: &StepStatus) -> Option<Health> {
    step.state
        .unmet_health()
        .filter(|_| !step.failing.is_empty())
}

/// The steps that need someone, one line each (late ones first in `compact`'s ranking), for
/// the compact layout: `! late  Monitoring and observability · not met: Error rate`.
pub fn pressing<'a>(phase: &PhaseStatus, context: &RenderContext) -> Vec<(u8, Line<'a>)> {
    phase
        .steps
        .iter()
        .filter_map(|step| {
            let rank = match step.state {
                StepState::Late => 2,
                StepState::InProgress => 5,
                StepState::Done | StepState::Upcoming => return None,
            };
            let (mark, role) = state_mark(step.state, context.ascii);
            let mut spans = vec![
                Span::styled(
                    format!("{mark} {}  ", step.state.label()),
                    context.style(role),
                ),
                Span::styled(step.name.clone(), context.style(Role::Text)),
            ];
            if let Some(health) = failing_health(step) {
                spans.push(Span::styled(
                    format!(" · not met: {}", step.failing.join(", ")),
                    context.health(health),
                ));
            }
            Some((rank, Line::from(spans)))
        })
        .collect()
}

/// The state as a mark as well as a colour, for monochrome terminals.
fn state_mark(state: StepState, ascii: bool) -> (&'static str, Role) {
    match (state, ascii) {
        (StepState::Done, false) => ("✓", Role::Ok),
        (StepState::Done, true) => ("+", Role::Ok),
        (StepState::InProgress, false) => ("▶", Role::Accent),
        (StepState::InProgress, true) => (">", Role::Accent),
        (StepState::Late, _) => ("!", Role::Critical),
        (StepState::Upcoming, _) => (" ", Role::Muted),
    }
}

fn day(date: NaiveDate) -> String {
    date.format("%a %-d %b").to_string()
}

/// `23–27 Nov`, `30 Nov–4 Dec`, `23 Nov`.
fn dates(start: NaiveDate, end: NaiveDate) -> String {
    if start == end {
        start.format("%-d %b").to_string()
    } else if (start.year(), start.month()) == (end.year(), end.month()) {
        format!("{}–{}", start.day(), end.format("%-d %b"))
    } else {
        format!("{}–{}", start.format("%-d %b"), end.format("%-d %b"))
    }
}
