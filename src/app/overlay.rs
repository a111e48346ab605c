//! Overlay transitions: help, the inspect view, the alert list and the environment picker.
//! Each takes the keys it understands; the quit key works everywhere.

use super::{Action, AppState, Effect, Overlay};

const PAGE: usize = 10;

fn step(value: usize, action: Action, last: usize) -> usize {
    let moved = match action {
        Action::SelectNext => value.saturating_add(1),
        Action::SelectPrevious => value.saturating_sub(1),
        Action::PageDown => value.saturating_add(PAGE),
        Action::PageUp => value.saturating_sub(PAGE),
        Action::SelectFirst => 0,
        // Scrolled views clamp this to their content when drawn.
        Action::SelectLast => last,
        _ => value,
    };
    moved.min(last)
}

fn scroll(value: u16, action: Action) -> u16 {
    u16::try_from(step(usize::from(value), action, usize::from(u16::MAX))).unwrap_or(u16::MAX)
}

/// Handles `action` if an overlay is open; `None` when no overlay is open.
pub fn on_overlay(state: &mut AppState, action: Action) -> Option<Vec<Effect>> {
    if action == Action::Quit && state.overlay != Overlay::None {
        state.quit = true;
        return Some(vec![Effect::Quit]);
    }
    let alerts = state.data.snapshot().map_or(0, |s| s.alerts.len());
    let environments = state.environments.len();
    let runbooks = match state.overlay {
        Overlay::Runbooks { tab, alert, .. } => super::runbook::offers(state, tab, alert).len(),
        _ => 0,
    };
    let records = match &state.audit {
        super::AuditView::Loaded { records, .. } => records.len(),
        _ => 0,
    };
    let mut effects = Vec::new();
    state.overlay = match (state.overlay, action) {
        (Overlay::None, _) => return None,
        (Overlay::Help { .. }, Action::CloseHelp | Action::ToggleHelp)
        | (Overlay::Inspect { .. }, Action::CloseOverlay | Action::Inspect)
        | (Overlay::Alerts { .. }, Action::CloseOverlay | Action::ShowAlerts)
        | (Overlay::Environments { .. }, Action::CloseOverlay | Action::PickEnvironment)
        | (Overlay::Runbooks { .. }, Action::CloseOverlay | Action::OpenRunbooks)
        | (Overlay::Audit { .. }, Action::CloseOverlay | Action::ShowAudit)
        | (Overlay::Approvals { .. }, Action::CloseOverlay | Action::ShowApprovals) => {
            Overlay::None
        }
        (Overlay::Approvals { selected }, a) => {
            let (overlay, asked) = super::approvals::on_action(state, selected, a, step);
            effects.extend(asked);
            overlay
        }
        (Overlay::Alerts { selected }, Action::OpenRunbooks) => Overlay::Runbooks {
            selected: 0,
            tab: None,
            alert: Some(selected),
        },
        (
            Overlay::Runbooks {
                selected,
                tab,
                alert,
            },
            Action::Choose,
        ) => {
            open_runbook(state, selected, tab, alert);
            Overlay::None
        }
        (
            Overlay::Runbooks {
                selected,
                tab,
                alert,
            },
            a,
        ) => Overlay::Runbooks {
            selected: step(selected, a, runbooks.saturating_sub(1)),
            tab,
            alert,
        },
        (Overlay::Audit { .. }, Action::Refresh) => {
            state.audit = super::AuditView::Loading;
            effects.push(Effect::LoadAudit);
            Overlay::Audit { selected: 0 }
        }
        (Overlay::Audit { selected }, a) => Overlay::Audit {
            selected: step(selected, a, records.saturating_sub(1)),
        },
        (Overlay::Help { scroll: s }, a) => Overlay::Help {
            scroll: scroll(s, a),
        },
        (Overlay::Inspect { scroll: s }, a) => Overlay::Inspect {
            scroll: scroll(s, a),
        },
        (Overlay::Alerts { selected }, a) => Overlay::Alerts {
            selected: step(selected, a, alerts.saturating_sub(1)),
        },
        (Overlay::Environments { selected }, Action::Choose) => {
            if let Some(chosen) = state.environments.get(selected)
                && chosen.name != state.environment.name
            {
                effects.push(Effect::SwitchEnvironment(chosen.name.clone()));
            }
            Overlay::None
        }
        (Overlay::Environments { selected }, a) => Overlay::Environments {
            selected: step(selected, a, environments.saturating_sub(1)),
        },
    };
    Some(effects)
}

/// Opens the form of the chosen runbook, on the row the list was opened from. An unavailable
/// runbook stays closed; the list says why.
fn open_runbook(
    state: &mut AppState,
    selected: usize,
    tab: Option<crate::domain::Topic>,
    alert: Option<usize>,
) {
    let offers = super::runbook::offers(state, tab, alert);
    let Some((runbook, row)) = offers
        .get(selected)
        .map(|o| (o.runbook.clone(), o.row.clone()))
    else {
        return;
    };
    if super::runbook::available(&runbook, &state.capabilities).is_err() {
        return;
    }
    super::runbook::open(state, runbook, row);
}

/// Opens the picker on the current environment.
pub fn environments(state: &AppState) -> Overlay {
    let selected = state
        .environments
        .iter()
        .position(|e| e.name == state.environment.name)
        .unwrap_or(0);
    Overlay::Environments { selected }
}
