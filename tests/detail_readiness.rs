//! Readiness check details on the seeded demo: the detail's state, evidence, owner and last
//! evaluation are the tab's row, and its history is ordered, made of changes, and ends in the
//! state the tab shows. (Criterion details are tested beside their model, on the checkpoint's
//! fixture report.)

mod common;

use common::simulator;
use opsconsole::app::detail::{Block, Detail, Inputs, build};
use opsconsole::domain::detail::{Extras, Kind, Subject};

#[test]
fn a_checks_history_is_its_state_changes_ending_where_the_tab_is() {
    let simulator = simulator();
    let snapshot = simulator.snapshot();
    let checks = &snapshot.readiness.as_ref().expect("readiness").checks;
    let mut changed = 0;
    for row in checks {
        let subject = Subject::new(Kind::Check, row.id.clone());
        let mut focused = snapshot.clone();
        focused.detail = simulator.detail(&subject);
        let Some(Extras::Check(extras)) = focused.detail.as_ref().map(|d| &d.extras) else {
            panic!("the simulator has a history for {}", row.id);
        };
        let history = &extras.history;
        assert!(history.windows(2).all(|w| w[0].0 < w[1].0), "{history:?}");
        assert!(history.windows(2).all(|w| w[0].1 != w[1].1), "{history:?}");
        assert_eq!(history.last().map(|h| h.1), Some(row.state), "{}", row.name);
        assert!(history.iter().all(|h| h.0 <= snapshot.taken_at));
        changed += usize::from(history.len() > 1);

        let inputs = Inputs {
            snapshot: Some(&focused),
            report: None,
        };
        let Ok(Detail::Check(detail)) = build(&inputs, &subject) else {
            panic!("a check");
        };
        assert_eq!(&detail.row, row);
        let document = detail.document();
        let Block::Facts { facts } = &document.sections[0].blocks[1] else {
            panic!("the Now facts");
        };
        let value = |label: &str| {
            facts
                .iter()
                .find(|f| f.label == label)
                .map(|f| (f.value.clone(), f.health))
        };
        assert_eq!(
            value("state"),
            Some((row.state.label().to_string(), Some(row.state.health())))
        );
        assert_eq!(value("evidence"), Some((row.detail.clone(), None)));
        assert_eq!(value("owner"), Some((row.owner.clone(), None)));
        let Block::Table(table) = &document.sections[1].blocks[0] else {
            panic!("the history table");
        };
        assert_eq!(table.rows.len(), history.len());
        assert_eq!(table.rows[0][1].text, row.state.label(), "newest first");
        assert_eq!(table.rows[0][2].text, "now");
    }
    // Live checks follow the fleet through eight days of traffic: some of them change.
    assert!(changed > 0, "no check changed state in eight days");
}

#[test]
fn the_model_evaluates_checks_hourly_over_its_recorded_history() {
    let simulator = simulator();
    let subject = Subject::new(Kind::Check, "live-03");
    let Some(Extras::Check(extras)) = simulator.detail(&subject).map(|d| d.extras) else {
        panic!("CPU under 75% has a history");
    };
    let first = extras.history.first().expect("an entry").0;
    // Recorded from eight days before the start, on the hour.
    assert_eq!(first, common::start() - chrono::Duration::days(8));
    assert!(
        extras
            .history
            .iter()
            .all(|(at, _)| at.timestamp() % 3600 == 0)
    );
}
