//! Prometheus (and anything speaking its HTTP API: Thanos, Mimir, VictoriaMetrics) and
//! Alertmanager as a source: panels are PromQL, polled by one task that never blocks the UI
//! and sends owned snapshots like every other source.

pub mod client;
pub mod decode;
pub mod jobs;
pub mod mapping;
pub mod panels;
pub mod records;
pub mod settings;

mod range_buffer;
mod schedule;
mod task;
mod wire_stub;

pub use task::Poller;
pub use wire_stub::*;
