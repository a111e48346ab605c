//! A tab's second openable table: Scaling's data tier, Security's findings. `w` moves the keys'
//! focus between it and the tab's main table; the focused one is highlighted, selected, sorted
//! and filtered, and Enter opens its row.

use super::{Columns, FindingColumn, TierColumn, TierRow, selected};
use crate::app::{AppState, TableView};
use crate::domain::Topic;
use crate::domain::detail::{Kind, Subject};

/// The second table's view and whether the keys act on it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Secondary {
    pub focused: bool,
    pub view: TableView,
}

impl Secondary {
    fn of<C: Columns>() -> Self {
        let (column, descending) = C::DEFAULT_SORT;
        Self {
            focused: false,
            view: TableView::sorted_by(column.index(), descending),
        }
    }

    /// The second table of `tab`, if it has one.
    pub fn for_tab(tab: Topic) -> Option<Self> {
        match tab {
            Topic::Scaling => Some(Self::of::<TierColumn>()),
            Topic::Security => Some(Self::of::<FindingColumn>()),
            Topic::Latency | Topic::Cost | Topic::Readiness | Topic::Checkpoint => None,
        }
    }

    pub fn column_count(tab: Topic) -> usize {
        match tab {
            Topic::Scaling => TierColumn::ALL.len(),
            Topic::Security => FindingColumn::ALL.len(),
            Topic::Latency | Topic::Cost | Topic::Readiness | Topic::Checkpoint => 0,
        }
    }
}

/// What Enter opens on the current tab's focused second table: a database node or a finding
/// (the cache has no detail of its own).
pub fn selected_subject(state: &AppState) -> Option<Subject> {
    let view = &state.secondary.get(&state.tab).filter(|s| s.focused)?.view;
    let snapshot = state.data.snapshot()?;
    match state.tab {
        Topic::Scaling => {
            match selected::<TierColumn>(&TierRow::of(snapshot.scaling.as_ref()?), view)? {
                TierRow::Database(node) => Some(Subject::new(Kind::Database, node.name.clone())),
                TierRow::Cache(_) => None,
            }
        }
        Topic::Security => {
            let findings = snapshot.security.as_ref()?.findings.as_ref()?;
            selected::<FindingColumn>(&findings.top, view)
                .map(|f| Subject::new(Kind::Finding, FindingColumn::id(f)))
        }
        Topic::Latency | Topic::Cost | Topic::Readiness | Topic::Checkpoint => None,
    }
}
