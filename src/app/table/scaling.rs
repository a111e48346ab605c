//! Scaling's groups table.

use super::{ColumnSpec, Columns, SortKey};
use crate::domain::ScalingGroup;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupColumn {
    Group,
    Type,
    InService,
    Desired,
    Limits,
    Cpu,
    Memory,
    Status,
}

impl Columns for GroupColumn {
    type Row = ScalingGroup;
    const ALL: &'static [Self] = &[
        Self::Group,
        Self::Type,
        Self::InService,
        Self::Desired,
        Self::Limits,
        Self::Cpu,
        Self::Memory,
        Self::Status,
    ];
    const DEFAULT_SORT: (Self, bool) = (Self::Group, false);

    fn spec(self) -> ColumnSpec {
        match self {
            Self::Group => ColumnSpec::text("group", "group", 0, 8, 14),
            Self::Type => ColumnSpec::text("type", "type", 5, 11, 12),
            Self::InService => ColumnSpec::number("in svc", "in", 1, 6),
            Self::Desired => ColumnSpec::number("desired", "want", 2, 7),
            Self::Limits => ColumnSpec::number("min-max", "lim", 3, 7),
            Self::Cpu => ColumnSpec::number("cpu", "cpu", 1, 7),
            Self::Memory => ColumnSpec::number("memory", "mem", 4, 7),
            // Last, so it takes the width left over rather than pushing the figures away from the names.
            Self::Status => ColumnSpec::text("status", "status", 1, 9, 80),
        }
    }

    fn sort_key(self, g: &ScalingGroup) -> SortKey {
        match self {
            Self::Group => SortKey::Text(g.name.clone()),
            Self::Type => SortKey::Text(g.instance_type.clone()),
            Self::InService => SortKey::Number(Some(f64::from(g.in_service))),
            Self::Desired => SortKey::Number(Some(f64::from(g.desired))),
            Self::Limits => SortKey::Number(Some(f64::from(g.max))),
            Self::Cpu => SortKey::Number(g.cpu_percent),
            Self::Memory => SortKey::Number(g.memory_percent),
            // Saturated ranks above at max, at max above the rest.
            Self::Status => SortKey::Number(Some(f64::from(
                2 * u8::from(g.saturated()) + u8::from(g.at_max()),
            ))),
        }
    }

    fn id(g: &ScalingGroup) -> String {
        g.name.clone()
    }

    fn filter_text(g: &ScalingGroup) -> String {
        format!("{} {}", g.name, g.instance_type)
    }
}
