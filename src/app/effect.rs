//! What `update` asks the runtime to do.

use crate::domain::SourceId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Refresh(SourceId),
    Quit,
}
