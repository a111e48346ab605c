//! Subcommands that run without the full-screen console: the simulator's exporters for a real
//! monitoring stack, headless snapshots of a tab for scripts and tests, and the audit trail.

pub mod audit;
pub mod checkpoint;
pub mod describe;
mod http;
pub mod output;
pub mod runbook;
mod runbook_approval;
mod runbook_text;
pub mod simulate;
pub mod snapshot;
