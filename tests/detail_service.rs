//! The service detail on the seeded demo: its figures are the Latency tab's, read off the same
//! row (never recomputed), and its endpoints add up to the service.

use chrono::{TimeZone, Utc};
use opsconsole::app::detail::{Block, Detail, Document, Inputs, Missing, build};
use opsconsole::config::DEFAULT_SEED;
use opsconsole::domain::detail::{Extras, Kind, Subject};
use opsconsole::domain::{FleetSnapshot, Unit};
use opsconsole::sources::simulator::{Simulator, SimulatorConfig};

/// The demo's Wednesday afternoon surge, as the consistency test takes it.
fn fleet() -> Simulator {
    let at = Utc.with_ymd_and_hms(2026, 11, 18, 15, 0, 0).unwrap();
    Simulator::new(SimulatorConfig::new(DEFAULT_SEED, at))
}

fn opened(simulator: &Simulator, name: &str) -> FleetSnapshot {
    let mut snapshot = simulator.snapshot();
    snapshot.detail = simulator.detail(&Subject::new(Kind::Service, name));
    snapshot
}

/// The text of the fact labelled `label` in `document`.
fn fact(document: &Document, label: &str) -> String {
    document
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Facts { facts } => Some(facts),
            _ => None,
        })
        .flatten()
        .find(|f| f.label == label)
        .unwrap_or_else(|| panic!("no fact {label:?}"))
        .value
        .clone()
}

#[test]
fn the_detail_says_what_the_tab_says_and_endpoints_add_up() {
    let simulator = fleet();
    let names: Vec<String> = simulator
        .snapshot()
        .latency
        .expect("latency")
        .services
        .iter()
        .map(|s| s.name.clone())
        .collect();
    assert_eq!(names.len(), 8);
    for name in &names {
        let snapshot = opened(&simulator, name);
        let inputs = Inputs {
            snapshot: Some(&snapshot),
            report: None,
        };
        let Ok(Detail::Service(detail)) = build(&inputs, &Subject::new(Kind::Service, name)) else {
            panic!("{name} builds as a service");
        };
        let row = snapshot
            .latency
            .as_ref()
            .and_then(|l| l.services.iter().find(|s| &s.name == name))
            .expect("the tab's row");
        assert_eq!(&detail.row, row, "{name}: the tab's own row");
        let document = detail.document();
        assert_eq!(
            fact(&document, "p99 latency"),
            Unit::Milliseconds.text(row.p99_ms)
        );
        assert_eq!(
            fact(&document, "budget left"),
            Unit::Ratio.text(row.error_budget_remaining)
        );
        assert_eq!(
            fact(&document, "exhausted in"),
            row.time_to_exhaustion.text()
        );
        let Some(Extras::Service(extras)) = snapshot.detail.as_ref().map(|d| &d.extras) else {
            panic!("{name}: the simulator has extras");
        };
        // The availability SLI and the row's budget come from the same summed counts.
        let sli = extras.availability_sli.expect("an availability SLI");
        let remaining = row.error_budget_remaining.expect("a budget");
        let budget = row.objective.error_budget();
        assert!(
            ((1.0 - sli) / budget - (1.0 - remaining)).abs() < 1e-9,
            "{name}: SLI {sli} vs budget left {remaining}"
        );
        assert!(extras.latency_sli.is_some_and(|l| (0.0..=1.0).contains(&l)));
        let endpoints = extras.endpoints.as_ref().expect("endpoints");
        assert!(endpoints.len() >= 2, "{name}: a few routes");
        let rps: f64 = endpoints.iter().filter_map(|e| e.requests_per_second).sum();
        let errors: f64 = endpoints
            .iter()
            .map(|e| e.requests_per_second.expect("a rate") * e.error_ratio.expect("a ratio"))
            .sum();
        let service_rps = row.requests_per_second.expect("rps");
        assert!((rps - service_rps).abs() < 1e-9 * service_rps, "{name}");
        let ratio = row.error_ratio.expect("an error ratio");
        assert!((errors / rps - ratio).abs() < 1e-12, "{name}");
        // The model's endpoints, sorted worst first in the detail.
        let shown = detail.extras.as_ref().and_then(|e| e.endpoints.as_ref());
        assert_eq!(shown.map(Vec::len), Some(endpoints.len()));
        // Alerts are exactly the snapshot's that name the service.
        let named = snapshot
            .alerts
            .iter()
            .filter(|a| a.labels.contains(&("service".to_string(), name.clone())))
            .count();
        assert_eq!(detail.alerts.len(), named);
    }
}

#[test]
fn histories_reach_now_and_the_budget_chart_ends_near_the_row() {
    let simulator = fleet();
    let snapshot = opened(&simulator, "api");
    let Some(Extras::Service(extras)) = snapshot.detail.as_ref().map(|d| &d.extras) else {
        panic!("extras");
    };
    let row = &snapshot.latency.as_ref().expect("latency").services[0];
    for series in [&extras.p50_ms, &extras.p90_ms, &extras.p95_ms] {
        let series = series.as_ref().expect("a history");
        assert_eq!(series.end, row.p99_history.fine.end);
        assert_eq!(series.values.len(), row.p99_history.fine.values.len());
    }
    let p = |s: &Option<opsconsole::domain::Series>| s.as_ref().and_then(|s| s.last());
    assert!(p(&extras.p50_ms) < p(&extras.p90_ms) && p(&extras.p90_ms) < p(&extras.p95_ms));
    let budget = extras.budget_remaining.as_ref().expect("budget history");
    assert!(
        budget.end <= simulator.now() && simulator.now() - budget.end < chrono::Duration::hours(1)
    );
    // The last completed hour's window against the row's (which adds the hour under way).
    let last = budget.last().expect("a point");
    let remaining = row.error_budget_remaining.expect("a budget");
    assert!((last - remaining).abs() < 0.05, "{last} vs {remaining}");
}

#[test]
fn an_unknown_service_lists_what_exists() {
    let snapshot = fleet().snapshot();
    let inputs = Inputs {
        snapshot: Some(&snapshot),
        report: None,
    };
    match build(&inputs, &Subject::new(Kind::Service, "nope")) {
        Err(Missing::NotFound { known, .. }) => assert!(known.contains(&"checkout".to_string())),
        other => panic!("{other:?}"),
    }
}
