//! `[environments.NAME.aws]`: the AWS account beside an environment's Prometheus. Only where to
//! connect and what to read; credentials always come from the standard chain (variables,
//! profiles, SSO), never from this file.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use toml::Spanned;

use super::values::{SpanError, cloud_durations, spanned, url};
use crate::sources::aws::settings::{AwsSettings, GroupFilter, MetricName};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct AwsFile {
    profile: Option<String>,
    region: Option<String>,
    endpoint_url: Option<Spanned<String>>,
    #[serde(default)]
    groups: Vec<String>,
    #[serde(default)]
    group_tags: BTreeMap<String, String>,
    interval: Option<Spanned<String>>,
    security_interval: Option<Spanned<String>>,
    cost_ttl: Option<Spanned<String>>,
    timeout: Option<Spanned<String>>,
    cost: Option<bool>,
    security: Option<bool>,
    memory_namespace: Option<String>,
    memory_metric: Option<String>,
}

/// The block as settings; the budget and baseline are the environment's. The state dir is filled in
/// when the environment starts (it depends on the paths, not on the file).
pub(super) fn settings(
    file: &Spanned<AwsFile>,
    (monthly_budget, monthly_baseline): (f64, f64),
) -> Result<AwsSettings, SpanError> {
    if !cfg!(feature = "aws") {
        return Err(spanned(
            file,
            "this opsconsole was built without AWS support (cargo feature `aws`); rebuild with default features or remove the aws block",
        ));
    }
    let a = file.get_ref();
    let mut settings = AwsSettings::new(PathBuf::new());
    settings.profile.clone_from(&a.profile);
    settings.region.clone_from(&a.region);
    settings.endpoint_url = a.endpoint_url.as_ref().map(url).transpose()?;
    settings.groups = GroupFilter {
        names: a.groups.clone(),
        tags: a.group_tags.clone().into_iter().collect(),
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
    settings.cost = a.cost.unwrap_or(true);
    settings.security = a.security.unwrap_or(true);
    settings.monthly_budget = monthly_budget;
    settings.monthly_baseline = monthly_baseline;
    settings.memory_metric = MetricName {
        namespace: a
            .memory_namespace
            .clone()
            .unwrap_or(settings.memory_metric.namespace),
        name: a
            .memory_metric
            .clone()
            .unwrap_or(settings.memory_metric.name),
    };
    Ok(settings)
}
