//! Prometheus (and anything speaking its HTTP API: Thanos, Mimir, VictoriaMetrics) and
//! Alertmanager v2 as a source. The HTTP client has size and time limits and pure decoders;
//! panels are PromQL, polled by one task that never blocks the UI and sends owned snapshots
//! like every other source.

pub mod client;
pub mod config;
pub mod decode;
pub mod detail;
pub mod error;
pub(crate) mod http;
pub mod jobs;
pub mod mapping;
pub mod panels;
pub mod records;
pub mod settings;

mod range_buffer;
mod schedule;
mod task;

pub use client::{AlertmanagerClient, PrometheusClient};
pub use config::{Auth, EndpointConfig, RenewedToken, Secret, TokenSource};
pub use decode::{
    AlertState, AmAlert, AmState, InstantSample, Labels, PromAlert, QueryData, RangeSeries,
    RulesHealth, TargetsHealth, decode_alertmanager_alerts, decode_alerts, decode_query,
    decode_rules, decode_targets,
};
pub use error::FetchError;
pub use task::Poller;
