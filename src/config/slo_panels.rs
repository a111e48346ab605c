//! `[slo]` and `[[panels]]` of config.toml: every service's objective (a default, objective
//! files, per-service tables), and the user's changes to the built-in panels or panels of
//! their own.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use super::objective_files::{self, FileObjective, Kind};
use super::values::{SpanError, duration, spanned};
use crate::diagnostic::FileError;
use crate::domain::slo::{Objective, Objectives};
use crate::sources::prometheus::panels::PanelOverride;
use crate::sources::prometheus::settings::QueryKind;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct SloFile {
    default: Option<ObjectiveFile>,
    services: Option<BTreeMap<Spanned<String>, ObjectiveFile>>,
    /// Sloth specs and OpenSLO documents (files, or folders of `.yaml`/`.yml`).
    objective_files: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ObjectiveFile {
    availability: Option<Spanned<f64>>,
    latency_threshold: Option<Spanned<String>>,
    latency_share: Option<Spanned<f64>>,
    window: Option<Spanned<String>>,
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

/// A mistake in config.toml (at a span) or in an objective file it names.
pub(super) enum SloError {
    Span(SpanError),
    File(FileError),
}

impl From<SpanError> for SloError {
    fn from(error: SpanError) -> Self {
        Self::Span(error)
    }
}

/// The default, then objective files (relative to config.toml's folder), then
/// `[slo.services.NAME]`: each later one replaces what it names, the rest is inherited.
pub(super) fn slo(file: Option<&SloFile>, config_dir: &Path) -> Result<Objectives, SloError> {
    let mut slo = Objectives::default();
    let Some(file) = file else { return Ok(slo) };
    if let Some(default) = &file.default {
        slo.default = objective(default, &slo.default)?;
    }
    let mut origins = BTreeMap::new();
    for entry in file.objective_files.iter().flatten() {
        let path = config_dir.join(entry.get_ref());
        for (path, text) in yaml_files(&path).map_err(|m| spanned(entry, m))? {
            let found = objective_files::parse(&path, &text).map_err(SloError::File)?;
            apply(&mut slo, &mut origins, found).map_err(SloError::File)?;
        }
    }
    for (name, table) in file.services.iter().flatten() {
        let base = slo.of(name.get_ref()).clone();
        let own = objective(table, &base)?;
        slo.services.insert(name.get_ref().clone(), own);
    }
    Ok(slo)
}

fn objective(file: &ObjectiveFile, base: &Objective) -> Result<Objective, SpanError> {
    let mut objective = base.clone();
    let fraction = |v: &Spanned<f64>, what: &str| {
        let value = *v.get_ref();
        if value > 0.5 && value < 1.0 {
            Ok(value)
        } else {
            Err(spanned(
                v,
                format!("{what} is a fraction between 0.5 and 1 (e.g. 0.999)"),
            ))
        }
    };
    if let Some(a) = &file.availability {
        objective.availability = fraction(a, "availability")?;
    }
    if let Some(share) = &file.latency_share {
        objective.latency_share = fraction(share, "latency-share")?;
    }
    if let Some(threshold) = &file.latency_threshold {
        objective.latency_threshold_ms = duration(
            threshold,
            Duration::from_millis(1),
            Duration::from_secs(600),
        )?
        .as_secs_f64()
            * 1000.0;
    }
    if let Some(window) = &file.window {
        objective.window_days =
            crate::domain::slo::window_days(window.get_ref()).map_err(|m| spanned(window, m))?;
    }
    Ok(objective)
}

/// The file, or a folder's `.yaml`/`.yml` files in name order, with their text.
fn yaml_files(path: &Path) -> Result<Vec<(PathBuf, String)>, String> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
    };
    if !path.is_dir() {
        return Ok(vec![(path.to_path_buf(), read(path)?)]);
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| Ok((p.clone(), read(&p)?)))
        .collect()
}

/// Files' objectives onto the services; one service may have one availability and one
/// latency objective across all files (two would leave which one counts to chance).
fn apply(
    slo: &mut Objectives,
    origins: &mut BTreeMap<(String, bool), String>,
    found: Vec<FileObjective>,
) -> Result<(), FileError> {
    for f in found {
        let mut objective = slo.of(&f.service).clone();
        if let Some(days) = f.window_days {
            objective.window_days = days;
        }
        match f.kind {
            Kind::Availability(a) => objective.availability = a,
            Kind::Latency {
                threshold_ms,
                share,
            } => {
                objective.latency_threshold_ms = threshold_ms;
                objective.latency_share = share;
            }
        }
        let key = (f.service.clone(), matches!(f.kind, Kind::Latency { .. }));
        if let Some(first) = origins.insert(key, f.origin.clone()) {
            return Err(FileError::whole_file(
                Path::new(&f.origin),
                format!(
                    "service {:?} already has this kind of objective from {first}",
                    f.service
                ),
            ));
        }
        slo.services.insert(f.service, objective);
    }
    Ok(())
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
                crate::domain::duration::parse(v.get_ref())
                    .and_then(|d| match chrono::Duration::from_std(d) {
                        _ if d.is_zero() => Err(format!("{:?} must be above 0s", v.get_ref())),
                        converted => converted.map_err(|e| format!("{:?}: {e}", v.get_ref())),
                    })
                    .map_err(|m| spanned(v, m))
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
                Some(t) => {
                    Some(crate::domain::Topic::parse(t.get_ref(), &[]).map_err(|e| spanned(t, e))?)
                }
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
