//! The Runbooks view: those of this tab (or of the alert list) first, each with its risk, and
//! marked suggested (its trigger holds) or unavailable (what the environment lacks).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{first_visible, open_box};
use crate::app::AppState;
use crate::app::runbook::{Offer, available, offers, suggested};
use crate::domain::Topic;
use crate::domain::runbook::Risk;
use crate::ui::RenderContext;
use crate::ui::theme::Role;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    (selected, tab, alert): (usize, Option<Topic>, Option<usize>),
    context: &RenderContext,
) {
    let place = tab.map_or("the alert list", Topic::name);
    let mode = if state.read_only {
        " · READ-ONLY: plans only, nothing runs"
    } else {
        ""
    };
    let title = format!(" Runbooks for {place}{mode} (Enter opens) ");
    let inner = open_box(frame, area, (110, 24), &title, context);
    let list = offers(state, tab, alert);
    let rows = usize::from(inner.height.saturating_sub(3)).max(1);
    let mut lines: Vec<Line> = list
        .iter()
        .enumerate()
        .skip(first_visible(selected, rows))
        .take(rows)
        .map(|(index, Offer { runbook, row })| {
            let (risk, risk_role) = match runbook.risk {
                Risk::High => ("HIGH", Role::Critical),
                Risk::Low => ("low ", Role::Muted),
            };
            let mut spans = vec![
                Span::styled(format!(" {risk} "), context.style(risk_role)),
                Span::styled(format!("{:<20} ", runbook.id), context.style(Role::Accent)),
                Span::styled(runbook.title.clone(), context.style(Role::Text)),
            ];
            // A row the operator did not select here says what it is: an alert line's
            // alert, the group a cost runbook picked, a criterion's subject.
            if let Some(row) = row.as_ref().filter(|r| r.tab != tab) {
                let kind = row.tab.map_or("alert", Topic::name);
                spans.push(Span::styled(
                    format!("  on {kind} {}", row.key),
                    context.style(Role::Accent),
                ));
            } else if runbook.tab != tab {
                let home = runbook.tab.map_or("alerts", Topic::name);
                spans.push(Span::styled(
                    format!("  ({home})"),
                    context.style(Role::Muted),
                ));
            }
            if suggested(runbook, state.data.snapshot()) {
                spans.push(Span::styled("  SUGGESTED", context.style(Role::Warning)));
            }
            if let Err(why) = available(runbook, &state.capabilities) {
                spans.push(Span::styled(
                    format!("  unavailable: {why}"),
                    context.style(Role::Unknown),
                ));
            }
            let line = Line::from(spans);
            if index == selected {
                line.style(context.style(Role::Selection))
            } else {
                line
            }
        })
        .collect();
    if let Some(offer) = list.get(selected) {
        lines.push(Line::default());
        lines.push(Line::styled(
            offer.runbook.description.clone(),
            context.style(Role::Muted),
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
