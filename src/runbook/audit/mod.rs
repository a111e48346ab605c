//! The runbook audit trail: an append-only JSONL file, one record per line, each on disk before
//! the action it announces goes ahead. Records are hash-chained (each carries the previous
//! record's hash) and a head file remembers the last one, so an edited, deleted, reordered or
//! truncated line shows in [`verify`]. This detects accidents and casual tampering; someone
//! who can rewrite the whole file and its head can forge a new chain (nothing here is signed).
//!
//! Several consoles on one host may append to one file: each append holds an exclusive lock on
//! it while it reads the tail, writes its line and updates the head.

mod actor;
mod chain;
mod error;
#[cfg(test)]
pub(crate) mod fixtures;
mod head;
mod holds;
mod read;
mod runs;
mod sink;
mod verify;
mod writer;

use std::path::{Path, PathBuf};

pub use actor::ActorEnv;
pub use chain::{GENESIS, sha256_hex};
pub use error::AuditError;
pub use holds::open_holds;
pub use read::read;
pub use runs::unfinished_runs;
pub use sink::AuditSink;
pub use verify::{VerifyReport, verify};
pub use writer::AuditLog;

/// The audit file in the state directory.
pub fn audit_file(state_dir: &Path) -> PathBuf {
    state_dir.join("audit.jsonl")
}
