//! The whole app state: small per-tab states composed, never a god object.

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};

use super::{DataStore, TableView, Topic};

/// Which kind of environment this is; drives the header's colour cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvironmentTier {
    Demo,
    Staging,
    Production,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    pub name: String,
    pub tier: EnvironmentTier,
}

/// One modal at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help {
        scroll: u16,
    },
    /// The panels behind the current tab: queries, raw results, freshness.
    Inspect {
        scroll: u16,
    },
    Alerts {
        selected: usize,
    },
    Environments {
        selected: usize,
    },
    /// The runbooks, those of `tab` first (`None`: opened from the alert list).
    Runbooks {
        selected: usize,
        tab: Option<crate::domain::Topic>,
        /// Opened from the alert list: the selected alert, the row runbooks act on.
        alert: Option<usize>,
    },
    Audit {
        selected: usize,
    },
    /// Runs waiting for a second user's approval.
    Approvals {
        selected: usize,
    },
}

/// Time span of charts and sparklines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartRange {
    OneHour,
    SixHours,
    OneDay,
    SevenDays,
}

impl ChartRange {
    const ALL: [Self; 4] = [Self::OneHour, Self::SixHours, Self::OneDay, Self::SevenDays];

    pub fn span(self) -> Duration {
        match self {
            Self::OneHour => Duration::hours(1),
            Self::SixHours => Duration::hours(6),
            Self::OneDay => Duration::days(1),
            Self::SevenDays => Duration::days(7),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::OneHour => "1h",
            Self::SixHours => "6h",
            Self::OneDay => "24h",
            Self::SevenDays => "7d",
        }
    }

    fn position(self) -> usize {
        self as usize
    }

    pub fn longer(self) -> Self {
        Self::ALL[(self.position() + 1).min(Self::ALL.len() - 1)]
    }

    pub fn shorter(self) -> Self {
        Self::ALL[self.position().saturating_sub(1)]
    }
}

/// The audit trail as last loaded: newest first, and what `verify` found.
#[derive(Debug, Clone)]
pub enum AuditView {
    Loading,
    Loaded {
        records: Vec<crate::domain::audit::AuditRecord>,
        problems: Vec<String>,
    },
    Failed(String),
}

#[derive(Debug)]
pub struct AppState {
    pub environment: Environment,
    /// Every environment the picker offers, the current one included.
    pub environments: Vec<Environment>,
    pub tab: Topic,
    pub overlay: Overlay,
    pub tables: BTreeMap<Topic, TableView>,
    /// The second openable table of the tabs that have one, and whether the keys are on it.
    pub secondary: BTreeMap<Topic, super::table::Secondary>,
    pub chart_range: ChartRange,
    pub data: DataStore,
    /// Problems with the user's files, shown in a banner until fixed.
    pub warnings: Vec<String>,
    pub now: Instant,
    pub wall: DateTime<Utc>,
    pub quit: bool,
    pub runbooks: Vec<crate::domain::runbook::Runbook>,
    /// What the current environment offers runbooks.
    pub capabilities: Vec<crate::domain::runbook::Capability>,
    pub read_only: bool,
    /// The one runbook flow in progress, modal over everything.
    pub flow: Option<super::runbook::RunFlow>,
    pub audit: AuditView,
    pub approvals: super::approvals::ApprovalsView,
    pub checkpoint: super::checkpoint::CheckpointState,
    /// The open detail view, in place of the tab's body.
    pub detail: Option<super::detail::DetailView>,
    dirty: bool,
}

impl AppState {
    pub fn new(
        environment: Environment,
        tab: Topic,
        data: DataStore,
        now: Instant,
        wall: DateTime<Utc>,
    ) -> Self {
        let tables = Topic::ALL
            .into_iter()
            .map(|t| {
                let (column, descending) = super::table::default_sort(t);
                (t, TableView::sorted_by(column, descending))
            })
            .collect();
        let secondary = Topic::ALL
            .into_iter()
            .filter_map(|t| super::table::Secondary::for_tab(t).map(|s| (t, s)))
            .collect();
        Self {
            environments: vec![environment.clone()],
            environment,
            tab,
            overlay: Overlay::None,
            tables,
            secondary,
            chart_range: ChartRange::SixHours,
            data,
            warnings: Vec::new(),
            now,
            wall,
            quit: false,
            runbooks: Vec::new(),
            capabilities: Vec::new(),
            read_only: false,
            flow: None,
            audit: AuditView::Loading,
            approvals: super::approvals::ApprovalsView::default(),
            checkpoint: super::checkpoint::CheckpointState::new(chrono_tz::Tz::UTC),
            detail: None,
            dirty: true,
        }
    }

    pub fn table(&self, tab: Topic) -> &TableView {
        &self.tables[&tab]
    }

    pub fn table_mut(&mut self, tab: Topic) -> &mut TableView {
        self.tables.entry(tab).or_default()
    }

    /// Whether the keys act on the current tab's second table (`w`).
    pub fn secondary_focused(&self) -> bool {
        self.secondary.get(&self.tab).is_some_and(|s| s.focused)
    }

    /// The table the keys act on: the tab's main table, or its second one when focused.
    pub fn focused_table(&self) -> &TableView {
        match self.secondary.get(&self.tab).filter(|s| s.focused) {
            Some(secondary) => &secondary.view,
            None => self.table(self.tab),
        }
    }

    pub fn focused_table_mut(&mut self) -> &mut TableView {
        match self.secondary.get_mut(&self.tab).filter(|s| s.focused) {
            Some(secondary) => &mut secondary.view,
            None => self.tables.entry(self.tab).or_default(),
        }
    }

    /// Moves the keys to the tab's other table, when it has two.
    pub fn switch_table(&mut self) {
        if let Some(secondary) = self.secondary.get_mut(&self.tab) {
            secondary.focused = !secondary.focused;
        }
    }

    /// True while typed characters belong to the filter line rather than the keymap.
    pub fn editing_filter(&self) -> bool {
        self.flow.is_none() && self.overlay == Overlay::None && self.focused_table().editing_filter
    }

    /// True while typed keys belong to a runbook form or a typed confirmation.
    pub fn editing_text(&self) -> bool {
        self.flow
            .as_ref()
            .is_some_and(super::runbook::RunFlow::text_entry)
    }

    pub fn key_context(&self) -> super::KeyContext {
        if self.flow.is_some() {
            return super::KeyContext::Runbook;
        }
        match self.overlay {
            Overlay::None if self.detail.is_some() => super::KeyContext::Detail,
            Overlay::Help { .. } => super::KeyContext::Help,
            Overlay::Inspect { .. }
            | Overlay::Alerts { .. }
            | Overlay::Environments { .. }
            | Overlay::Runbooks { .. }
            | Overlay::Audit { .. }
            | Overlay::Approvals { .. } => super::KeyContext::Overlay,
            Overlay::None => super::KeyContext::Table,
        }
    }

    /// A new environment: its own data, the same tab and view settings.
    pub fn switch_environment(&mut self, environment: Environment, data: super::DataStore) {
        self.environment = environment;
        self.data = data;
        self.overlay = Overlay::None;
        // The new environment's sources start unfocused; its objects are not this one's.
        self.detail = None;
        self.checkpoint.view = super::checkpoint::CheckpointView::Idle;
        self.dirty = true;
    }

    pub fn mark_dirty(&mut self) {
        self.dirty = true;
    }

    /// Returns whether a redraw is due and clears the flag.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }
}
