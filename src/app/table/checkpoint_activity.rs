//! The Checkpoint's secondary table: the runbook runs begun in the week (from the audit
//! trail). Not selectable: the tab draws it as lines in its activity panel, with these
//! columns dropped by priority where the panel is narrow.

use super::{ColumnSpec, Columns, SortKey};
use crate::domain::checkpoint::RunSummary;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunColumn {
    When,
    Runbook,
    Target,
    User,
    Outcome,
}

impl Columns for RunColumn {
    type Row = RunSummary;
    const ALL: &'static [Self] = &[
        Self::When,
        Self::Runbook,
        Self::Target,
        Self::User,
        Self::Outcome,
    ];
    const DEFAULT_SORT: (Self, bool) = (Self::When, false);

    fn spec(self) -> ColumnSpec {
        match self {
            // `Tue 10:00`: in a log of the week, the time names the row.
            Self::When => ColumnSpec::text("when", "when", 0, 9, 9),
            Self::Runbook => ColumnSpec::text("runbook", "runbook", 1, 15, 20),
            Self::Target => ColumnSpec::text("target", "target", 3, 6, 12),
            Self::User => ColumnSpec::text("user", "user", 4, 6, 10),
            Self::Outcome => ColumnSpec::text("outcome", "outcome", 2, 10, 10),
        }
    }

    #[allow(clippy::cast_precision_loss)]
    fn sort_key(self, run: &RunSummary) -> SortKey {
        match self {
            Self::When => SortKey::Number(Some(run.at.timestamp() as f64)),
            Self::Runbook => SortKey::Text(run.runbook.clone()),
            Self::Target => SortKey::Text(run.target.clone()),
            Self::User => SortKey::Text(run.user.clone()),
            Self::Outcome => SortKey::Text(run.outcome.clone()),
        }
    }

    fn id(run: &RunSummary) -> String {
        run.run.clone()
    }
}
