//! What `update` asks the runtime to do.

use crate::domain::SourceId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Refresh(SourceId),
    /// Stop the current environment's sources and start the named one's.
    SwitchEnvironment(String),
    Quit,
}
