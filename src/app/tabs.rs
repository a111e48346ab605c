//! The tabs, in display order.

use crate::domain::Topic;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TabId {
    Scaling,
    Latency,
    Cost,
    Security,
    Readiness,
    Checkpoint,
}

impl TabId {
    pub const ALL: [Self; 6] = [
        Self::Scaling,
        Self::Latency,
        Self::Cost,
        Self::Security,
        Self::Readiness,
        Self::Checkpoint,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Self::Scaling => "Scaling",
            Self::Latency => "Latency",
            Self::Cost => "Cost",
            Self::Security => "Security",
            Self::Readiness => "Readiness",
            Self::Checkpoint => "Checkpoint",
        }
    }

    /// What the tab is about: alerts and panels name it.
    pub fn topic(self) -> Topic {
        match self {
            Self::Scaling => Topic::Scaling,
            Self::Latency => Topic::Latency,
            Self::Cost => Topic::Cost,
            Self::Security => Topic::Security,
            Self::Readiness => Topic::Readiness,
            Self::Checkpoint => Topic::Checkpoint,
        }
    }

    /// Lower-case name used in config files and on the command line.
    pub fn name(self) -> &'static str {
        self.topic().name()
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }

    fn index(self) -> usize {
        self as usize
    }

    pub fn next(self) -> Self {
        Self::ALL[(self.index() + 1) % Self::ALL.len()]
    }

    pub fn previous(self) -> Self {
        Self::ALL[(self.index() + Self::ALL.len() - 1) % Self::ALL.len()]
    }
}

impl TabId {
    /// Sortable columns of the tab's main table, in display order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Self::Scaling => &[
                "group", "type", "in svc", "desired", "min-max", "cpu", "memory", "status",
            ],
            Self::Latency => &[
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
            Self::Cost => &["service", "month to date", "share"],
            Self::Security => &["certificate", "expires", "days left"],
            Self::Readiness => &["category", "check", "state", "owner", "evaluated", "detail"],
            Self::Checkpoint => &[
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
    pub fn default_sort(self) -> (usize, bool) {
        match self {
            Self::Scaling | Self::Latency | Self::Readiness | Self::Checkpoint => (0, false),
            Self::Cost => (1, true),
            Self::Security => (2, false),
        }
    }
}
