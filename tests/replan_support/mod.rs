//! Helpers for the re-plan and form tests: the seeded console with the built-in runbooks, keys
//! through the real keymap, snapshots that move, and the simulated fleet as a runbook target.
#![allow(dead_code)]

use std::time::Duration;

use crate::common::{draw, keymap, lines, start, state_with};
use opsconsole::app::runbook::Stage;
use opsconsole::app::{AppState, Effect, Message, RunbookMessage, Topic, update};
use opsconsole::domain::audit::Actor;
use opsconsole::domain::runbook::{Capability, PlanView, RowRef, RunRequest, Runbook};
use opsconsole::domain::{FleetSnapshot, SourceId, SourceUpdate};
use opsconsole::input::translate_key;
use opsconsole::runbook::audit::{AuditLog, AuditSink, audit_file};
use opsconsole::runbook::catalog::Catalog;
use opsconsole::runbook::target::Target;
use opsconsole::sources::simulator::{SimulatorConfig, spawn};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::mpsc;

pub fn press(state: &mut AppState, code: KeyCode) -> Vec<Effect> {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    translate_key(&key, state, &keymap()).map_or_else(Vec::new, |m| update(state, m))
}

pub fn typed(state: &mut AppState, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| press(state, KeyCode::Char(c)))
        .collect()
}

pub fn screen(state: &mut AppState) -> String {
    lines(&draw(state, 160, 45, false)).join("\n")
}

pub fn runbook(id: &str) -> Runbook {
    Catalog::load(None).0.get(id).cloned().expect("built-in")
}

pub fn web() -> Option<RowRef> {
    Some(RowRef {
        tab: Some(Topic::Scaling),
        key: "web".into(),
    })
}

pub fn console(snapshot: FleetSnapshot) -> AppState {
    let mut state = state_with(snapshot, Topic::Scaling);
    state.runbooks = Catalog::load(None).0.runbooks;
    state.capabilities = vec![Capability::FleetActions];
    state
}

/// The app learns of a new snapshot, as from the source's next poll.
pub fn refresh(state: &mut AppState, snapshot: FleetSnapshot) {
    update(
        state,
        Message::Source(SourceUpdate {
            source: SourceId::Simulator,
            result: Ok(Box::new(snapshot)),
        }),
    );
}

pub fn with_web(mut snapshot: FleetSnapshot, desired: u32, max: u32) -> FleetSnapshot {
    let groups = snapshot.scaling.iter_mut().flat_map(|s| &mut s.groups);
    for group in groups.filter(|g| g.name == "web") {
        group.desired = desired;
        group.max = max;
    }
    snapshot
}

pub fn planned(state: &mut AppState, view: PlanView) -> Vec<Effect> {
    update(
        state,
        Message::Runbook(Box::new(RunbookMessage::PlanReady(view))),
    )
}

pub fn stage(state: &AppState) -> &Stage {
    &state.flow.as_ref().expect("a flow").stage
}

pub fn request_of(effects: &[Effect]) -> RunRequest {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::PlanRun(request) => Some(request.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no plan asked for: {effects:?}"))
}

pub fn starts(effects: &[Effect]) -> Vec<u64> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::StartRun { plan, .. } => Some(*plan),
            _ => None,
        })
        .collect()
}

/// The simulated fleet at 03:00 UTC (web at 5 of 5..12), in real time, so the policy cannot
/// move the group during the test: only the test's own command does.
pub fn fleet() -> (
    Target,
    AuditSink,
    std::path::PathBuf,
    mpsc::Receiver<SourceUpdate>,
) {
    let dir = std::env::temp_dir().join(format!("opsconsole-replan-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let config = SimulatorConfig::new(42, start()).with_surge_after(chrono::Duration::days(2));
    let (tx, rx) = mpsc::channel(1);
    let (handle, _task) = spawn(
        config,
        1.0,
        Duration::from_secs(3600),
        tx,
        tokio::sync::watch::channel(None).1,
    );
    let audit = AuditSink::spawn(AuditLog::new(audit_file(&dir))).expect("audit");
    (Target::simulator("demo", handle), audit, dir, rx)
}

pub fn actor() -> Actor {
    Actor {
        user: "tester".into(),
        ssh_client: None,
        host: "bench".into(),
    }
}
