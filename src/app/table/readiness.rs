//! Readiness's checks table.

use super::{ColumnSpec, Columns, SortKey};
use crate::domain::{CheckState, ReadinessCheck};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckColumn {
    Category,
    Check,
    State,
    Owner,
    Evaluated,
    Detail,
}

impl Columns for CheckColumn {
    type Row = ReadinessCheck;
    const ALL: &'static [Self] = &[
        Self::Category,
        Self::Check,
        Self::State,
        Self::Owner,
        Self::Evaluated,
        Self::Detail,
    ];
    const DEFAULT_SORT: (Self, bool) = (Self::Category, false);

    fn spec(self) -> ColumnSpec {
        match self {
            Self::Category => ColumnSpec::text("category", "cat", 3, 10, 15),
            Self::Check => ColumnSpec::text("check", "check", 0, 20, 34),
            Self::State => ColumnSpec::text("state", "state", 1, 7, 8),
            Self::Owner => ColumnSpec::text("owner", "owner", 4, 8, 14),
            Self::Evaluated => ColumnSpec::number("evaluated", "eval", 5, 9),
            Self::Detail => ColumnSpec::text("detail", "detail", 2, 16, 40),
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
