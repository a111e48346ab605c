//! Typed calls on the Prometheus HTTP API (also served by Thanos, Mimir and VictoriaMetrics)
//! and on the Alertmanager v2 API. Each call is one bounded HTTP exchange and a decode; the
//! clients are cheap to clone and share one connection pool.

use std::time::Duration;

use super::decode::{
    AmAlert, PromAlert, QueryData, RangeSeries, RulesHealth, TargetsHealth,
    decode_alertmanager_alerts, decode_alerts, decode_query, decode_rules, decode_targets,
};
use super::http::Endpoint;
use super::{EndpointConfig, FetchError};

#[derive(Debug, Clone)]
pub struct PrometheusClient {
    endpoint: Endpoint,
}

impl PrometheusClient {
    /// Checks the URL and reads the CA file; connects only when asked for data.
    pub fn new(config: &EndpointConfig) -> Result<Self, FetchError> {
        Endpoint::new(config).map(|endpoint| Self { endpoint })
    }

    /// An instant query at the server's current time.
    pub async fn instant(&self, promql: &str) -> Result<QueryData, FetchError> {
        let form = [("query", promql)];
        self.endpoint
            .post_form("api/v1/query", &form, decode_query)
            .await
    }

    /// An instant query evaluated at `at` (Unix seconds), for periods in the past.
    pub async fn instant_at(&self, promql: &str, at: f64) -> Result<QueryData, FetchError> {
        let at = at.to_string();
        let form = [("query", promql), ("time", &at)];
        self.endpoint
            .post_form("api/v1/query", &form, decode_query)
            .await
    }

    /// A range query; `start` and `end` are Unix seconds.
    pub async fn range(
        &self,
        promql: &str,
        start: f64,
        end: f64,
        step: Duration,
    ) -> Result<Vec<RangeSeries>, FetchError> {
        let (start, end) = (start.to_string(), end.to_string());
        let step = step.as_secs_f64().to_string();
        let form = [
            ("query", promql),
            ("start", &start),
            ("end", &end),
            ("step", &step),
        ];
        match self
            .endpoint
            .post_form("api/v1/query_range", &form, decode_query)
            .await?
        {
            QueryData::Matrix(series) => Ok(series),
            other => Err(FetchError::Malformed(format!(
                "query_range answered with a {}",
                other.kind()
            ))),
        }
    }

    /// Pending and firing alerts as Prometheus evaluates them.
    pub async fn alerts(&self) -> Result<Vec<PromAlert>, FetchError> {
        self.endpoint.get("api/v1/alerts", decode_alerts).await
    }

    pub async fn rules(&self) -> Result<RulesHealth, FetchError> {
        self.endpoint.get("api/v1/rules", decode_rules).await
    }

    pub async fn targets(&self) -> Result<TargetsHealth, FetchError> {
        self.endpoint
            .get("api/v1/targets?state=active", decode_targets)
            .await
    }
}

#[derive(Debug, Clone)]
pub struct AlertmanagerClient {
    endpoint: Endpoint,
}

impl AlertmanagerClient {
    pub fn new(config: &EndpointConfig) -> Result<Self, FetchError> {
        Endpoint::new(config).map(|endpoint| Self { endpoint })
    }

    /// Every alert Alertmanager holds: active, silenced, inhibited and unprocessed.
    pub async fn alerts(&self) -> Result<Vec<AmAlert>, FetchError> {
        self.endpoint
            .get("api/v2/alerts", decode_alertmanager_alerts)
            .await
    }
}
