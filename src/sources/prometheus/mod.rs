//! Prometheus (and anything speaking its HTTP API: Thanos, Mimir, VictoriaMetrics) and
//! Alertmanager v2 as a source: an HTTP client with size and time limits, and pure decoders
//! from response bytes to owned values. Everything is re-exported here, so callers can write
//! `sources::prometheus::{PrometheusClient, QueryData}`.

pub mod client;
pub mod config;
pub mod decode;
pub mod error;
mod http;

pub use client::{AlertmanagerClient, PrometheusClient};
pub use config::{Auth, EndpointConfig, Secret};
pub use decode::{
    AlertState, AmAlert, AmState, InstantSample, Labels, PromAlert, QueryData, RangeSeries,
    RulesHealth, TargetsHealth, decode_alertmanager_alerts, decode_alerts, decode_query,
    decode_rules, decode_targets,
};
pub use error::FetchError;
