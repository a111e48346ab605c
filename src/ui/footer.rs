//! The footer: the keys of what has focus, from the active keymap: the tab and its table, the
//! open overlay, the runbook flow's current step, or the filter line while typing. Hints are
//! listed most important first; when the line is too narrow whole hints drop from the end.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::RenderContext;
use super::theme::Role;
use crate::app::runbook::{RunFlow, Stage};
use crate::app::{Action, AppState, Overlay, Topic};
use crate::domain::runbook::Risk;
use crate::input::keymap::Keymap;

const GAP: &str = "  ";

/// One hint: "? help". `keys` are written as the keymap writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hint {
    keys: String,
    label: &'static str,
}

impl Hint {
    fn width(&self) -> usize {
        self.keys.chars().count() + 1 + self.label.chars().count()
    }
}

/// The actions' first keys joined ("[/]"); `None` when none is bound.
fn hint(keymap: &Keymap, actions: &[Action], label: &'static str) -> Option<Hint> {
    let keys: Vec<String> = actions
        .iter()
        .filter_map(|a| keymap.first_key(*a))
        .collect();
    (!keys.is_empty()).then(|| Hint {
        keys: keys.join("/"),
        label,
    })
}

/// All of one action's keys ("left/right"), for an action whose keys are a pair.
fn every_key(keymap: &Keymap, action: Action, label: &'static str) -> Option<Hint> {
    let keys: Vec<String> = keymap
        .keys(action)
        .iter()
        .map(ToString::to_string)
        .collect();
    (!keys.is_empty()).then(|| Hint {
        keys: keys.join("/"),
        label,
    })
}

/// Keys that are not in the keymap: text fields own them (see `app::runbook::form`).
fn fixed(keys: &str, label: &'static str) -> Option<Hint> {
    Some(Hint {
        keys: keys.into(),
        label,
    })
}

/// What can be pressed now, most important first.
fn hints(state: &AppState, keymap: &Keymap) -> Vec<Hint> {
    use Action as A;
    let h = |actions: &[Action], label| hint(keymap, actions, label);
    let moves = || h(&[A::SelectNext, A::SelectPrevious], "move");
    let close = || h(&[A::CloseOverlay], "close");
    let quit = || h(&[A::Quit], "quit");
    let found = if let Some(flow) = &state.flow {
        flow_hints(flow, state.read_only, keymap)
    } else if state.editing_filter() {
        vec![fixed("enter", "keep"), fixed("esc", "clear")]
    } else {
        match state.overlay {
            Overlay::None if state.detail.is_some() => vec![
                h(&[A::CloseDetail], "back"),
                h(&[A::ScrollDown, A::ScrollUp], "scroll"),
                h(&[A::CursorLeft, A::CursorRight], "cursor"),
                h(&[A::PreviousRange, A::NextRange], "range"),
                h(&[A::OpenRunbooks], "runbooks"),
                h(&[A::Inspect], "sources"),
                h(&[A::ToggleHelp], "help"),
                quit(),
            ],
            Overlay::None => {
                let view = if state.tab == Topic::Checkpoint {
                    h(&[A::PreviousWeek], "earlier week")
                } else {
                    h(&[A::PreviousRange, A::NextRange], "range")
                };
                vec![
                    h(&[A::ToggleHelp], "help"),
                    quit(),
                    h(&[A::NextTab], "next tab"),
                    h(&[A::Open], "open"),
                    h(&[A::Filter], "filter"),
                    h(&[A::CycleSort], "sort"),
                    view,
                    // Only tabs with a second openable table have anything to switch to.
                    h(&[A::SwitchTable], "table")
                        .filter(|_| state.secondary.contains_key(&state.tab)),
                    h(&[A::Inspect], "inspect"),
                    h(&[A::ShowAlerts], "alerts"),
                    h(&[A::OpenRunbooks], "runbooks"),
                    h(&[A::PickEnvironment], "env"),
                    h(&[A::ShowAudit], "audit"),
                    h(&[A::Refresh], "refresh"),
                ]
            }
            Overlay::Help { .. } | Overlay::Inspect { .. } => vec![
                if matches!(state.overlay, Overlay::Help { .. }) {
                    h(&[A::CloseHelp], "close")
                } else {
                    close()
                },
                h(&[A::SelectNext, A::SelectPrevious], "scroll"),
                h(&[A::PageDown, A::PageUp], "page"),
                quit(),
            ],
            // Enter does nothing on an alert; the runbooks offered for it are the way on.
            Overlay::Alerts { .. } => {
                vec![close(), moves(), h(&[A::OpenRunbooks], "runbooks"), quit()]
            }
            Overlay::Environments { .. } => {
                vec![close(), moves(), h(&[A::Choose], "switch"), quit()]
            }
            Overlay::Runbooks { .. } => vec![close(), moves(), h(&[A::Choose], "open"), quit()],
            Overlay::Audit { .. } => vec![close(), moves(), h(&[A::Refresh], "reload"), quit()],
            Overlay::Approvals { .. } => vec![
                close(),
                moves(),
                (!state.read_only)
                    .then(|| h(&[A::Approve], "approve"))
                    .flatten(),
                quit(),
            ],
        }
    };
    found.into_iter().flatten().collect()
}

/// The keys the flow's current step takes (`app::runbook::on_action` and `on_entry`).
fn flow_hints(flow: &RunFlow, read_only: bool, keymap: &Keymap) -> Vec<Option<Hint>> {
    use Action as A;
    let h = |actions: &[Action], label| hint(keymap, actions, label);
    let leave = || h(&[A::Back], "leave");
    match &flow.stage {
        Stage::Form(form) => vec![
            if form.remedy().is_some() {
                fixed("enter", "open the offered runbook on this row")
            } else {
                fixed("enter", "make the plan")
            },
            fixed("esc", "leave"),
            fixed("tab/shift+tab", "field"),
        ],
        Stage::Planning => vec![leave()],
        Stage::PlanFailed(_) => vec![
            h(&[A::Replan], "re-plan"),
            h(&[A::Proceed], "back to the form"),
            leave(),
        ],
        Stage::Plan { .. } => vec![
            (!read_only).then(|| h(&[A::Proceed], "confirm")).flatten(),
            leave(),
            h(&[A::Replan], "re-plan"),
            h(&[A::SelectNext, A::SelectPrevious], "scroll"),
        ],
        Stage::Confirm { view, .. } if view.risk == Risk::High => vec![
            fixed("enter", "run if the typed name matches"),
            fixed("esc", "leave"),
        ],
        Stage::Confirm { .. } => vec![
            h(&[A::ConfirmYes], "run"),
            h(&[A::ConfirmNo], "do not run"),
            every_key(keymap, A::SwitchChoice, "focus"),
            h(&[A::Proceed], "press"),
        ],
        Stage::Running(progress) if progress.finished.is_some() => vec![
            progress
                .failed()
                .then(|| h(&[A::Replan], "re-plan"))
                .flatten(),
            h(&[A::Proceed, A::Back], "close"),
            h(&[A::ShowAudit], "audit trail"),
        ],
        Stage::Running(progress) if progress.confirm_cancel => vec![
            h(&[A::ConfirmYes], "cancel the run"),
            h(&[A::ConfirmNo], "keep it running"),
        ],
        Stage::Running(progress)
            if progress.awaiting.as_ref().is_some_and(|a| a.note.is_some()) =>
        {
            vec![
                fixed("enter", "answer with the note"),
                fixed("esc", "back to the question"),
            ]
        }
        Stage::Running(progress) if progress.awaiting.is_some() => vec![
            h(&[A::ConfirmYes], "step done"),
            h(&[A::ConfirmNo], "abort"),
            h(&[A::CancelRun], "cancel the run"),
        ],
        Stage::Running(_) => vec![h(&[A::CancelRun], "cancel the run")],
    }
}

/// The longest head of `hints` that fits `width` columns; the first hint is always kept.
fn fit(hints: &[Hint], width: usize) -> &[Hint] {
    let mut used = 0;
    let fitting = hints
        .iter()
        .take_while(|h| {
            used += h.width() + if used == 0 { 0 } else { GAP.len() };
            used <= width
        })
        .count();
    &hints[..fitting.max(1).min(hints.len())]
}

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, context: &RenderContext) {
    let key = context.style(Role::Accent);
    let text = context.style(Role::Footer);
    let mut spans = Vec::new();
    let mut width = usize::from(area.width);
    if state.editing_filter() {
        let filter = &state.focused_table().filter;
        spans.push(Span::styled(format!("/{filter}"), key));
        spans.push(Span::styled("_", context.style(Role::Muted)));
        spans.push(Span::raw(GAP));
        width = width.saturating_sub(filter.chars().count() + 2 + GAP.len());
    }
    let hints = hints(state, context.keymap);
    for (index, hint) in fit(&hints, width).iter().enumerate() {
        if index > 0 {
            spans.push(Span::raw(GAP));
        }
        spans.push(Span::styled(hint.keys.clone(), key));
        spans.push(Span::styled(format!(" {}", hint.label), text));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(text), area);
}

#[cfg(test)]
mod tests {
    use super::{Hint, fit};

    #[test]
    fn fit_keeps_whole_hints_from_the_front_and_always_the_first() {
        let hint = |keys: &str, label| Hint {
            keys: keys.into(),
            label,
        };
        let hints = [
            hint("?", "help"),
            hint("q", "quit"),
            hint("tab", "next tab"),
        ];
        // "? help" 6 + 2 + "q quit" 6 = 14; the third needs 2 + 12 more.
        assert_eq!(fit(&hints, 14), &hints[..2]);
        assert_eq!(fit(&hints, 27), &hints[..2]);
        assert_eq!(fit(&hints, 28), &hints[..]);
        assert_eq!(fit(&hints, 3), &hints[..1]);
        assert!(fit(&[], 80).is_empty());
    }
}
