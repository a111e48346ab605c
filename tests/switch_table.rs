//! `w` moves the keys to a tab's second table (Scaling's data tier, Security's findings):
//! j/k move its selection, not the main table's; Enter opens its row; Esc comes back to it.

mod common;

use common::{draw, keymap, lines, simulator, state_with};
use opsconsole::app::table::{
    Columns, FindingColumn, TierColumn, TierRow, order, selected_subject,
};
use opsconsole::app::{AppState, Effect, TableView, Topic, update};
use opsconsole::domain::detail::{Kind, Subject};
use opsconsole::input::translate_key;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(state: &mut AppState, code: KeyCode) -> Vec<Effect> {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    match translate_key(&key, state, &keymap()) {
        Some(message) => update(state, message),
        None => Vec::new(),
    }
}

fn typed(state: &mut AppState, text: &str) {
    for c in text.chars() {
        press(state, KeyCode::Char(c));
    }
}

fn default_view<C: Columns>() -> TableView {
    TableView::sorted_by(C::DEFAULT_SORT.0.index(), C::DEFAULT_SORT.1)
}

#[test]
fn on_scaling_w_then_enter_opens_the_data_tiers_database_and_esc_returns_to_it() {
    let snapshot = simulator().snapshot();
    let rows = TierRow::of(snapshot.scaling.as_ref().expect("scaling"));
    let shown = order::<TierColumn>(&rows, &default_view::<TierColumn>());
    let second = rows[shown[1]].name().to_string();
    let mut state = state_with(snapshot, Topic::Scaling);
    typed(&mut state, "wj");
    assert_eq!(
        state.table(Topic::Scaling).selected,
        0,
        "the groups stay put"
    );
    let effects = press(&mut state, KeyCode::Enter);
    let subject = Subject::new(Kind::Database, second);
    assert_eq!(effects, [Effect::Focus(Some(subject.clone()))]);
    assert_eq!(state.detail.as_ref().map(|d| &d.subject), Some(&subject));
    press(&mut state, KeyCode::Esc);
    assert!(state.detail.is_none());
    assert_eq!(selected_subject(&state), Some(subject), "the same row");
    typed(&mut state, "w");
    assert_eq!(
        selected_subject(&state),
        Some(Subject::new(Kind::Group, "web")),
        "w again: back on the groups"
    );
}

#[test]
fn on_security_w_then_enter_opens_the_worst_finding_and_the_focus_shows() {
    let snapshot = simulator().snapshot();
    let top = snapshot
        .security
        .as_ref()
        .and_then(|s| s.findings.clone())
        .expect("findings")
        .top;
    let first = order::<FindingColumn>(&top, &default_view::<FindingColumn>())[0];
    let id = FindingColumn::id(&top[first]);
    let mut state = state_with(snapshot, Topic::Security);
    let before = lines(&draw(&mut state, 120, 40, false));
    assert!(
        before.iter().any(|l| l.contains("w table")),
        "the footer says so"
    );
    assert!(!before.iter().any(|l| l.contains("▶ Worst open")));
    typed(&mut state, "w");
    let after = lines(&draw(&mut state, 120, 40, false));
    assert!(
        after.iter().any(|l| l.contains("▶ Worst open")),
        "{after:#?}"
    );
    press(&mut state, KeyCode::Enter);
    let subject = Subject::new(Kind::Finding, id);
    assert_eq!(state.detail.as_ref().map(|d| &d.subject), Some(&subject));
    press(&mut state, KeyCode::Esc);
    assert_eq!(selected_subject(&state), Some(subject));
}

#[test]
fn the_filter_and_sort_act_on_the_focused_table_and_tabs_without_one_ignore_w() {
    let mut state = state_with(simulator().snapshot(), Topic::Scaling);
    typed(&mut state, "w/replica");
    press(&mut state, KeyCode::Enter);
    assert!(state.table(Topic::Scaling).filter.is_empty());
    assert_eq!(state.secondary[&Topic::Scaling].view.filter, "replica");
    let subject = selected_subject(&state).expect("a replica");
    assert!(subject.name.contains("replica"), "{subject}");
    typed(&mut state, "s");
    assert_eq!(state.secondary[&Topic::Scaling].view.sort_column, 2);
    typed(&mut state, "2w");
    assert_eq!(state.tab, Topic::Latency);
    assert!(!state.secondary_focused());
    assert_eq!(
        selected_subject(&state).map(|s| s.kind),
        Some(Kind::Service)
    );
}
