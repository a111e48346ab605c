//! The approvals overlay through the real keymap: `P` opens it and asks for the list, the list
//! is drawn with who asked and until when, `y` asks the runtime to approve the selected run (whose
//! refusal, e.g. for one's own run, is shown), a read-only console never asks, and the list is
//! read again every new second while the overlay is open.

mod common;

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{TimeZone, Utc};
use common::{draw, keymap, lines};
use opsconsole::app::{
    AppState, DataStore, Effect, Environment, EnvironmentTier, Message, Overlay, RunbookMessage,
    Topic, update,
};
use opsconsole::domain::approval::{ApprovalRequest, Pending};
use opsconsole::domain::audit::Actor;
use opsconsole::input::translate_key;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(state: &mut AppState, c: char) -> Vec<Effect> {
    let modifiers = if c.is_ascii_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    let key = KeyEvent::new(KeyCode::Char(c), modifiers);
    translate_key(&key, state, &keymap()).map_or_else(Vec::new, |m| update(state, m))
}

fn reply(state: &mut AppState, message: RunbookMessage) -> Vec<Effect> {
    update(state, Message::Runbook(Box::new(message)))
}

fn at(minute: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 18, 3, minute, 0)
        .single()
        .expect("a valid time")
}

fn state() -> AppState {
    let environment = Environment {
        name: "demo".into(),
        tier: EnvironmentTier::Demo,
    };
    let start = Instant::now();
    AppState::new(
        environment,
        Topic::Scaling,
        DataStore::default(),
        start,
        at(5),
    )
}

fn waiting() -> Pending {
    Pending {
        request: ApprovalRequest {
            run: "1763434800000000".into(),
            runbook: "scale-out".into(),
            environment: "prod".into(),
            target: "web".into(),
            params: BTreeMap::from([("count".into(), "2".into())]),
            plan_digest: "d".into(),
            requester: Actor {
                user: "alice".into(),
                ssh_client: None,
                host: "bastion".into(),
            },
            reason: "every high-risk runbook in prod needs approval".into(),
            requested_at: at(0),
            expires_at: at(15),
        },
        approved_by: None,
    }
}

fn screen(state: &mut AppState) -> String {
    lines(&draw(state, 140, 30, false)).join("\n")
}

#[test]
fn p_lists_the_waiting_runs_and_y_asks_to_approve_the_selected_one() {
    let mut state = state();
    assert_eq!(press(&mut state, 'P'), [Effect::LoadApprovals]);
    assert_eq!(state.overlay, Overlay::Approvals { selected: 0 });
    assert!(screen(&mut state).contains("loading"));
    reply(
        &mut state,
        RunbookMessage::ApprovalsLoaded(Ok(vec![waiting()])),
    );
    let shown = screen(&mut state);
    assert!(
        shown.contains(
            "1763434800000000  scale-out on web (prod)  count=2  by alice@bastion  waiting until 03:15:00 UTC"
        ),
        "{shown}"
    );
    let footer = shown.lines().last().expect("a footer");
    assert!(
        footer.contains("y approve"),
        "the footer offers y: {footer}"
    );
    let run = waiting().request.run;
    assert_eq!(press(&mut state, 'y'), [Effect::Approve(run)]);
    let refused =
        "alice cannot approve their own run 1763434800000000: another user must approve it";
    let again = reply(
        &mut state,
        RunbookMessage::ApprovalAnswered(Err(refused.into())),
    );
    assert_eq!(again, [Effect::LoadApprovals], "the list is read again");
    assert!(screen(&mut state).contains(&format!("not approved: {refused}")));
    let tick = |state: &mut AppState, second| {
        update(
            state,
            Message::Tick {
                now: Instant::now(),
                wall: at(5) + chrono::Duration::seconds(second),
            },
        )
    };
    assert_eq!(tick(&mut state, 1), [Effect::LoadApprovals], "a new second");
    assert_eq!(tick(&mut state, 1), [], "the same second");
    press(&mut state, 'P');
    assert_eq!(state.overlay, Overlay::None, "P closes it again");
    assert_eq!(tick(&mut state, 2), [], "closed: nothing is read");
}

#[test]
fn a_read_only_console_cannot_approve() {
    let mut state = state();
    state.read_only = true;
    press(&mut state, 'P');
    reply(
        &mut state,
        RunbookMessage::ApprovalsLoaded(Ok(vec![waiting()])),
    );
    assert_eq!(
        press(&mut state, 'y'),
        [],
        "nothing is asked of the runtime"
    );
    let shown = screen(&mut state);
    assert!(
        shown.contains("read-only: this console cannot approve"),
        "{shown}"
    );
    assert!(
        shown.contains("not approved: read-only mode: approvals cannot be given here"),
        "{shown}"
    );
    let footer = shown.lines().last().expect("a footer");
    assert!(
        !footer.contains("y approve"),
        "no y in the footer: {footer}"
    );
}
