//! What a Prometheus environment is made of, as the source needs it: endpoints with their
//! auth, the poll interval and the panels. `config` parses the user's file into these types;
//! secrets stay references (a variable or file name) until the source starts.

use std::path::PathBuf;
use std::time::Duration;

use super::{Auth, EndpointConfig, Secret};
use crate::domain::{Topic, Unit};

/// Where a secret comes from; read when the environment starts, never stored in the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretRef {
    Env(String),
    File(PathBuf),
}

impl SecretRef {
    pub fn resolve(&self) -> Result<Secret, String> {
        let value = match self {
            Self::Env(name) => std::env::var(name)
                .map_err(|_| format!("environment variable {name} is not set"))?,
            Self::File(path) => std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read secret file {}: {e}", path.display()))?,
        };
        let value = value.trim().to_string();
        if value.is_empty() {
            return Err(match self {
                Self::Env(name) => format!("environment variable {name} is empty"),
                Self::File(path) => format!("secret file {} is empty", path.display()),
            });
        }
        Ok(Secret::new(value))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum AuthSpec {
    None,
    Bearer(SecretRef),
    Basic {
        user: String,
        password: SecretRef,
    },
    /// A token of `scope` from Azure's credential chain as `chain` configures it (Azure
    /// Monitor's managed Prometheus), renewed before it expires.
    Azure {
        scope: String,
        chain: Box<crate::sources::azure::settings::AzureSettings>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct EndpointSpec {
    pub url: String,
    pub auth: AuthSpec,
    pub ca_file: Option<PathBuf>,
    /// Skips TLS certificate checks; an explicit, visible choice.
    pub insecure: bool,
    pub timeout: Duration,
    pub max_body_bytes: usize,
}

impl EndpointSpec {
    pub fn resolve(&self) -> Result<EndpointConfig, String> {
        let auth = match &self.auth {
            AuthSpec::None => Auth::None,
            AuthSpec::Bearer(token) => Auth::Bearer(token.resolve()?),
            AuthSpec::Basic { user, password } => Auth::basic(user, password.resolve()?),
            AuthSpec::Azure { scope, chain } => azure_token(scope, chain)?,
        };
        Ok(EndpointConfig {
            url: self.url.clone(),
            auth,
            ca_file: self.ca_file.clone(),
            insecure: self.insecure,
            timeout: self.timeout,
            max_body_bytes: self.max_body_bytes,
        })
    }
}

#[cfg(feature = "azure")]
fn azure_token(
    scope: &str,
    chain: &crate::sources::azure::settings::AzureSettings,
) -> Result<Auth, String> {
    crate::sources::azure::monitor_token::renewed(chain, scope).map(Auth::Renewed)
}

/// Refused when the config is read; kept so the build without Azure has every auth.
#[cfg(not(feature = "azure"))]
fn azure_token(
    _scope: &str,
    _chain: &crate::sources::azure::settings::AzureSettings,
) -> Result<Auth, String> {
    Err("azure-scope needs the `azure` cargo feature".into())
}

#[derive(Debug, Clone, PartialEq)]
pub enum QueryKind {
    Instant,
    /// A chart: `span` back from now at `step`, fetched once and then only its new tail.
    Range {
        span: chrono::Duration,
        step: chrono::Duration,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct PanelSpec {
    pub id: String,
    pub title: String,
    /// Added by the user (not a built-in): no tab view reads it, so it is shown on its own.
    pub custom: bool,
    pub tab: Option<Topic>,
    pub query: String,
    pub kind: QueryKind,
    pub unit: Unit,
    pub warn: Option<f64>,
    pub critical: Option<f64>,
    pub higher_is_better: bool,
    pub target: Option<f64>,
    /// Refresh period when it should differ from the environment's (slow-moving figures).
    pub interval: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PrometheusSettings {
    pub prometheus: EndpointSpec,
    pub alertmanager: Option<EndpointSpec>,
    pub interval: Duration,
    /// Requests in flight at once, across all panels.
    pub concurrency: usize,
    pub panels: Vec<PanelSpec>,
    /// Each service's objective (config `[slo]` and objective files).
    pub slo: crate::domain::slo::Objectives,
    pub monthly_budget: f64,
    /// A month's spend before optimisation, for cost vs baseline.
    pub monthly_baseline: f64,
    /// Rows a view keeps (services, certificates, chart series): more than a person can use
    /// are cut, worst first kept, and the view says how many there were.
    pub max_rows: usize,
}

impl PrometheusSettings {
    pub const DEFAULT_MAX_ROWS: usize = 2_000;
}
