//! `[environments.NAME.azure]`: the Azure subscription beside an environment's Prometheus. Only
//! where to connect and what to read; credentials always come from the standard chain (a
//! service principal's variables, workload or managed identity, the Azure CLI), never this file.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use toml::Spanned;

use super::values::{SpanError, cloud_durations, spanned, url};
use crate::sources::aws::settings::GroupFilter;
use crate::sources::azure::settings::{AzureSettings, CredentialKind, PUBLIC_ARM, PUBLIC_LOGIN};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct AzureFile {
    subscription: Spanned<String>,
    tenant: Option<Spanned<String>>,
    #[serde(default)]
    resource_groups: Vec<Spanned<String>>,
    #[serde(default)]
    apps: Vec<String>,
    #[serde(default)]
    app_tags: BTreeMap<String, String>,
    interval: Option<Spanned<String>>,
    security_interval: Option<Spanned<String>>,
    cost_ttl: Option<Spanned<String>>,
    timeout: Option<Spanned<String>>,
    arm_endpoint: Option<Spanned<String>>,
    login_endpoint: Option<Spanned<String>>,
    ca_file: Option<PathBuf>,
    credential: Option<Spanned<String>>,
    cost: Option<bool>,
    security: Option<bool>,
}

/// The block as settings; the budget and baseline are the environment's, the state dir is
/// filled in when the environment starts.
pub(super) fn settings(
    file: &Spanned<AzureFile>,
    (monthly_budget, monthly_baseline): (f64, f64),
) -> Result<AzureSettings, SpanError> {
    if !cfg!(feature = "azure") {
        return Err(spanned(
            file,
            "this opsconsole was built without Azure support (cargo feature `azure`); rebuild with default features or remove the azure block",
        ));
    }
    let a = file.get_ref();
    let mut settings = AzureSettings::new(id(&a.subscription, "subscription")?, PathBuf::new());
    settings.tenant = a.tenant.as_ref().map(|t| id(t, "tenant")).transpose()?;
    settings.resource_groups = a
        .resource_groups
        .iter()
        .map(|rg| id(rg, "resource group"))
        .collect::<Result<_, _>>()?;
    settings.apps = GroupFilter {
        names: a.apps.clone(),
        tags: a.app_tags.clone().into_iter().collect(),
    };
    [
        settings.interval,
        settings.security_interval,
        settings.cost_ttl,
        settings.timeout,
    ] = cloud_durations(
        [
            a.interval.as_ref(),
            a.security_interval.as_ref(),
            a.cost_ttl.as_ref(),
            a.timeout.as_ref(),
        ],
        [
            settings.interval,
            settings.security_interval,
            settings.cost_ttl,
            settings.timeout,
        ],
    )?;
    settings.arm_endpoint = https(a.arm_endpoint.as_ref(), PUBLIC_ARM)?;
    settings.login_endpoint = https(a.login_endpoint.as_ref(), PUBLIC_LOGIN)?;
    settings.ca_file.clone_from(&a.ca_file);
    if let Some(kind) = &a.credential {
        settings.credential = CredentialKind::NAMES
            .iter()
            .find(|(name, _)| name == kind.get_ref())
            .map(|(_, kind)| *kind)
            .ok_or_else(|| {
                let names: Vec<&str> = CredentialKind::NAMES.iter().map(|(n, _)| *n).collect();
                spanned(
                    kind,
                    format!(
                        "unknown credential {:?}; use {}",
                        kind.get_ref(),
                        names.join(", ")
                    ),
                )
            })?;
    }
    settings.cost = a.cost.unwrap_or(true);
    settings.security = a.security.unwrap_or(true);
    settings.monthly_budget = monthly_budget;
    settings.monthly_baseline = monthly_baseline;
    Ok(settings)
}

/// A subscription, tenant or resource group: it becomes part of an ARM path, so only the
/// characters Azure allows in them (letters, digits, `-`, `_`, `.`, `(`, `)`).
fn id(value: &Spanned<String>, what: &str) -> Result<String, SpanError> {
    let text = value.get_ref();
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-_.()".contains(c);
    if text.is_empty() || text.len() > 90 || !text.chars().all(allowed) {
        return Err(spanned(
            value,
            format!("{text:?} is not a {what} id (letters, digits, - _ . ( ), at most 90)"),
        ));
    }
    Ok(text.clone())
}

/// An endpoint the token is sent to: HTTPS only, without a trailing slash.
fn https(value: Option<&Spanned<String>>, default: &str) -> Result<String, SpanError> {
    let Some(value) = value else {
        return Ok(default.into());
    };
    let text = url(value)?;
    if !text.starts_with("https://") {
        return Err(spanned(
            value,
            "Azure endpoints take a bearer token: the URL must start with https://",
        ));
    }
    Ok(text.trim_end_matches('/').to_string())
}
