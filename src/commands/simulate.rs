//! `opsconsole simulate serve|history`.

use crate::cli::{HistoryArgs, ServeArgs};

pub fn serve(_args: &ServeArgs) -> Result<(), String> {
    Err("simulate serve is being built".into())
}

pub fn history(_args: &HistoryArgs) -> Result<(), String> {
    Err("simulate history is being built".into())
}
