//! What `x` offers on every tab, and the row each offer opens on: the Cost tab's runbooks (the
//! right-size form on the most over-provisioned group), a silence for every alert line of any
//! tab, the Checkpoint's criterion's runbooks; and each built-in alert with a remedy suggests
//! its runbook. On the seeded demo at 03:00 UTC (worker idle at 14 of 10-20, web at its min).

mod checkpoint_support;
mod common;

use chrono::Duration;
use common::{draw, keymap, lines, simulator, start, state_with};
use opsconsole::app::runbook::{Offer, Stage, offers, suggested, text_of};
use opsconsole::app::{AppState, Effect, Topic, update};
use opsconsole::domain::runbook::{Capability, RowRef};
use opsconsole::domain::{Alert, AlertState, FleetSnapshot, Health};
use opsconsole::input::translate_key;
use opsconsole::runbook::catalog::Catalog;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn snapshot() -> FleetSnapshot {
    static SNAPSHOT: std::sync::OnceLock<FleetSnapshot> = std::sync::OnceLock::new();
    SNAPSHOT.get_or_init(|| simulator().snapshot()).clone()
}

fn ready(mut state: AppState) -> AppState {
    state.runbooks = Catalog::load(None).0.runbooks;
    state.capabilities = vec![Capability::FleetActions, Capability::Alertmanager];
    state
}

fn on(tab: Topic, alerts: Vec<Alert>) -> AppState {
    let mut snapshot = snapshot();
    snapshot.alerts = alerts;
    ready(state_with(snapshot, tab))
}

fn alert(name: &str, topic: Topic, state: AlertState, severity: Health) -> Alert {
    Alert {
        name: name.into(),
        severity,
        state,
        topic: Some(topic),
        since: start() - Duration::minutes(20),
        summary: format!("{name} summary"),
        labels: vec![("alertname".into(), name.into())],
        silenced_by: match state {
            AlertState::Silenced => vec!["4f1c2d3e-0000-4000-8000-000000000001".into()],
            _ => Vec::new(),
        },
    }
}

fn press(state: &mut AppState, code: KeyCode) -> Vec<Effect> {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    translate_key(&key, state, &keymap()).map_or_else(Vec::new, |m| update(state, m))
}

/// Each offer as `id` or `id on KEY` where its row is not the tab's own selection.
fn listed(state: &AppState, tab: Topic) -> Vec<String> {
    offers(state, Some(tab), None)
        .iter()
        .map(|Offer { runbook, row }| match row {
            Some(row) if row.tab != Some(tab) => format!("{} on {}", runbook.id, row.key),
            _ => runbook.id.clone(),
        })
        .collect()
}

fn field(state: &AppState, index: usize) -> String {
    let Some(Stage::Form(form)) = state.flow.as_ref().map(|f| &f.stage) else {
        panic!("a form")
    };
    text_of(&form.fields[index].input)
}

#[test]
fn x_on_cost_offers_right_size_on_the_idlest_group_and_the_budget_investigation() {
    let mut state = on(Topic::Cost, Vec::new());
    let listed = listed(&state, Topic::Cost);
    assert_eq!(
        listed[..2],
        ["right-size on worker", "budget-investigation"]
    );
    draw(&mut state, 150, 45, false);
    press(&mut state, KeyCode::Char('x'));
    let screen = lines(&draw(&mut state, 150, 45, false)).join("\n");
    assert!(screen.contains("right-size"), "{screen}");
    assert!(screen.contains("on scaling worker"), "{screen}");
    press(&mut state, KeyCode::Enter);
    let flow = state.flow.as_ref().expect("the form");
    assert_eq!(flow.runbook.id, "right-size");
    assert_eq!(
        flow.row,
        Some(RowRef {
            tab: Some(Topic::Scaling),
            key: "worker".into()
        })
    );
    // group, desired (one less than 14), the CPU ceiling.
    assert_eq!(
        [field(&state, 0), field(&state, 1), field(&state, 2)],
        ["worker", "13", "40"]
    );
}

#[test]
fn every_tab_with_alert_lines_offers_to_silence_each_of_them() {
    for tab in [
        Topic::Scaling,
        Topic::Latency,
        Topic::Cost,
        Topic::Security,
        Topic::Readiness,
    ] {
        let alerts = vec![
            alert("Muted", tab, AlertState::Silenced, Health::Warning),
            alert("Loud", tab, AlertState::Firing, Health::Critical),
            alert(
                "Elsewhere",
                Topic::Checkpoint,
                AlertState::Firing,
                Health::Critical,
            ),
        ];
        let state = on(tab, alerts);
        let listed = listed(&state, tab);
        // In the alert lines' order (firing first); a silenced one can also be expired.
        let at = |text: &str| listed.iter().position(|l| l == text);
        let (loud, muted, expire) = (
            at("silence-alert on Loud"),
            at("silence-alert on Muted"),
            at("expire-silence on Muted"),
        );
        assert!(
            loud < muted && muted < expire && loud.is_some(),
            "{tab}: {listed:?}"
        );
        assert!(
            !listed.iter().any(|l| l.contains("Elsewhere")),
            "{listed:?}"
        );
        assert!(at("expire-silence on Loud").is_none(), "{listed:?}");
    }
}

#[test]
fn choosing_an_alert_lines_silence_fills_its_alertname() {
    let alerts = vec![alert(
        "CertificateExpiringSoon",
        Topic::Security,
        AlertState::Firing,
        Health::Critical,
    )];
    let mut state = on(Topic::Security, alerts);
    let index = offers(&state, Some(Topic::Security), None)
        .iter()
        .position(|o| o.runbook.id == "silence-alert")
        .expect("offered");
    draw(&mut state, 150, 45, false);
    press(&mut state, KeyCode::Char('x'));
    for _ in 0..index {
        press(&mut state, KeyCode::Down);
    }
    press(&mut state, KeyCode::Enter);
    let flow = state.flow.as_ref().expect("the form");
    assert_eq!(flow.runbook.id, "silence-alert");
    assert_eq!(
        flow.row,
        Some(RowRef {
            tab: None,
            key: "CertificateExpiringSoon".into()
        })
    );
    assert_eq!(field(&state, 0), "CertificateExpiringSoon");
}

/// Moves the Checkpoint table's selection to the criterion `name`, in the table's own order.
fn select(state: &mut AppState, name: &str) {
    for index in 0..20 {
        state.tables.entry(Topic::Checkpoint).or_default().selected = index;
        if opsconsole::app::table::selected_row(state).as_deref() == Some(name) {
            return;
        }
    }
    panic!("no row {name}");
}

#[test]
fn the_checkpoint_offers_the_runbooks_of_the_selected_criterions_topic() {
    use checkpoint_support::{report_for, showing, week};
    let report = report_for(week("2026-W49"));
    let mut state = ready(showing(report.clone()));
    // Select the trigger-delay criterion: a figure of the web group.
    let index = report
        .criteria
        .iter()
        .position(|c| c.figure.as_deref() == Some("group.web.trigger_delay_s"))
        .expect("a trigger-delay criterion");
    select(&mut state, &report.criteria[index].name);
    let list = offers(&state, Some(Topic::Checkpoint), None);
    let first = &list[0];
    assert_eq!(first.runbook.id, "scale-out");
    assert_eq!(
        first.row,
        Some(RowRef {
            tab: Some(Topic::Scaling),
            key: "web".into()
        })
    );
    // A latency criterion over every service: the Latency runbooks, on no one service.
    let latency = report
        .criteria
        .iter()
        .position(|c| {
            c.figure
                .as_deref()
                .is_some_and(|f| f.ends_with("latency_seconds"))
        })
        .expect("a latency criterion");
    select(&mut state, &report.criteria[latency].name);
    let list = offers(&state, Some(Topic::Checkpoint), None);
    assert_eq!(list[0].runbook.id, "query-investigation");
    assert_eq!(list[0].row, None);
}

/// The simulator's built-in alerts that have a remedy, and the runbook each suggests (no
/// Prometheus rules ship with the console: the demo's alerts are the built-in ones).
#[test]
fn each_built_in_alert_with_a_remedy_suggests_its_runbook() {
    let runbooks = Catalog::load(None).0.runbooks;
    for (name, topic, remedy) in [
        ("HighLatencyP99", Topic::Latency, "query-investigation"),
        ("GroupSaturated", Topic::Scaling, "group-limits"),
        ("BudgetForecastOver", Topic::Cost, "budget-investigation"),
    ] {
        let mut snapshot = snapshot();
        snapshot.alerts = vec![alert(name, topic, AlertState::Firing, Health::Critical)];
        let runbook = runbooks.iter().find(|r| r.id == remedy).expect("built-in");
        assert_eq!(
            runbook.tab,
            Some(topic),
            "{remedy} lives on the alert's tab"
        );
        assert!(
            suggested(runbook, Some(&snapshot)),
            "{name} suggests {remedy}"
        );
        snapshot.alerts[0].state = AlertState::Silenced;
        assert!(
            !suggested(runbook, Some(&snapshot)),
            "a silenced {name} does not"
        );
    }
}
