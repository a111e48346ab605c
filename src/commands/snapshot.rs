//! `opsconsole snapshot`: what a tab shows, printed once.

use crate::cli::{ConsoleArgs, SnapshotArgs};

pub fn run(_console: &ConsoleArgs, _args: &SnapshotArgs) -> Result<String, String> {
    Err("snapshot is being built".into())
}
