//! Which typed table is each tab's main table: its column count, default order and the
//! selected row's identity, read from state (never from the renderer).

use super::{
    CertificateColumn, CheckColumn, Columns, CostColumn, CriterionColumn, GroupColumn,
    ServiceColumn, selected,
};
use crate::app::{AppState, TableView};
use crate::domain::Topic;
use crate::domain::detail::{Kind, Subject};

fn count<C: Columns>() -> usize {
    C::ALL.len()
}

/// Columns of the table the keys act on: the second one when focused.
pub fn focused_column_count(state: &AppState) -> usize {
    if state.secondary_focused() {
        super::Secondary::column_count(state.tab)
    } else {
        column_count(state.tab)
    }
}

pub fn column_count(tab: Topic) -> usize {
    match tab {
        Topic::Scaling => count::<GroupColumn>(),
        Topic::Latency => count::<ServiceColumn>(),
        Topic::Cost => count::<CostColumn>(),
        Topic::Security => count::<CertificateColumn>(),
        Topic::Readiness => count::<CheckColumn>(),
        Topic::Checkpoint => count::<CriterionColumn>(),
    }
}

fn sort<C: Columns>() -> (usize, bool) {
    (C::DEFAULT_SORT.0.index(), C::DEFAULT_SORT.1)
}

/// (column, descending) the tab's table starts with.
pub fn default_sort(tab: Topic) -> (usize, bool) {
    match tab {
        Topic::Scaling => sort::<GroupColumn>(),
        Topic::Latency => sort::<ServiceColumn>(),
        Topic::Cost => sort::<CostColumn>(),
        Topic::Security => sort::<CertificateColumn>(),
        Topic::Readiness => sort::<CheckColumn>(),
        Topic::Checkpoint => sort::<CriterionColumn>(),
    }
}

fn id<C: Columns>(rows: &[C::Row], view: &TableView) -> Option<String> {
    selected::<C>(rows, view).map(C::id)
}

/// The kind of the rows of `tab`'s main table.
fn main_kind(tab: Topic) -> Kind {
    match tab {
        Topic::Scaling => Kind::Group,
        Topic::Latency => Kind::Service,
        Topic::Cost => Kind::Cost,
        Topic::Security => Kind::Certificate,
        Topic::Readiness => Kind::Check,
        Topic::Checkpoint => Kind::Criterion,
    }
}

/// What Enter opens on the current tab: the selected row as a detail subject, from the second
/// table when the keys are on it.
pub fn selected_subject(state: &AppState) -> Option<Subject> {
    if state.secondary_focused() {
        return super::secondary::selected_subject(state);
    }
    main_row(state).map(|name| Subject::new(main_kind(state.tab), name))
}

/// Whether the tab's runbooks act on rows of `kind`: its main table's, and Security's findings
/// (`mark-finding`). Other second tables' rows are not (a database is no scaling group).
fn acted_on(tab: Topic, kind: Kind) -> bool {
    kind == main_kind(tab) || (tab == Topic::Security && kind == Kind::Finding)
}

/// The identity of the row selected on the current tab, as it shows it now; with a detail
/// open, its subject (runbooks act on what is shown). Only rows the tab's runbooks act on.
pub fn selected_row(state: &AppState) -> Option<String> {
    if let Some(detail) = &state.detail {
        let subject = &detail.subject;
        return acted_on(detail.from, subject.kind).then(|| subject.name.clone());
    }
    if state.secondary_focused() {
        let subject = super::secondary::selected_subject(state)?;
        return acted_on(state.tab, subject.kind).then_some(subject.name);
    }
    main_row(state)
}

/// The identity of the row selected on the current tab's main table.
fn main_row(state: &AppState) -> Option<String> {
    let view = state.table(state.tab);
    if state.tab == Topic::Checkpoint {
        return id::<CriterionColumn>(&state.checkpoint.report()?.criteria, view);
    }
    let snapshot = state.data.snapshot()?;
    match state.tab {
        Topic::Scaling => id::<GroupColumn>(&snapshot.scaling.as_ref()?.groups, view),
        Topic::Latency => id::<ServiceColumn>(&snapshot.latency.as_ref()?.services, view),
        Topic::Cost => id::<CostColumn>(&snapshot.cost.as_ref()?.by_service, view),
        Topic::Security => id::<CertificateColumn>(&snapshot.security.as_ref()?.certificates, view),
        Topic::Readiness => id::<CheckColumn>(&snapshot.readiness.as_ref()?.checks, view),
        Topic::Checkpoint => None,
    }
}
