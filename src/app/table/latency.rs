//! Latency's services table.

use super::{ColumnSpec, Columns, SortKey};
use crate::domain::ServiceLatency;
use crate::domain::slo::Exhaustion;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceColumn {
    Service,
    P50,
    P90,
    P95,
    P99,
    Rate,
    Errors,
    Objective,
    LatencyObjective,
    Budget,
    Burn1h,
    Burn6h,
    Exhaustion,
}

impl Columns for ServiceColumn {
    type Row = ServiceLatency;
    const ALL: &'static [Self] = &[
        Self::Service,
        Self::P50,
        Self::P90,
        Self::P95,
        Self::P99,
        Self::Rate,
        Self::Errors,
        Self::Objective,
        Self::LatencyObjective,
        Self::Budget,
        Self::Burn1h,
        Self::Burn6h,
        Self::Exhaustion,
    ];
    const DEFAULT_SORT: (Self, bool) = (Self::Service, false);

    fn spec(self) -> ColumnSpec {
        match self {
            Self::Service => ColumnSpec::text("service", "service", 0, 10, 18),
            Self::P50 => ColumnSpec::number("p50", "p50", 6, 7),
            Self::P90 => ColumnSpec::number("p90", "p90", 7, 7),
            Self::P95 => ColumnSpec::number("p95", "p95", 5, 7),
            Self::P99 => ColumnSpec::number("p99", "p99", 1, 7),
            Self::Rate => ColumnSpec::number("req/s", "req/s", 3, 7),
            Self::Errors => ColumnSpec::number("errors", "err", 1, 7),
            Self::Objective => ColumnSpec::number("objective", "obj", 6, 9),
            Self::LatencyObjective => ColumnSpec::text("latency objective", "lat obj", 8, 14, 17),
            Self::Budget => ColumnSpec::number("budget", "budget", 2, 7),
            Self::Burn1h => ColumnSpec::number("burn 1h", "1h", 2, 7),
            Self::Burn6h => ColumnSpec::number("burn 6h", "6h", 4, 7),
            Self::Exhaustion => ColumnSpec::number("exhausted in", "empty in", 3, 8),
        }
    }

    fn sort_key(self, s: &ServiceLatency) -> SortKey {
        let number = match self {
            Self::Service => return SortKey::Text(s.name.clone()),
            Self::P50 => s.p50_ms,
            Self::P90 => s.p90_ms,
            Self::P95 => s.p95_ms,
            Self::P99 => s.p99_ms,
            Self::Rate => s.requests_per_second,
            Self::Errors => s.error_ratio,
            Self::Objective => Some(s.objective.availability),
            Self::LatencyObjective => Some(s.objective.latency_threshold_ms),
            Self::Budget => s.error_budget_remaining,
            Self::Burn1h => s.burn("1h"),
            Self::Burn6h => s.burn("6h"),
            Self::Exhaustion => match s.time_to_exhaustion {
                Exhaustion::Spent => Some(0.0),
                Exhaustion::InHours(h) => Some(h),
                Exhaustion::Never => Some(f64::MAX),
                Exhaustion::Unknown => None,
            },
        };
        SortKey::Number(number)
    }

    fn id(s: &ServiceLatency) -> String {
        s.name.clone()
    }
}
