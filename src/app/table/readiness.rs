//! Readiness's checks table.

use super::{ColumnSpec, Columns, SortKey};
use crate::domain::{CheckState, ReadinessCheck};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckColumn {
    Check,
    Category,
    State,
    Owner,
    Evaluated,
    Detail,
}

impl Columns for CheckColumn {
    type Row = ReadinessCheck;
    const ALL: &'static [Self] = &[
        Self::Check,
        Self::Category,
        Self::State,
        Self::Owner,
        Self::Evaluated,
        Self::Detail,
    ];
    const DEFAULT_SORT: (Self, bool) = (Self::Category, false);

    fn spec(self) -> ColumnSpec {
        match self {
            // The check names the row; at 80 columns it keeps room for most names, and the
            // category (also in the summary's per-category line) goes first.
            Self::Check => ColumnSpec::text("check", "check", 0, 26, 36),
            Self::Category => ColumnSpec::text("category", "cat", 5, 14, 14),
            Self::State => ColumnSpec::text("state", "state", 1, 7, 8),
            Self::Owner => ColumnSpec::text("owner", "owner", 4, 8, 12),
            Self::Evaluated => ColumnSpec::number("evaluated", "eval", 3, 9),
            Self::Detail => ColumnSpec::text("detail", "detail", 2, 20, 48),
        }
    }

    #[allow(clippy::cast_precision_loss)]
    fn sort_key(self, c: &ReadinessCheck) -> SortKey {
        match self {
            Self::Category => SortKey::Number(Some(f64::from(c.category as u8))),
            Self::Check => SortKey::Text(c.name.clone()),
            // Problems first: fail, error, unknown, warn before pass.
            Self::State => SortKey::rank(match c.state {
                CheckState::Fail => 0,
                CheckState::Error => 1,
                CheckState::Unknown => 2,
                CheckState::Warn => 3,
                CheckState::Pass => 4,
                CheckState::NotApplicable => 5,
            }),
            Self::Owner => SortKey::Text(c.owner.clone()),
            Self::Evaluated => SortKey::Number(c.evaluated_at.map(|t| t.timestamp() as f64)),
            Self::Detail => SortKey::Text(c.detail.clone()),
        }
    }

    fn id(c: &ReadinessCheck) -> String {
        c.id.clone()
    }

    fn filter_text(c: &ReadinessCheck) -> String {
        format!(
            "{} {} {} {}",
            c.category.label(),
            c.name,
            c.state.label(),
            c.owner
        )
    }
}
