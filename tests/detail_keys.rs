//! Enter opens the selected row's detail on every tab and Esc comes back to the same row; the
//! sources are told to fetch the subject's extras while it is open, and told to stop after; a
//! detail whose object disappears keeps its last view, says so, and does not panic.

mod checkpoint_support;
mod common;

use opsconsole::app::{Action, AppState, Effect, Message, Topic, update};
use opsconsole::domain::detail::{Kind, Subject};
use opsconsole::domain::{SourceId, SourceUpdate};

use checkpoint_support::{report, showing};
use common::{draw, lines, simulator, state_with};

fn press(state: &mut AppState, action: Action) -> Vec<Effect> {
    update(state, Message::User(action))
}

/// Each tab with the kind its rows open as.
const TABS: [(Topic, Kind); 6] = [
    (Topic::Scaling, Kind::Group),
    (Topic::Latency, Kind::Service),
    (Topic::Cost, Kind::Cost),
    (Topic::Security, Kind::Certificate),
    (Topic::Readiness, Kind::Check),
    (Topic::Checkpoint, Kind::Criterion),
];

#[test]
fn enter_opens_the_selected_row_and_esc_returns_to_it_on_every_tab() {
    let snapshot = simulator().snapshot();
    for (tab, kind) in TABS {
        let mut state = if tab == Topic::Checkpoint {
            showing(report())
        } else {
            state_with(snapshot.clone(), tab)
        };
        press(&mut state, Action::SelectNext);
        let row = opsconsole::app::table::selected_row(&state).expect("a row is selected");
        let effects = press(&mut state, Action::Open);
        let subject = Subject::new(kind, row.clone());
        assert_eq!(
            effects,
            vec![Effect::Focus(Some(subject.clone()))],
            "{tab:?}"
        );
        let detail = state.detail.as_ref().expect("open");
        assert_eq!(detail.subject, subject);
        assert!(detail.document.is_some(), "{subject}: {:?}", detail.missing);
        let screen = lines(&draw(&mut state, 80, 24, false)).join("\n");
        assert!(
            screen.contains(&format!("{} › {row}", tab.title())),
            "{subject}: the path leads the view\n{screen}"
        );
        assert_eq!(
            opsconsole::app::table::selected_row(&state).as_deref(),
            Some(row.as_str()),
            "{subject}: runbooks (x) act on the open subject"
        );
        // Movement keys scroll the detail, not the table behind it.
        press(&mut state, Action::ScrollDown);
        assert_eq!(state.detail.as_ref().map(|d| d.scroll), Some(1));
        let effects = press(&mut state, Action::CloseDetail);
        assert_eq!(effects, vec![Effect::Focus(None)], "{tab:?}");
        assert!(state.detail.is_none());
        assert_eq!(
            opsconsole::app::table::selected_row(&state).as_deref(),
            Some(row.as_str()),
            "{tab:?}: back on the same row"
        );
    }
}

#[test]
fn changing_tab_closes_the_detail_and_stops_its_fetching() {
    let mut state = state_with(simulator().snapshot(), Topic::Scaling);
    press(&mut state, Action::Open);
    assert!(state.detail.is_some());
    let effects = press(&mut state, Action::Show(Topic::Latency));
    assert!(effects.contains(&Effect::Focus(None)), "{effects:?}");
    assert_eq!(state.tab, Topic::Latency);
    assert!(state.detail.is_none());
}

#[test]
fn a_detail_whose_object_disappears_keeps_its_last_view_and_says_so() {
    let mut snapshot = simulator().snapshot();
    let mut state = state_with(snapshot.clone(), Topic::Scaling);
    press(&mut state, Action::Open);
    let subject = state
        .detail
        .as_ref()
        .map(|d| d.subject.clone())
        .expect("open");
    // The group is deleted: the next snapshot no longer has it.
    if let Some(scaling) = snapshot.scaling.as_mut() {
        scaling.groups.retain(|g| g.name != subject.name);
    }
    update(
        &mut state,
        Message::Source(SourceUpdate {
            source: SourceId::Simulator,
            result: Ok(Box::new(snapshot)),
        }),
    );
    let detail = state.detail.as_ref().expect("still open");
    assert!(detail.document.is_some(), "the last view stays");
    let screen = lines(&draw(&mut state, 80, 24, false)).join(" ");
    assert!(
        screen.contains(&format!("{subject} is not in the latest data")),
        "{screen}"
    );
    assert!(screen.contains("no group named"), "{screen}");
}

#[test]
fn runbooks_in_a_database_detail_get_no_group_row() {
    let mut state = state_with(simulator().snapshot(), Topic::Scaling);
    press(&mut state, Action::SwitchTable);
    press(&mut state, Action::Open);
    let subject = state
        .detail
        .as_ref()
        .map(|d| d.subject.clone())
        .expect("open");
    assert_eq!(subject.kind, Kind::Database);
    // Scaling's runbooks take a group: a database name would be the wrong object.
    assert_eq!(opsconsole::app::table::selected_row(&state), None);
}

#[test]
fn inspect_in_a_detail_names_where_its_figures_come_from() {
    let simulator = simulator();
    let mut snapshot = simulator.snapshot();
    let api = Subject::new(Kind::Service, "api");
    snapshot.detail = simulator.detail(&api);
    let mut state = state_with(snapshot, Topic::Latency);
    opsconsole::app::detail::open(&mut state, api.clone());
    press(&mut state, Action::Inspect);
    let screen = lines(&draw(&mut state, 160, 50, false)).join("\n");
    assert!(
        screen.contains("where the figures of service/api come from"),
        "{screen}"
    );
    let provenance = &state.detail.as_ref().expect("open").provenance;
    assert!(!provenance.is_empty(), "the simulator names its figures");
    assert!(
        screen.contains(&provenance[0].figure),
        "{}: {screen}",
        provenance[0].figure
    );
}
