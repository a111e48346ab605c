//! Typed tables: placeholder until the columns move here.

use crate::domain::Topic;

/// Sortable columns of the tab's main table, in display order.
pub fn columns(tab: Topic) -> &'static [&'static str] {
    match tab {
        Topic::Scaling => &[
            "group", "type", "in svc", "desired", "min-max", "cpu", "memory", "status",
        ],
        Topic::Latency => &[
            "service",
            "p50",
            "p90",
            "p95",
            "p99",
            "req/s",
            "errors",
            "objective",
            "latency objective",
            "budget",
            "burn 1h",
            "burn 6h",
            "exhausted in",
        ],
        Topic::Cost => &["service", "month to date", "share"],
        Topic::Security => &["certificate", "expires", "days left"],
        Topic::Readiness => &["category", "check", "state", "owner", "evaluated", "detail"],
        Topic::Checkpoint => &[
            "criterion",
            "target",
            "this week",
            "last week",
            "change",
            "status",
            "8 weeks",
            "owner",
        ],
    }
}

/// (column, descending) a table starts with: the order that answers the tab's question.
pub fn default_sort(tab: Topic) -> (usize, bool) {
    match tab {
        Topic::Scaling | Topic::Latency | Topic::Readiness | Topic::Checkpoint => (0, false),
        Topic::Cost => (1, true),
        Topic::Security => (2, false),
    }
}
