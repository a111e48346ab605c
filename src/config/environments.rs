//! `[environments.NAME]`, `[slo]` and `[[panels]]` of config.toml: where the console reads
//! from. The demo simulator is always an environment; each other one is a Prometheus (and
//! optionally an Alertmanager) with its auth. Secrets are never written in the file: only the
//! name of a variable or a file holding them.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use super::settings::parse_duration;
use crate::app::{Environment, EnvironmentTier};
use crate::sources::prometheus::panels::{self, PanelOverride};
use crate::sources::prometheus::settings::{
    AuthSpec, EndpointSpec, PrometheusSettings, QueryKind, SecretRef, SloSettings,
};

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
}

impl EnvironmentConfig {
    /// What the app shows of it: name and tier.
    pub fn describe(&self) -> Environment {
        Environment {
            name: self.name.clone(),
            tier: self.tier,
        }
    }

    pub fn demo() -> Self {
        Self {
            name: DEMO.into(),
            tier: EnvironmentTier::Demo,
            source: SourceConfig::Demo,
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
    max_response: Option<Spanned<String>>,
    monthly_budget: Option<Spanned<f64>>,
    ca_file: Option<PathBuf>,
    insecure_skip_verify: Option<bool>,
    auth: Option<Spanned<AuthFile>>,
    alertmanager_auth: Option<Spanned<AuthFile>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct AuthFile {
    bearer_token_env: Option<String>,
    bearer_token_file: Option<PathBuf>,
    basic_user: Option<String>,
    basic_password_env: Option<String>,
    basic_password_file: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct SloFile {
    availability: Option<Spanned<f64>>,
    p99_target: Option<Spanned<String>>,
    window_days: Option<Spanned<u32>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct PanelFile {
    id: Spanned<String>,
    title: Option<String>,
    tab: Option<Spanned<String>>,
    query: Option<String>,
    range: Option<Spanned<String>>,
    step: Option<Spanned<String>>,
    unit: Option<Spanned<String>>,
    warn: Option<f64>,
    critical: Option<f64>,
    higher_is_better: Option<bool>,
    target: Option<f64>,
    interval: Option<Spanned<String>>,
}

/// An error with the byte range it belongs to, turned into file:line:column by the caller.
pub(super) type SpanError = (std::ops::Range<usize>, String);

fn spanned<T>(value: &Spanned<T>, message: impl Into<String>) -> SpanError {
    (value.span(), message.into())
}

fn duration(value: &Spanned<String>, min: Duration, max: Duration) -> Result<Duration, SpanError> {
    let parsed = parse_duration(value.get_ref()).map_err(|m| spanned(value, m))?;
    if parsed < min || parsed > max {
        return Err(spanned(
            value,
            format!("{:?} is outside {min:?}..{max:?}", value.get_ref()),
        ));
    }
    Ok(parsed)
}

/// "16MiB", "512KiB", "1GiB" or a plain byte count.
fn size(value: &Spanned<String>) -> Result<usize, SpanError> {
    let text = value.get_ref().trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: usize = number
        .parse()
        .map_err(|_| spanned(value, format!("bad size {text:?} (e.g. \"16MiB\")")))?;
    let factor = match unit.trim() {
        "" | "B" => 1,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        other => {
            return Err(spanned(
                value,
                format!("bad size unit {other:?} (B, KiB, MiB or GiB)"),
            ));
        }
    };
    number
        .checked_mul(factor)
        .filter(|n| *n >= 1 << 10)
        .ok_or_else(|| spanned(value, "size must be at least 1KiB"))
}

fn url(value: &Spanned<String>) -> Result<String, SpanError> {
    let parsed = reqwest::Url::parse(value.get_ref())
        .map_err(|e| spanned(value, format!("bad URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(spanned(
            value,
            "the URL must start with http:// or https://",
        ));
    }
    Ok(value.get_ref().clone())
}

fn auth(file: Option<&Spanned<AuthFile>>) -> Result<AuthSpec, SpanError> {
    let Some(file) = file else {
        return Ok(AuthSpec::None);
    };
    let a = file.get_ref();
    let secret = |env: &Option<String>, path: &Option<PathBuf>, what: &str| match (env, path) {
        (Some(name), None) => Ok(Some(SecretRef::Env(name.clone()))),
        (None, Some(path)) => Ok(Some(SecretRef::File(path.clone()))),
        (None, None) => Ok(None),
        (Some(_), Some(_)) => Err(spanned(
            file,
            format!("give the {what} from a variable or a file, not both"),
        )),
    };
    let bearer = secret(&a.bearer_token_env, &a.bearer_token_file, "bearer token")?;
    let password = secret(
        &a.basic_password_env,
        &a.basic_password_file,
        "basic password",
    )?;
    match (bearer, &a.basic_user, password) {
        (None, None, None) => Ok(AuthSpec::None),
        (Some(token), None, None) => Ok(AuthSpec::Bearer(token)),
        (None, Some(user), Some(password)) => Ok(AuthSpec::Basic {
            user: user.clone(),
            password,
        }),
        (None, _, _) => Err(spanned(
            file,
            "basic auth needs basic-user and a basic-password-env or -file",
        )),
        (Some(_), _, _) => Err(spanned(
            file,
            "use either a bearer token or basic auth, not both",
        )),
    }
}

pub(super) fn slo(file: Option<&SloFile>) -> Result<SloSettings, SpanError> {
    let mut slo = SloSettings::default();
    let Some(file) = file else { return Ok(slo) };
    if let Some(a) = &file.availability {
        if !(a.get_ref() > &0.5 && a.get_ref() < &1.0) {
            return Err(spanned(
                a,
                "availability is a fraction between 0.5 and 1 (e.g. 0.999)",
            ));
        }
        slo.availability = *a.get_ref();
    }
    if let Some(p99) = &file.p99_target {
        slo.p99_target_ms = duration(p99, Duration::from_millis(1), Duration::from_secs(600))?
            .as_secs_f64()
            * 1000.0;
    }
    if let Some(days) = &file.window_days {
        if !(1..=90).contains(days.get_ref()) {
            return Err(spanned(days, "window-days must be between 1 and 90"));
        }
        slo.window_days = *days.get_ref();
    }
    Ok(slo)
}

pub(super) fn panel_overrides(files: &[PanelFile]) -> Result<Vec<PanelOverride>, SpanError> {
    let mut seen = std::collections::BTreeSet::new();
    files
        .iter()
        .map(|f| {
            let id = f.id.get_ref();
            if !seen.insert(id.clone()) {
                return Err(spanned(&f.id, format!("panel {id:?} is listed twice")));
            }
            let chrono_span = |v: &Spanned<String>| {
                parse_duration(v.get_ref())
                    .ok()
                    .and_then(|d| chrono::Duration::from_std(d).ok())
                    .filter(|d| *d > chrono::Duration::zero())
                    .ok_or_else(|| spanned(v, format!("bad duration {:?}", v.get_ref())))
            };
            let kind = match (&f.range, &f.step) {
                (None, None) => None,
                (Some(range), Some(step)) => Some(QueryKind::Range {
                    span: chrono_span(range)?,
                    step: chrono_span(step)?,
                }),
                (Some(range), None) => {
                    return Err(spanned(range, "a range panel needs a step too"));
                }
                (None, Some(step)) => return Err(spanned(step, "a step needs a range")),
            };
            let tab = match &f.tab {
                None => None,
                Some(t) => Some(crate::domain::Topic::from_name(t.get_ref()).ok_or_else(|| {
                    spanned(
                        t,
                        format!(
                            "unknown tab {:?}; tabs: scaling, latency, cost, security, readiness",
                            t.get_ref()
                        ),
                    )
                })?),
            };
            let unit = match &f.unit {
                None => None,
                Some(u) => Some(crate::domain::Unit::from_name(u.get_ref()).ok_or_else(|| {
                    let names: Vec<_> = crate::domain::Unit::ALL.iter().map(|u| u.name()).collect();
                    spanned(
                        u,
                        format!(
                            "unknown unit {:?}; units: {}",
                            u.get_ref(),
                            names.join(", ")
                        ),
                    )
                })?),
            };
            let interval = f
                .interval
                .as_ref()
                .map(|i| duration(i, Duration::from_millis(250), Duration::from_secs(86_400)))
                .transpose()?;
            Ok(PanelOverride {
                id: id.clone(),
                title: f.title.clone(),
                tab,
                query: f.query.clone(),
                kind,
                unit,
                warn: f.warn,
                critical: f.critical,
                higher_is_better: f.higher_is_better,
                target: f.target,
                interval,
            })
        })
        .collect()
}

/// Every environment of the file, demo first; panels and SLOs apply to every Prometheus one.
pub(super) fn environments(
    files: &BTreeMap<Spanned<String>, EnvironmentFile>,
    slo: &SloSettings,
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
        let prometheus_auth = auth(file.auth.as_ref())?;
        let alertmanager = match &file.alertmanager {
            Some(am) => {
                let am_auth = match &file.alertmanager_auth {
                    Some(a) => auth(Some(a))?,
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
        let monthly_budget = match &file.monthly_budget {
            Some(b) if !(b.get_ref().is_finite() && *b.get_ref() > 0.0) => {
                return Err(spanned(b, "monthly-budget must be above 0"));
            }
            Some(b) => *b.get_ref(),
            None => DEFAULT_BUDGET,
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
        };
        list.push(EnvironmentConfig {
            name: name.get_ref().clone(),
            tier,
            source: SourceConfig::Prometheus(Box::new(settings)),
        });
    }
    Ok(list)
}
