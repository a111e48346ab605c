//! Everything that can happen to the app, as plain values that tests can replay.

use std::time::Instant;

use chrono::{DateTime, Utc};

use super::Action;
use crate::domain::SourceUpdate;

#[derive(Debug, Clone)]
pub enum Message {
    User(Action),
    /// A key while the filter line has focus: text goes here, not through the keymap.
    Filter(FilterEdit),
    Source(SourceUpdate),
    /// The current time, so ages and staleness are deterministic in tests.
    Tick {
        now: Instant,
        wall: DateTime<Utc>,
    },
    /// The terminal changed size; the next frame is laid out for the new size.
    Resize,
    Runbook(Box<RunbookMessage>),
    /// A checkpoint evaluation finished.
    Checkpoint(
        super::checkpoint::CheckpointRequest,
        Box<Result<crate::domain::checkpoint::WeeklyReport, String>>,
    ),
    /// A key while a text field (form field, typed confirmation) has focus.
    Entry(ratatui::crossterm::event::KeyEvent),
}

#[derive(Debug, Clone)]
pub enum RunbookMessage {
    PlanReady(crate::domain::runbook::PlanView),
    PlanFailed(String),
    Run(crate::domain::runbook::RunEvent),
    /// Newest first, with the chain's problems (empty: intact).
    AuditLoaded(Result<(Vec<crate::domain::audit::AuditRecord>, Vec<String>), String>),
    ApprovalsLoaded(Result<Vec<crate::domain::approval::Pending>, String>),
    /// What `y` approved, or why it was refused.
    ApprovalAnswered(Result<String, String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterEdit {
    Insert(char),
    Backspace,
    /// Keep the filter and give focus back to the table.
    Accept,
    /// Clear the filter and give focus back to the table.
    Cancel,
}
