//! Scaling's events table: what changed when, how long the trigger took to act and the new
//! capacity to arrive. Not selectable: shown newest first, as the source keeps them.

use super::{ColumnSpec, Columns, SortKey};
use crate::domain::ScalingEvent;
use crate::domain::scaling_event::seconds;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventColumn {
    When,
    Group,
    Change,
    Trigger,
    Provisioning,
    Reason,
}

impl Columns for EventColumn {
    type Row = ScalingEvent;
    const ALL: &'static [Self] = &[
        Self::When,
        Self::Group,
        Self::Change,
        Self::Trigger,
        Self::Provisioning,
        Self::Reason,
    ];
    const DEFAULT_SORT: (Self, bool) = (Self::When, true);

    fn spec(self) -> ColumnSpec {
        match self {
            // "Sun 10:50" for events older than a day.
            Self::When => ColumnSpec::text("time", "time", 0, 9, 9),
            Self::Group => ColumnSpec::text("group", "group", 2, 6, 10),
            // "out 9 → 11", "in 11 → 10".
            Self::Change => ColumnSpec::text("change", "change", 1, 10, 11),
            // "≥2m50s", "manual", "unknown".
            Self::Trigger => ColumnSpec::text("trigger", "trig", 1, 7, 7),
            // "rm 1m20s" for a scale-in's removal, "pending", "failed".
            Self::Provisioning => ColumnSpec::text("provision", "prov", 1, 9, 9),
            // Last, so it takes the width left over rather than pushing the figures away from the times.
            Self::Reason => ColumnSpec::text("reason", "reason", 3, 10, 200),
        }
    }

    fn sort_key(self, e: &ScalingEvent) -> SortKey {
        let number = match self {
            #[allow(clippy::cast_precision_loss)]
            Self::When => Some(e.at.timestamp() as f64),
            Self::Group => return SortKey::Text(e.group.clone()),
            Self::Change => Some(f64::from(e.to) - f64::from(e.from)),
            Self::Trigger => e.trigger_delay().map(seconds),
            Self::Provisioning => e.provisioning_time().or(e.removal_time()).map(seconds),
            Self::Reason => return SortKey::Text(e.reason.clone()),
        };
        SortKey::Number(number)
    }

    /// A group changes once at a time.
    fn id(e: &ScalingEvent) -> String {
        format!("{} {}", e.group, e.at.to_rfc3339())
    }

    fn filter_text(e: &ScalingEvent) -> String {
        format!("{} {}", e.group, e.reason)
    }
}
