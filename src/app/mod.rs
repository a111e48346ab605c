//! Model and transitions. No I/O, no tokio, no terminal: time comes in through messages, and
//! the outside world is changed only by the [`Effect`]s that [`update`] returns.

pub mod action;
pub mod approvals;
pub mod checkpoint;
pub mod data_store;
pub mod detail;
pub mod effect;
pub mod message;
pub mod overlay;
pub mod runbook;
pub mod state;
pub mod table;
pub mod table_view;
pub mod update;

pub use crate::domain::Topic;
pub use action::{Action, KeyContext};
pub use checkpoint::{CheckpointRequest, CheckpointState, CheckpointView};
pub use data_store::{DataStore, Freshness};
pub use effect::Effect;
pub use message::{FilterEdit, Message, RunbookMessage};
pub use state::{AppState, AuditView, ChartRange, Environment, EnvironmentTier, Overlay};
pub use table_view::TableView;
pub use update::update;
