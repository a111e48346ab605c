//! The state machine: `update(state, message) -> effects`. Overlay first, then the active
//! table, then global actions; each step is a short exhaustive match.

use super::{
    Action, AppState, AuditView, Effect, FilterEdit, Message, Overlay, RunbookMessage, approvals,
    checkpoint, detail, overlay, runbook,
};

const PAGE: isize = 10;

pub fn update(state: &mut AppState, message: Message) -> Vec<Effect> {
    match message {
        Message::User(action) => {
            state.mark_dirty();
            on_action(state, action)
        }
        Message::Filter(edit) => {
            state.mark_dirty();
            on_filter(state, edit);
            Vec::new()
        }
        Message::Source(update) => {
            state.data.apply(update, state.now);
            detail::rebuild(state);
            state.mark_dirty();
            Vec::new()
        }
        Message::Tick { now, wall } => {
            state.now = now;
            // Only a visible change (the clock's second, data ages) needs a frame.
            if wall.timestamp() != state.wall.timestamp() {
                state.mark_dirty();
            }
            let new_second = wall.timestamp() != state.wall.timestamp();
            state.wall = wall;
            checkpoint::wanted(state)
                .into_iter()
                .chain(approvals::on_tick(state, new_second))
                .collect()
        }
        Message::Resize => {
            state.mark_dirty();
            Vec::new()
        }
        Message::Entry(key) => {
            state.mark_dirty();
            runbook::on_entry(state, key)
        }
        Message::Runbook(message) => {
            state.mark_dirty();
            on_runbook(state, *message)
        }
        Message::Checkpoint(request, result) => {
            state.mark_dirty();
            checkpoint::on_loaded(state, request, *result);
            detail::rebuild(state);
            Vec::new()
        }
    }
}

fn on_runbook(state: &mut AppState, message: RunbookMessage) -> Vec<Effect> {
    match message {
        RunbookMessage::PlanReady(view) => runbook::on_plan(state, Ok(view)),
        RunbookMessage::PlanFailed(error) => runbook::on_plan(state, Err(error)),
        RunbookMessage::Run(event) => {
            runbook::on_run_event(state, event);
            Vec::new()
        }
        RunbookMessage::AuditLoaded(loaded) => {
            state.audit = match loaded {
                Ok((records, problems)) => AuditView::Loaded { records, problems },
                Err(error) => AuditView::Failed(error),
            };
            Vec::new()
        }
        RunbookMessage::ApprovalsLoaded(pending) => {
            approvals::on_loaded(state, pending);
            Vec::new()
        }
        RunbookMessage::ApprovalAnswered(answer) => approvals::on_answered(state, answer),
    }
}

fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    if let Some(effects) = runbook::on_action(state, action) {
        return effects;
    }
    if let Some(effects) = overlay::on_overlay(state, action) {
        return effects;
    }
    if let Some(effects) = checkpoint::on_action(state, action) {
        return effects;
    }
    if let Some(effects) = detail::on_action(state, action) {
        return effects;
    }
    if action == Action::Open {
        return super::table::selected_subject(state)
            .map(|subject| detail::open(state, subject))
            .unwrap_or_default();
    }
    if on_table(state, action) {
        return Vec::new();
    }
    on_global_action(state, action)
}

/// A global action (tabs, overlays, ranges) and the checkpoint it may now want.
pub fn on_global_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    let mut effects = on_global(state, action);
    effects.extend(checkpoint::wanted(state));
    effects
}

/// Returns whether the action was a table action.
fn on_table(state: &mut AppState, action: Action) -> bool {
    if action == Action::SwitchTable {
        state.switch_table();
        return true;
    }
    let columns = super::table::focused_column_count(state);
    let table = state.focused_table_mut();
    match action {
        Action::SelectNext => table.move_by(1),
        Action::SelectPrevious => table.move_by(-1),
        Action::PageDown => table.move_by(PAGE),
        Action::PageUp => table.move_by(-PAGE),
        Action::SelectFirst => table.selected = 0,
        Action::SelectLast => table.selected = usize::MAX,
        // The renderer clamps the scroll to the columns there are at its width.
        Action::ScrollRight => table.column_scroll = table.column_scroll.saturating_add(1),
        Action::ScrollLeft => table.column_scroll = table.column_scroll.saturating_sub(1),
        Action::CycleSort => table.cycle_sort(columns),
        Action::ReverseSort => table.descending = !table.descending,
        Action::Filter => table.editing_filter = true,
        Action::ClearFilter => {
            table.filter.clear();
            table.editing_filter = false;
        }
        _ => return false,
    }
    true
}

fn on_global(state: &mut AppState, action: Action) -> Vec<Effect> {
    match action {
        Action::Quit => return vec![quit(state)],
        Action::NextTab => state.tab = state.tab.next(),
        Action::PreviousTab => state.tab = state.tab.previous(),
        Action::Show(tab) => state.tab = tab,
        Action::ToggleHelp => state.overlay = Overlay::Help { scroll: 0 },
        Action::Inspect => state.overlay = Overlay::Inspect { scroll: 0 },
        Action::ShowAlerts => state.overlay = Overlay::Alerts { selected: 0 },
        Action::PickEnvironment => state.overlay = overlay::environments(state),
        Action::OpenRunbooks => {
            state.overlay = Overlay::Runbooks {
                selected: 0,
                tab: Some(state.tab),
                alert: None,
            };
        }
        Action::ShowAudit => {
            state.overlay = Overlay::Audit { selected: 0 };
            state.audit = AuditView::Loading;
            return vec![Effect::LoadAudit];
        }
        Action::ShowApprovals => return approvals::open(state),
        Action::NextRange => state.chart_range = state.chart_range.longer(),
        Action::PreviousRange => state.chart_range = state.chart_range.shorter(),
        Action::Refresh => return state.data.sources().map(Effect::Refresh).collect(),
        // Table and help actions were handled above; they do nothing elsewhere.
        _ => {}
    }
    Vec::new()
}

fn on_filter(state: &mut AppState, edit: FilterEdit) {
    let table = state.focused_table_mut();
    match edit {
        FilterEdit::Insert(c) => {
            table.filter.push(c);
            table.selected = 0;
        }
        FilterEdit::Backspace => {
            table.filter.pop();
        }
        FilterEdit::Accept => table.editing_filter = false,
        FilterEdit::Cancel => {
            table.filter.clear();
            table.editing_filter = false;
        }
    }
}

fn quit(state: &mut AppState) -> Effect {
    state.quit = true;
    Effect::Quit
}
