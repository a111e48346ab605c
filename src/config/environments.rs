//! `[environments.NAME]`, `[slo]` and `[[panels]]` of config.toml: where the console reads
//! from. The demo simulator is always an environment; each other one is a Prometheus (and
//! optionally an Alertmanager) with its auth. Secrets are never written in the file: only the
//! name of a variable or a file holding them.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use super::auth::{self, AuthFile};
use super::aws::{self, AwsFile};
use super::azure::{self, AzureFile};
use super::values::{SpanError, duration, size, spanned, url};
use crate::app::{Environment, EnvironmentTier};
use crate::domain::SourceId;
use crate::domain::approval::{ApprovalPolicy, ApprovalRule};
use crate::sources::aws::settings::AwsSettings;
use crate::sources::azure::settings::AzureSettings;
use crate::sources::prometheus::panels::{self, PanelOverride};
use crate::sources::prometheus::settings::{AuthSpec, EndpointSpec, PrometheusSettings};

pub const DEMO: &str = "demo";
const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(4);
const DEFAULT_MAX_RESPONSE: usize = 16 << 20;
const DEFAULT_CONCURRENCY: usize = 16;
const DEFAULT_BUDGET: f64 = 6_600.0;

#[derive(Debug, Clone, PartialEq)]
pub enum SourceConfig {
    Demo,
    Prometheus(Box<PrometheusSettings>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnvironmentConfig {
    pub name: String,
    pub tier: EnvironmentTier,
    pub source: SourceConfig,
    /// The AWS account beside the Prometheus: groups, cost and findings.
    pub aws: Option<Box<AwsSettings>>,
    /// The Azure subscription beside the Prometheus: container apps, cost and Defender.
    pub azure: Option<Box<AzureSettings>>,
    /// Runbooks can be planned but never run here.
    pub read_only: bool,
    /// Which runs need a second user's approval here, and for how long a request waits.
    pub approval: ApprovalPolicy,
    /// `renew-certificate`: the argv that renews one certificate, each element a template
    /// (`{certificate}`, `{env.name}`); run without a shell.
    pub renew_certificate: Option<Vec<String>>,
}

impl EnvironmentConfig {
    /// What the app shows of it: name and tier.
    pub fn describe(&self) -> Environment {
        Environment {
            name: self.name.clone(),
            tier: self.tier,
        }
    }

    /// The AWS block's settings with the environment's own state directory (for its recorded
    /// scaling transitions) under `state_dir`.
    pub fn aws_settings(&self, state_dir: &std::path::Path) -> Option<AwsSettings> {
        self.aws.as_ref().map(|aws| AwsSettings {
            state_dir: state_dir.join("aws").join(&self.name),
            ..(**aws).clone()
        })
    }

    /// The Azure block's settings with the environment's own state directory (for its
    /// observed replica changes) under `state_dir`.
    pub fn azure_settings(&self, state_dir: &std::path::Path) -> Option<AzureSettings> {
        self.azure.as_ref().map(|azure| AzureSettings {
            state_dir: state_dir.join("azure").join(&self.name),
            ..(**azure).clone()
        })
    }

    /// The cloud parts this environment runs beside its Prometheus.
    pub fn clouds(&self) -> Vec<SourceId> {
        let mut parts = Vec::new();
        if let Some(aws) = &self.aws {
            parts.push(SourceId::AwsScaling);
            parts.extend(aws.cost.then_some(SourceId::AwsCost));
            parts.extend(aws.security.then_some(SourceId::AwsSecurity));
        }
        if let Some(azure) = &self.azure {
            parts.push(SourceId::AzureApps);
            parts.extend(azure.cost.then_some(SourceId::AzureCost));
            parts.extend(azure.security.then_some(SourceId::AzureDefender));
        }
        parts
    }

    pub fn demo() -> Self {
        Self {
            name: DEMO.into(),
            tier: EnvironmentTier::Demo,
            source: SourceConfig::Demo,
            aws: None,
            azure: None,
            read_only: false,
            approval: ApprovalPolicy::default(),
            renew_certificate: None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct EnvironmentFile {
    prometheus: Spanned<String>,
    alertmanager: Option<Spanned<String>>,
    tier: Option<Spanned<String>>,
    interval: Option<Spanned<String>>,
    timeout: Option<Spanned<String>>,
    concurrency: Option<Spanned<i64>>,
    max_rows: Option<Spanned<i64>>,
    max_response: Option<Spanned<String>>,
    monthly_budget: Option<Spanned<f64>>,
    monthly_baseline: Option<Spanned<f64>>,
    ca_file: Option<PathBuf>,
    insecure_skip_verify: Option<bool>,
    auth: Option<Spanned<AuthFile>>,
    alertmanager_auth: Option<Spanned<AuthFile>>,
    read_only: Option<bool>,
    approval: Option<Spanned<String>>,
    approval_ttl: Option<Spanned<String>>,
    aws: Option<Spanned<AwsFile>>,
    azure: Option<Spanned<AzureFile>>,
    renew_certificate: Option<Spanned<Vec<String>>>,
}

/// Every environment of the file, demo first; panels and SLOs apply to every Prometheus one.
pub(super) fn environments(
    files: &BTreeMap<Spanned<String>, EnvironmentFile>,
    slo: &crate::domain::slo::Objectives,
    overrides: &[PanelOverride],
    panels_span: std::ops::Range<usize>,
) -> Result<Vec<EnvironmentConfig>, SpanError> {
    let panels = panels::merged(slo, overrides).map_err(|m| (panels_span, m))?;
    let mut list = vec![EnvironmentConfig::demo()];
    for (name, file) in files {
        let valid = !name.get_ref().is_empty()
            && name
                .get_ref()
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid || name.get_ref() == DEMO {
            return Err(spanned(
                name,
                format!(
                    "environment name {:?}: use letters, digits, - or _ (and not \"demo\")",
                    name.get_ref()
                ),
            ));
        }
        let tier = match file.tier.as_ref().map(|t| (t, t.get_ref().as_str())) {
            None | Some((_, "production")) => EnvironmentTier::Production,
            Some((_, "staging")) => EnvironmentTier::Staging,
            Some((_, "demo")) => EnvironmentTier::Demo,
            Some((t, other)) => {
                return Err(spanned(
                    t,
                    format!("unknown tier {other:?}; tiers: production, staging, demo"),
                ));
            }
        };
        let timeout = file
            .timeout
            .as_ref()
            .map(|t| duration(t, Duration::from_millis(100), Duration::from_secs(300)))
            .transpose()?
            .unwrap_or(DEFAULT_TIMEOUT);
        let max_body_bytes = file
            .max_response
            .as_ref()
            .map(size)
            .transpose()?
            .unwrap_or(DEFAULT_MAX_RESPONSE);
        let endpoint = |url: String, auth: AuthSpec| EndpointSpec {
            url,
            auth,
            ca_file: file.ca_file.clone(),
            insecure: file.insecure_skip_verify.unwrap_or(false),
            timeout,
            max_body_bytes,
        };
        let monthly_budget = money(
            file.monthly_budget.as_ref(),
            "monthly-budget",
            DEFAULT_BUDGET,
        )?;
        let monthly_baseline = money(
            file.monthly_baseline.as_ref(),
            "monthly-baseline",
            crate::domain::cost::DEFAULT_BASELINE,
        )?;
        let azure = file
            .azure
            .as_ref()
            .map(|a| azure::settings(a, (monthly_budget, monthly_baseline)))
            .transpose()?;
        // An Azure Monitor token comes from the same chain as the subscription's.
        let auth_of = |file| auth::spec(file, azure.as_ref());
        let prometheus_auth = auth_of(file.auth.as_ref())?;
        let alertmanager = match &file.alertmanager {
            Some(am) => {
                let am_auth = match &file.alertmanager_auth {
                    Some(a) => auth_of(Some(a))?,
                    None => prometheus_auth.clone(),
                };
                Some(endpoint(url(am)?, am_auth))
            }
            None => None,
        };
        let concurrency = match &file.concurrency {
            Some(c) => usize::try_from(*c.get_ref())
                .ok()
                .filter(|n| (1..=64).contains(n))
                .ok_or_else(|| spanned(c, "concurrency must be between 1 and 64"))?,
            None => DEFAULT_CONCURRENCY,
        };
        let max_rows = match &file.max_rows {
            Some(n) => usize::try_from(*n.get_ref())
                .ok()
                .filter(|n| (10..=1_000_000).contains(n))
                .ok_or_else(|| spanned(n, "max-rows must be between 10 and 1000000"))?,
            None => PrometheusSettings::DEFAULT_MAX_ROWS,
        };
        let settings = PrometheusSettings {
            prometheus: endpoint(url(&file.prometheus)?, prometheus_auth),
            alertmanager,
            interval: file
                .interval
                .as_ref()
                .map(|i| duration(i, Duration::from_millis(250), Duration::from_secs(3600)))
                .transpose()?
                .unwrap_or(DEFAULT_INTERVAL),
            concurrency,
            panels: panels.clone(),
            slo: slo.clone(),
            monthly_budget,
            monthly_baseline,
            max_rows,
        };
        list.push(EnvironmentConfig {
            name: name.get_ref().clone(),
            tier,
            source: SourceConfig::Prometheus(Box::new(settings)),
            aws: file
                .aws
                .as_ref()
                .map(|a| aws::settings(a, (monthly_budget, monthly_baseline)).map(Box::new))
                .transpose()?,
            azure: azure.map(Box::new),
            read_only: file.read_only.unwrap_or(false),
            approval: approval(file)?,
            renew_certificate: file
                .renew_certificate
                .as_ref()
                .map(renewal_command)
                .transpose()?,
        });
    }
    Ok(list)
}

/// `approval = "none" | "high-risk" | "all"` and `approval-ttl` (1 minute to 24 hours).
fn approval(file: &EnvironmentFile) -> Result<ApprovalPolicy, SpanError> {
    let mut policy = ApprovalPolicy::default();
    if let Some(rule) = &file.approval {
        policy.rule = ApprovalRule::parse(rule.get_ref()).ok_or_else(|| {
            spanned(
                rule,
                format!(
                    "unknown approval {:?}; use {}",
                    rule.get_ref(),
                    ApprovalRule::NAMES.join(", ")
                ),
            )
        })?;
    }
    if let Some(ttl) = &file.approval_ttl {
        policy.ttl = duration(ttl, Duration::from_secs(60), Duration::from_secs(24 * 3600))?;
    }
    Ok(policy)
}

/// An argv whose placeholders are the certificate and the environment's values only.
fn renewal_command(argv: &Spanned<Vec<String>>) -> Result<Vec<String>, SpanError> {
    use crate::domain::runbook::template;
    if argv.get_ref().is_empty() {
        return Err(spanned(
            argv,
            "renew-certificate needs at least the program",
        ));
    }
    for element in argv.get_ref() {
        template::render_check(element)
            .map_err(|e| spanned(argv, format!("renew-certificate: {e}")))?;
        if let Some(name) = template::names(element)
            .into_iter()
            .find(|n| n != "certificate" && !n.starts_with("env."))
        {
            return Err(spanned(
                argv,
                format!("renew-certificate: {{{name}}} is not {{certificate}} or env.*"),
            ));
        }
    }
    Ok(argv.get_ref().clone())
}

/// A monthly amount of the file (`monthly-budget`, `monthly-baseline`): above 0, or `default`.
fn money(value: Option<&Spanned<f64>>, key: &str, default: f64) -> Result<f64, SpanError> {
    match value {
        Some(v) if !(v.get_ref().is_finite() && *v.get_ref() > 0.0) => {
            Err(spanned(v, format!("{key} must be above 0")))
        }
        Some(v) => Ok(*v.get_ref()),
        None => Ok(default),
    }
}
