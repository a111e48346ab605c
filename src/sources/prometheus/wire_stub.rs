//! TEMPORARY: the client API being built on branch prom-client; replaced at merge.
#![allow(dead_code, clippy::unused_async)]

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};

pub type Labels = Vec<(String, String)>;
#[derive(Debug, Clone, PartialEq)]
pub struct InstantSample {
    pub labels: Labels,
    pub value: f64,
}
#[derive(Debug, Clone, PartialEq)]
pub struct RangeSeries {
    pub labels: Labels,
    pub points: Vec<(f64, f64)>,
}
#[derive(Debug, Clone, PartialEq)]
pub enum QueryData {
    Vector(Vec<InstantSample>),
    Matrix(Vec<RangeSeries>),
    Scalar(f64),
    Text(String),
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertState {
    Pending,
    Firing,
}
#[derive(Debug, Clone, PartialEq)]
pub struct PromAlert {
    pub labels: Labels,
    pub annotations: Labels,
    pub state: AlertState,
    pub active_at: Option<DateTime<Utc>>,
    pub value: Option<f64>,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmState {
    Active,
    Suppressed,
    Unprocessed,
}
#[derive(Debug, Clone, PartialEq)]
pub struct AmAlert {
    pub labels: Labels,
    pub annotations: Labels,
    pub starts_at: Option<DateTime<Utc>>,
    pub state: AmState,
    pub silenced_by: Vec<String>,
    pub inhibited_by: Vec<String>,
    pub fingerprint: String,
}
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RulesHealth {
    pub rules: usize,
    pub unhealthy: Vec<(String, String)>,
}
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TargetsHealth {
    pub up: usize,
    pub down: Vec<(String, String)>,
    pub unknown: usize,
}
#[derive(Clone)]
pub struct Secret(pub String);
impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}
#[derive(Clone)]
pub enum Auth {
    None,
    Bearer(Secret),
    Basic { user: String, password: Secret },
}
#[derive(Clone)]
pub struct EndpointConfig {
    pub url: String,
    pub auth: Auth,
    pub ca_file: Option<PathBuf>,
    pub insecure: bool,
    pub timeout: Duration,
    pub max_body_bytes: usize,
}
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    #[error("{0}")]
    Config(String),
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    #[error("cannot connect: {0}")]
    Connect(String),
    #[error("HTTP {status}: {message}")]
    Http { status: u16, message: String },
    #[error("response over {limit} bytes")]
    TooLarge { limit: usize },
    #[error("truncated: {0}")]
    Truncated(String),
    #[error("malformed: {0}")]
    Malformed(String),
    #[error("{kind}: {message}")]
    Api { kind: String, message: String },
}
pub struct PrometheusClient;
impl PrometheusClient {
    pub fn new(_c: &EndpointConfig) -> Result<Self, FetchError> {
        Ok(Self)
    }
    pub async fn instant(&self, _q: &str) -> Result<QueryData, FetchError> {
        Err(FetchError::Config("stub".into()))
    }
    pub async fn range(
        &self,
        _q: &str,
        _start: f64,
        _end: f64,
        _step: Duration,
    ) -> Result<Vec<RangeSeries>, FetchError> {
        Err(FetchError::Config("stub".into()))
    }
    pub async fn alerts(&self) -> Result<Vec<PromAlert>, FetchError> {
        Err(FetchError::Config("stub".into()))
    }
    pub async fn rules(&self) -> Result<RulesHealth, FetchError> {
        Err(FetchError::Config("stub".into()))
    }
    pub async fn targets(&self) -> Result<TargetsHealth, FetchError> {
        Err(FetchError::Config("stub".into()))
    }
}
pub struct AlertmanagerClient;
impl AlertmanagerClient {
    pub fn new(_c: &EndpointConfig) -> Result<Self, FetchError> {
        Ok(Self)
    }
    pub async fn alerts(&self) -> Result<Vec<AmAlert>, FetchError> {
        Err(FetchError::Config("stub".into()))
    }
}
