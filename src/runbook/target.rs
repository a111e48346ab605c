//! The environment a run acts on: where figures come from (the simulator's live state, or one
//! fresh poll of Prometheus with the AWS groups and Azure container apps), where PromQL goes,
//! which endpoints HTTP steps may use with the environment's credentials, and which fleet
//! actions exist (the simulator's, an AWS account's auto scaling groups, or an Azure
//! subscription's container apps).

use crate::domain::FleetSnapshot;
use crate::domain::runbook::template::{self, Mode};
use crate::domain::runbook::{Capability, Endpoint, FleetCommand, Value, Values};
#[cfg(feature = "aws")]
use crate::sources::aws::clients::LazyClients;
#[cfg(feature = "azure")]
use crate::sources::azure::lazy::LazyArm;
use crate::sources::prometheus::settings::PrometheusSettings;
use crate::sources::prometheus::{EndpointConfig, PrometheusClient, QueryData};
use crate::sources::simulator::SimulatorHandle;

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
    /// The account's auto scaling groups, for fleet actions and `group.*` figures.
    #[cfg(feature = "aws")]
    pub aws: Option<LazyClients>,
    /// The subscription's container apps, for fleet actions and `group.*` figures.
    #[cfg(feature = "azure")]
    pub azure: Option<LazyArm>,
    /// The environment's `renew-certificate` argv template, if it has one.
    pub renew_certificate: Option<Vec<String>>,
}

impl Target {
    pub fn simulator(environment: &str, handle: SimulatorHandle) -> Self {
        Self {
            environment: environment.into(),
            fleet: Fleet::Simulator(handle),
            prometheus: None,
            alertmanager: None,
            #[cfg(feature = "aws")]
            aws: None,
            #[cfg(feature = "azure")]
            azure: None,
            renew_certificate: None,
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
            #[cfg(feature = "aws")]
            aws: None,
            #[cfg(feature = "azure")]
            azure: None,
            renew_certificate: None,
        })
    }

    /// Fleet actions and `group.*` figures go to this account's groups from now on.
    #[cfg(feature = "aws")]
    pub fn attach_aws(&mut self, settings: crate::sources::aws::settings::AwsSettings) {
        self.aws = Some(LazyClients::new(settings));
    }

    /// Fleet actions and `group.*` figures go to this subscription's container apps from now on.
    #[cfg(feature = "azure")]
    pub fn attach_azure(&mut self, settings: crate::sources::azure::settings::AzureSettings) {
        self.azure = Some(LazyArm::new(settings));
    }

    /// A cloud account whose groups take fleet actions: AWS's or Azure's.
    fn has_cloud(&self) -> bool {
        #[cfg(feature = "aws")]
        if self.aws.is_some() {
            return true;
        }
        #[cfg(feature = "azure")]
        if self.azure.is_some() {
            return true;
        }
        false
    }

    /// Security Hub answers for the account's findings when its security polling is on.
    fn has_security_hub(&self) -> bool {
        #[cfg(feature = "aws")]
        if let Some(aws) = &self.aws {
            return aws.settings.security;
        }
        false
    }

    pub fn capabilities(&self) -> Vec<Capability> {
        let simulated = matches!(self.fleet, Fleet::Simulator(_));
        let mut caps = Vec::new();
        if simulated || self.has_cloud() {
            caps.push(Capability::FleetActions);
        }
        if self.prometheus.is_some() {
            caps.push(Capability::Prometheus);
        }
        if self.alertmanager.is_some() {
            caps.push(Capability::Alertmanager);
        }
        if simulated || self.renew_certificate.is_some() {
            caps.push(Capability::CertificateRenewal);
        }
        if simulated || self.has_security_hub() {
            caps.push(Capability::FindingWorkflow);
        }
        if simulated {
            caps.push(Capability::CheckEvaluation);
        }
        caps
    }

    /// Binds what the environment decides to a planned command: the renewal argv rendered
    /// for its certificate. Returns whether the command changed.
    pub fn bind(&self, command: &mut FleetCommand) -> Result<bool, String> {
        let (
            FleetCommand::RenewCertificate {
                certificate,
                command,
            },
            Some(argv),
        ) = (command, &self.renew_certificate)
        else {
            return Ok(false);
        };
        let mut values = self.values();
        values.insert("certificate", Value::Text(certificate.clone()));
        let rendered = argv
            .iter()
            .map(|a| template::render(a, &values, Mode::Reveal))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("renew-certificate: {e}"))?;
        *command = Some(rendered);
        Ok(true)
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

    /// The state now: the simulator's live model, or a complete poll of Prometheus with the
    /// account's groups laid over it.
    pub async fn snapshot(&self) -> Result<FleetSnapshot, String> {
        match &self.fleet {
            Fleet::Simulator(handle) => handle.snapshot().await.map_err(|e| e.to_string()),
            Fleet::Prometheus(settings) => {
                #[cfg_attr(not(any(feature = "aws", feature = "azure")), allow(unused_mut))]
                let mut snapshot = crate::sources::poll_prometheus_once(settings).await?;
                #[cfg(feature = "aws")]
                if let Some(aws) = &self.aws {
                    snapshot.overlay(&groups(aws).await?);
                }
                #[cfg(feature = "azure")]
                if let Some(azure) = &self.azure {
                    snapshot.overlay(&container_apps(azure).await?);
                }
                Ok(snapshot)
            }
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

    /// Runs a fleet change; the answer's lines are the step's output (and the audit's).
    pub async fn act(&self, command: &FleetCommand) -> Result<Vec<String>, String> {
        // Reports read the state every environment has, never the fleet's actions.
        if let FleetCommand::CostMovers { top } = command {
            let snapshot = self.snapshot().await?;
            return crate::domain::cost_movers::mover_lines(&snapshot, *top as usize);
        }
        if let FleetCommand::RenewCertificate {
            command: Some(argv),
            ..
        } = command
        {
            return super::executor::run_argv(argv).await;
        }
        #[cfg(feature = "aws")]
        if let Some(aws) = &self.aws {
            return crate::sources::aws::actions::act(aws.get().await, command).await;
        }
        #[cfg(feature = "azure")]
        if let Some(azure) = &self.azure {
            return crate::sources::azure::actions::act(azure.get().await?, command).await;
        }
        let Fleet::Simulator(handle) = &self.fleet else {
            return Err(
                "this environment has no fleet actions (no [environments.NAME.aws] or [environments.NAME.azure])"
                    .into(),
            );
        };
        handle
            .apply(command.clone())
            .await
            .map(|line| vec![line])
            .map_err(|e| e.to_string())
    }
}

/// One fresh read of the account's groups (with their metrics) and findings, for figures.
#[cfg(feature = "aws")]
async fn groups(aws: &LazyClients) -> Result<FleetSnapshot, String> {
    let now = chrono::Utc::now();
    let mut poller = crate::sources::aws::scaling::ScalingPoller::new(&aws.settings);
    let view = poller.poll(aws.get().await, &aws.settings, now).await?;
    // Findings too, where the account's are read: a finding's workflow is a figure.
    let security = if aws.settings.security {
        Some(crate::sources::aws::security::poll(aws.get().await).await?)
    } else {
        None
    };
    Ok(FleetSnapshot {
        scaling: Some(view),
        security,
        ..FleetSnapshot::empty(now)
    })
}

/// One fresh read of the subscription's container apps, for figures.
#[cfg(feature = "azure")]
async fn container_apps(azure: &LazyArm) -> Result<FleetSnapshot, String> {
    let now = chrono::Utc::now();
    let mut poller = crate::sources::azure::apps::AppsPoller::new(&azure.settings);
    let (view, _) = poller.poll(azure.get().await?, now, None).await?;
    Ok(FleetSnapshot {
        scaling: Some(view),
        ..FleetSnapshot::empty(now)
    })
}
