//! The views that live sources add, through the real keymap and renderer: the environment
//! picker switches, the inspect view shows the query and raw result behind a figure, the alert
//! list shows silenced alerts, and a failing panel says so in its tab's title, with the age of
//! the value it keeps showing.

mod common;

use std::time::Duration;

use chrono::{DateTime, Utc};
use common::{draw, keymap, simulator, state_with, text};
use opsconsole::app::{AppState, Effect, Environment, EnvironmentTier, Overlay, Topic, update};
use opsconsole::domain::{
    Alert, AlertState, FleetSnapshot, Health, PanelReading, PanelStatus, PanelValue, Unit,
};
use opsconsole::input::translate_key;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(state: &mut AppState, code: KeyCode) -> Vec<Effect> {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    translate_key(&key, state, &keymap()).map_or_else(Vec::new, |m| update(state, m))
}

fn reading(at: DateTime<Utc>, error: Option<&str>) -> PanelReading {
    PanelReading {
        id: "latency-p99".into(),
        title: "p99 latency".into(),
        custom: false,
        tab: Some(Topic::Latency),
        query: "histogram_quantile(0.99, sum by (le, service) (rate(x_bucket[5m])))".into(),
        kind: "instant".into(),
        unit: Unit::Seconds,
        warn: Some(0.4),
        critical: Some(0.475),
        higher_is_better: false,
        target: Some(0.475),
        status: PanelStatus {
            last_success: Some(at),
            error: error.map(String::from),
            interval: Duration::from_secs(2),
        },
        values: vec![PanelValue {
            labels: "{service=\"api\"}".into(),
            value: 0.5123,
        }],
        series: 1,
    }
}

fn with_panels(error: Option<&str>) -> (AppState, FleetSnapshot) {
    let mut snapshot = simulator().snapshot();
    snapshot.panels = vec![reading(
        snapshot.taken_at - chrono::Duration::seconds(40),
        error,
    )];
    snapshot.alerts.push(Alert {
        name: "ApiLatencyP99High".into(),
        severity: Health::Critical,
        state: AlertState::Silenced,
        topic: Some(Topic::Latency),
        since: snapshot.taken_at,
        summary: "api p99 over 475 ms".into(),
        labels: vec![
            ("alertname".into(), "ApiLatencyP99High".into()),
            ("severity".into(), "critical".into()),
        ],
        silenced_by: vec!["d1b2c3d4-0000-4000-8000-000000000001".into()],
    });
    (state_with(snapshot.clone(), Topic::Latency), snapshot)
}

#[test]
fn picker_switches_environment_and_esc_closes_overlays() {
    let (mut state, _) = with_panels(None);
    state.environments.push(Environment {
        name: "lab".into(),
        tier: EnvironmentTier::Staging,
    });
    assert!(press(&mut state, KeyCode::Char('e')).is_empty());
    assert_eq!(state.overlay, Overlay::Environments { selected: 0 });
    let screen = text(&draw(&mut state, 100, 30, false));
    assert!(
        screen.contains("staging") && screen.contains("lab"),
        "{screen}"
    );
    press(&mut state, KeyCode::Down);
    assert_eq!(
        press(&mut state, KeyCode::Enter),
        vec![Effect::SwitchEnvironment("lab".into())]
    );
    assert_eq!(state.overlay, Overlay::None);
    press(&mut state, KeyCode::Char('e'));
    assert!(
        press(&mut state, KeyCode::Enter).is_empty(),
        "choosing the current one does nothing"
    );
    press(&mut state, KeyCode::Char('a'));
    press(&mut state, KeyCode::Esc);
    assert_eq!(state.overlay, Overlay::None);
}

#[test]
fn inspect_shows_query_raw_result_and_freshness() {
    let (mut state, _) = with_panels(Some("timed out after 3s"));
    press(&mut state, KeyCode::Char('i'));
    let screen = text(&draw(&mut state, 160, 40, false));
    assert!(
        screen.contains("histogram_quantile(0.99"),
        "the query:\n{screen}"
    );
    assert!(
        screen.contains("{service=\"api\"} 512ms"),
        "raw result in the panel's unit:\n{screen}"
    );
    assert!(
        screen.contains("FAILED: timed out after 3s (showing 40s old)"),
        "{screen}"
    );
}

#[test]
fn failing_panel_marks_its_tab_and_keeps_the_values() {
    let (mut state, _) = with_panels(Some("HTTP 500: injected"));
    let screen = text(&draw(&mut state, 160, 40, false));
    assert!(
        screen.contains("FAILED: HTTP 500: injected · showing 40s old"),
        "{screen}"
    );
    assert!(screen.contains("api"), "the last values stay:\n{screen}");
    assert!(
        screen.contains("1 panel failing"),
        "the header counts failures:\n{screen}"
    );
    let (mut fresh, _) = with_panels(None);
    let screen = text(&draw(&mut fresh, 160, 40, false));
    assert!(
        screen.contains("STALE 40s"),
        "40 s old at a 2 s interval is stale:\n{screen}"
    );
}

#[test]
fn alert_list_shows_silenced_alerts() {
    let (mut state, _) = with_panels(None);
    press(&mut state, KeyCode::Char('a'));
    let screen = text(&draw(&mut state, 160, 40, false));
    assert!(screen.contains("1 silenced"), "{screen}");
    assert!(
        screen.contains("SILENCED") && screen.contains("ApiLatencyP99High"),
        "{screen}"
    );
    assert!(
        screen.contains("alertname=ApiLatencyP99High severity=critical"),
        "labels:\n{screen}"
    );
}

#[test]
fn a_custom_panel_shows_on_its_tab_coloured_by_its_thresholds() {
    let mut snapshot = simulator().snapshot();
    let mut queue = reading(snapshot.taken_at, None);
    queue.id = "queue-depth".into();
    queue.title = "Queue depth".into();
    queue.custom = true;
    queue.tab = Some(Topic::Scaling);
    queue.unit = Unit::Count;
    (queue.warn, queue.critical, queue.target) = (Some(100.0), Some(500.0), None);
    queue.values = vec![PanelValue {
        labels: "{}".into(),
        value: 742.0,
    }];
    snapshot.panels = vec![queue];
    let mut state = state_with(snapshot, Topic::Scaling);
    let buffer = draw(&mut state, 160, 40, false);
    let screen = text(&buffer);
    let row = screen
        .lines()
        .position(|l| l.contains("Queue depth 742"))
        .unwrap_or_else(|| panic!("{screen}"));
    let column = screen
        .lines()
        .nth(row)
        .and_then(|l| l.find("742"))
        .expect("value");
    let critical = common::theme()
        .style(opsconsole::ui::theme::Role::Critical)
        .fg;
    let x = u16::try_from(
        screen.lines().nth(row).expect("row")[..column]
            .chars()
            .count(),
    )
    .expect("x");
    assert_eq!(
        buffer[(x, u16::try_from(row).expect("y"))].fg,
        critical.expect("critical colour"),
        "742 > 500 is critical"
    );
}

#[test]
fn the_burn_line_names_the_alert_pair_that_would_page() {
    let mut snapshot = simulator().snapshot();
    let latency = snapshot.latency.as_mut().expect("latency");
    let fast = [20.0, 8.0, 15.0, 2.0, 3.0, 0.5, 0.4];
    let api = &mut latency.services[0];
    // Error ratios that burn api's 0.1 % budget at `fast`.
    let budget = api.objective.budget(Some(0.0), |w| {
        let i = opsconsole::domain::latency::BURN_WINDOWS
            .iter()
            .position(|x| *x == w)?;
        Some(fast[i] * api.objective.error_budget())
    });
    api.burn_rates = budget.burn_rates;
    let mut state = state_with(snapshot, Topic::Latency);
    let screen = text(&draw(&mut state, 160, 40, false));
    assert!(
        screen.contains("PAGE: burn over 14.4× in 1h and 5m"),
        "{screen}"
    );
    assert!(
        screen.contains("5m 20.0x"),
        "every window is listed:\n{screen}"
    );
}
