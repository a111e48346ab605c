//! Security's certificates table.

use super::{ColumnSpec, Columns, SortKey};
use crate::domain::Certificate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertificateColumn {
    Name,
    Expires,
    DaysLeft,
}

impl Columns for CertificateColumn {
    type Row = Certificate;
    const ALL: &'static [Self] = &[Self::Name, Self::Expires, Self::DaysLeft];
    /// The soonest to expire first.
    const DEFAULT_SORT: (Self, bool) = (Self::DaysLeft, false);

    fn spec(self) -> ColumnSpec {
        match self {
            Self::Name => ColumnSpec::text("certificate", "certificate", 0, 14, 30),
            Self::Expires => ColumnSpec::text("expires", "expires", 2, 10, 17),
            Self::DaysLeft => ColumnSpec::number("days left", "days", 1, 6),
        }
    }

    fn sort_key(self, c: &Certificate) -> SortKey {
        match self {
            Self::Name => SortKey::Text(c.name.clone()),
            // Both order by the expiry instant.
            #[allow(clippy::cast_precision_loss)]
            Self::Expires | Self::DaysLeft => SortKey::Number(Some(c.not_after.timestamp() as f64)),
        }
    }

    fn id(c: &Certificate) -> String {
        c.name.clone()
    }
}
