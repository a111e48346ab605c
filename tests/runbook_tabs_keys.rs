//! `x` on the Security and Readiness tabs of the seeded demo, through the real keymap: their
//! runbooks are listed (renewal suggested while a certificate's alert fires) and open on the
//! selected certificate, finding (`w`) or check.

mod common;

use chrono::{TimeZone, Utc};
use common::{draw, keymap, lines, simulator, state_with};
use opsconsole::app::runbook::Stage;
use opsconsole::app::{AppState, Topic, update};
use opsconsole::domain::FleetSnapshot;
use opsconsole::domain::runbook::{Capability, RowRef};
use opsconsole::input::translate_key;
use opsconsole::runbook::catalog::Catalog;
use opsconsole::sources::simulator::SimulatorConfig;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(state: &mut AppState, code: KeyCode) {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(message) = translate_key(&key, state, &keymap()) {
        update(state, message);
    }
}

/// The console on the demo at `snapshot`, on `tab`, able to run every built-in.
fn console(snapshot: FleetSnapshot, tab: Topic) -> AppState {
    let mut state = state_with(snapshot, tab);
    state.runbooks = Catalog::load(None).0.runbooks;
    state.capabilities = vec![
        Capability::FleetActions,
        Capability::CertificateRenewal,
        Capability::FindingWorkflow,
        Capability::CheckEvaluation,
    ];
    state
}

fn screen(state: &mut AppState) -> String {
    lines(&draw(state, 160, 45, false)).join("\n")
}

/// `x`, then the `n`-th runbook offered: its form's row and first field.
fn open_nth(state: &mut AppState, n: usize) -> (String, Option<RowRef>, String) {
    press(state, KeyCode::Char('x'));
    for _ in 0..n {
        press(state, KeyCode::Down);
    }
    press(state, KeyCode::Enter);
    let flow = state.flow.as_ref().expect("a form");
    let Stage::Form(form) = &flow.stage else {
        panic!("a form")
    };
    let first = opsconsole::app::runbook::text_of(&form.fields[0].input);
    (flow.runbook.id.clone(), flow.row.clone(), first)
}

#[test]
fn x_on_security_offers_renewal_on_the_certificate_and_marking_on_the_finding() {
    // 1 December: www.example.com expires in 6 days and its alert fires.
    let at = Utc
        .with_ymd_and_hms(2026, 12, 1, 3, 0, 0)
        .single()
        .expect("time");
    let snapshot =
        opsconsole::sources::simulator::Simulator::new(SimulatorConfig::new(42, at)).snapshot();
    let mut state = console(snapshot, Topic::Security);
    let shown = screen(&mut state);
    assert!(
        shown.contains("CertificateExpiringSoon for 7d · www.example.com expires in 6 days"),
        "{shown}"
    );
    press(&mut state, KeyCode::Char('x'));
    let list = screen(&mut state);
    let renew = list
        .lines()
        .find(|l| l.contains("renew-certificate"))
        .expect("listed");
    assert!(renew.contains("SUGGESTED"), "{renew}");
    assert!(list.contains("mark-finding"), "{list}");
    press(&mut state, KeyCode::Esc);

    // The certificates sort soonest first: www.example.com is the selected row.
    let (id, row, certificate) = open_nth(&mut state, 0);
    assert_eq!(id, "renew-certificate");
    assert_eq!(certificate, "www.example.com");
    assert_eq!(row.map(|r| r.key), Some("www.example.com".into()));
    state.flow = None;

    // `w`: the findings table; mark-finding acts on its selected row.
    press(&mut state, KeyCode::Char('w'));
    let selected = opsconsole::app::table::selected_row(&state).expect("a finding");
    assert!(selected.starts_with("CVE-"), "{selected}");
    let (id, row, finding) = open_nth(&mut state, 1);
    assert_eq!(id, "mark-finding");
    assert_eq!(finding, selected);
    assert_eq!(
        row.map(|r| (r.tab, r.key)),
        Some((Some(Topic::Security), selected))
    );
}

#[test]
fn x_on_readiness_offers_reevaluation_of_the_selected_check_and_the_drill() {
    let mut state = console(simulator().snapshot(), Topic::Readiness);
    press(&mut state, KeyCode::Char('x'));
    let list = screen(&mut state);
    assert!(list.contains("reevaluate-check"), "{list}");
    assert!(list.contains("dr-drill"), "{list}");
    press(&mut state, KeyCode::Esc);
    let selected = opsconsole::app::table::selected_row(&state).expect("a check");
    let (id, row, check) = open_nth(&mut state, 0);
    assert_eq!(id, "reevaluate-check");
    assert_eq!(check, selected);
    assert_eq!(row.map(|r| r.key), Some(selected));
    state.flow = None;
    let (id, _, replica) = open_nth(&mut state, 1);
    assert_eq!(id, "dr-drill");
    assert_eq!(replica, "db-replica-1", "the freshest replica");
}
