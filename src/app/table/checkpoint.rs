//! The Checkpoint's criteria table.

use super::{ColumnSpec, Columns, SortKey};
use crate::domain::checkpoint::{CriterionResult, Verdict};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CriterionColumn {
    Criterion,
    Target,
    ThisWeek,
    LastWeek,
    Change,
    Status,
    History,
    Owner,
}

impl Columns for CriterionColumn {
    type Row = CriterionResult;
    const ALL: &'static [Self] = &[
        Self::Criterion,
        Self::Target,
        Self::ThisWeek,
        Self::LastWeek,
        Self::Change,
        Self::Status,
        Self::History,
        Self::Owner,
    ];
    const DEFAULT_SORT: (Self, bool) = (Self::Criterion, false);

    fn spec(self) -> ColumnSpec {
        // The figures' minimum is the bare number; the preferred width leaves room for the
        // unit (`2,412 req/s`), which the tab adds only where every figure has that room. The
        // target is as wide as the defaults' longest (`> 2,300 req/s`): without units beside
        // the figures, it is the column that says what they count.
        let figure = |title, short, min, preferred| ColumnSpec {
            preferred,
            ..ColumnSpec::number(title, short, 1, min)
        };
        match self {
            Self::Criterion => ColumnSpec::text("criterion", "criterion", 0, 20, 30),
            Self::Target => ColumnSpec::text("target", "target", 2, 13, 13),
            Self::ThisWeek => figure("this week", "this wk", 7, 11),
            Self::LastWeek => figure("last week", "last wk", 7, 11),
            Self::Change => ColumnSpec {
                preferred: 14,
                ..ColumnSpec::number("change", "chg", 3, 8)
            },
            Self::Status => ColumnSpec::text("status", "status", 1, 7, 8),
            Self::History => ColumnSpec::text("8 weeks", "8 wk", 4, 8, 8),
            Self::Owner => ColumnSpec::text("owner", "owner", 5, 8, 14),
        }
    }

    fn sort_key(self, c: &CriterionResult) -> SortKey {
        match self {
            Self::Criterion => SortKey::Text(c.name.clone()),
            Self::Target => SortKey::Text(c.target_text.clone()),
            Self::ThisWeek => SortKey::Number(c.this_week),
            Self::LastWeek => SortKey::Number(c.last_week),
            // Worse first, then unchanged or not comparable, then better.
            Self::Change => SortKey::rank(match c.improved() {
                Some(false) => 0,
                None => 1,
                Some(true) => 2,
            }),
            // Problems first.
            Self::Status => SortKey::rank(match c.verdict {
                Verdict::Missed => 0,
                Verdict::Unknown => 1,
                Verdict::Met => 2,
            }),
            // The least often met first.
            Self::History => SortKey::rank(
                c.history
                    .iter()
                    .filter(|w| w.verdict == Verdict::Met)
                    .count(),
            ),
            Self::Owner => SortKey::Text(c.owner.clone()),
        }
    }

    fn id(c: &CriterionResult) -> String {
        c.name.clone()
    }

    fn filter_text(c: &CriterionResult) -> String {
        format!(
            "{} {} {} {}",
            c.name,
            c.target_text,
            c.verdict.label(),
            c.owner
        )
    }
}
