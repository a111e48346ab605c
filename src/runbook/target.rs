//! The environment a run acts on: where figures come from (the simulator's live state, or one
//! fresh poll of Prometheus), where PromQL goes, which endpoints HTTP steps may use with the
//! environment's credentials, and which fleet actions exist.

use crate::domain::FleetSnapshot;
use crate::domain::runbook::{Capability, Endpoint, Value, Values};
use crate::sources::prometheus::settings::PrometheusSettings;
use crate::sources::prometheus::{EndpointConfig, PrometheusClient, QueryData};
use crate::sources::simulator::{SimCommand, SimulatorHandle};

#[derive(Clone)]
pub enum Fleet {
    Simulator(SimulatorHandle),
    Prometheus(Box<PrometheusSettings>),
}

#[derive(Clone)]
pub struct Target {
    pub environment: String,
    pub fleet: Fleet,
    pub prometheus: Option<EndpointConfig>,
    pub alertmanager: Option<EndpointConfig>,
}

impl Target {
    pub fn simulator(environment: &str, handle: SimulatorHandle) -> Self {
        Self {
            environment: environment.into(),
            fleet: Fleet::Simulator(handle),
            prometheus: None,
            alertmanager: None,
        }
    }

    /// Resolves the endpoints' credentials now; fails when one is not there.
    pub fn prometheus(environment: &str, settings: &PrometheusSettings) -> Result<Self, String> {
        Ok(Self {
            environment: environment.into(),
            prometheus: Some(settings.prometheus.resolve()?),
            alertmanager: settings
                .alertmanager
                .as_ref()
                .map(|a| a.resolve())
                .transpose()?,
            fleet: Fleet::Prometheus(Box::new(settings.clone())),
        })
    }

    pub fn capabilities(&self) -> Vec<Capability> {
        let mut caps = Vec::new();
        if matches!(self.fleet, Fleet::Simulator(_)) {
            caps.push(Capability::FleetActions);
        }
        if self.prometheus.is_some() {
            caps.push(Capability::Prometheus);
        }
        if self.alertmanager.is_some() {
            caps.push(Capability::Alertmanager);
        }
        caps
    }

    /// `env.*` values: the name and the endpoints' base URLs (without a trailing `/`).
    pub fn values(&self) -> Values {
        let mut values = Values::default();
        values.insert("env.name", Value::Text(self.environment.clone()));
        let base = |e: &EndpointConfig| Value::Text(e.url.trim_end_matches('/').to_string());
        if let Some(p) = &self.prometheus {
            values.insert("env.prometheus", base(p));
        }
        if let Some(a) = &self.alertmanager {
            values.insert("env.alertmanager", base(a));
        }
        values
    }

    pub fn endpoint(&self, endpoint: Endpoint) -> Option<&EndpointConfig> {
        match endpoint {
            Endpoint::Prometheus => self.prometheus.as_ref(),
            Endpoint::Alertmanager => self.alertmanager.as_ref(),
        }
    }

    /// The state now: the simulator's live model, or a complete poll of Prometheus.
    pub async fn snapshot(&self) -> Result<FleetSnapshot, String> {
        match &self.fleet {
            Fleet::Simulator(handle) => handle.snapshot().await.map_err(|e| e.to_string()),
            Fleet::Prometheus(settings) => crate::sources::poll_prometheus_once(settings).await,
        }
    }

    /// The first sample of an instant query; `None` when the answer is empty.
    pub async fn promql(&self, query: &str) -> Result<Option<f64>, String> {
        let config = self
            .prometheus
            .as_ref()
            .ok_or("this environment has no Prometheus")?;
        let client = PrometheusClient::new(config).map_err(|e| e.to_string())?;
        match client.instant(query).await.map_err(|e| e.to_string())? {
            QueryData::Vector(samples) => Ok(samples.first().map(|s| s.value)),
            QueryData::Scalar(value) => Ok(Some(value)),
            other => Err(format!(
                "the query answered a {}, not a number",
                other.kind()
            )),
        }
    }

    pub async fn apply(&self, command: SimCommand) -> Result<String, String> {
        match &self.fleet {
            Fleet::Simulator(handle) => handle.apply(command).await.map_err(|e| e.to_string()),
            Fleet::Prometheus(_) => Err("this environment has no fleet actions".into()),
        }
    }
}
