//! `[slo]` and `[[panels]]` of config.toml: the objectives the built-in panels measure
//! against, and the user's changes to those panels or panels of their own.

use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use super::settings::parse_duration;
use super::values::{SpanError, duration, spanned};
use crate::sources::prometheus::panels::PanelOverride;
use crate::sources::prometheus::settings::{QueryKind, SloSettings};

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
