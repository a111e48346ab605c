//! Cost's spend-by-service table.

use super::{ColumnSpec, Columns, SortKey};
use crate::domain::ServiceCost;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostColumn {
    Service,
    MonthToDate,
    Share,
}

impl Columns for CostColumn {
    type Row = ServiceCost;
    const ALL: &'static [Self] = &[Self::Service, Self::MonthToDate, Self::Share];
    /// The biggest spenders first.
    const DEFAULT_SORT: (Self, bool) = (Self::MonthToDate, true);

    fn spec(self) -> ColumnSpec {
        match self {
            Self::Service => ColumnSpec::text("service", "service", 0, 12, 32),
            Self::MonthToDate => ColumnSpec::number("month to date", "MTD", 1, 12),
            Self::Share => ColumnSpec::number("share", "share", 2, 6),
        }
    }

    fn sort_key(self, s: &ServiceCost) -> SortKey {
        match self {
            Self::Service => SortKey::Text(s.service.clone()),
            // The share orders as the amount does.
            Self::MonthToDate | Self::Share => SortKey::Number(Some(s.month_to_date)),
        }
    }

    fn id(s: &ServiceCost) -> String {
        s.service.clone()
    }
}
