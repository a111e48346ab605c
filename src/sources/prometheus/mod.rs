//! Prometheus (and anything speaking its HTTP API) and Alertmanager as a source.

pub mod client;
pub mod decode;
