//! Objectives teams already keep: Sloth specs (`version: prometheus/v1`) and OpenSLO v1 `SLO`
//! documents, read so they work unchanged. Only what the console judges is taken: the service,
//! the objective, the window (OpenSLO `timeWindow`; Sloth has none, so the default's) and, for
//! latency objectives, the threshold: a `le="…"` bucket in the SLI's queries (Sloth and
//! OpenSLO ratio SLIs) or an OpenSLO threshold objective's `value`, both in seconds.

use std::path::Path;

use serde::Deserialize;
use serde_norway::Value;

use crate::diagnostic::FileError;
use crate::domain::slo::window_days;

/// What one SLO of a file sets for its service.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct FileObjective {
    pub service: String,
    /// "checkout.yaml: slos[0] \"requests-availability\"": where it came from, for errors.
    pub origin: String,
    pub window_days: Option<u32>,
    pub kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    Availability(f64),
    Latency { threshold_ms: f64, share: f64 },
}

#[derive(Deserialize)]
struct Sloth {
    service: String,
    slos: Vec<SlothSlo>,
}

#[derive(Deserialize)]
struct SlothSlo {
    name: String,
    /// A percentage: 99.9.
    objective: f64,
    sli: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OpenSloSpec {
    service: String,
    indicator: Option<Value>,
    #[serde(default)]
    time_window: Vec<TimeWindow>,
    objectives: Vec<OpenSloObjective>,
}

#[derive(Deserialize)]
struct TimeWindow {
    duration: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OpenSloObjective {
    target: Option<f64>,
    target_percent: Option<f64>,
    value: Option<f64>,
}

/// Every SLO in one file (several YAML documents allowed, as OpenSLO files usually have).
pub(super) fn parse(path: &Path, text: &str) -> Result<Vec<FileObjective>, FileError> {
    let name = path.display().to_string();
    let mut found = Vec::new();
    for document in serde_norway::Deserializer::from_str(text) {
        let value = Value::deserialize(document).map_err(|e| yaml_error(path, &e))?;
        let field = |key: &str| value.get(key).and_then(Value::as_str);
        match (field("version"), field("apiVersion"), field("kind")) {
            (Some("prometheus/v1"), ..) => {
                let spec: Sloth = typed(path, value.clone(), "Sloth spec")?;
                for (i, slo) in spec.slos.iter().enumerate() {
                    let origin = format!("{name}: slos[{i}] {:?}", slo.name);
                    let share = percent(slo.objective, &origin, "objective")?;
                    found.push(FileObjective {
                        service: spec.service.clone(),
                        kind: kind(share, slo.sli.as_ref(), None),
                        origin,
                        window_days: None,
                    });
                }
            }
            (_, Some("openslo/v1"), Some("SLO")) => {
                let slo_name = value
                    .get("metadata")
                    .and_then(|m| m.get("name"))
                    .and_then(Value::as_str)
                    .unwrap_or("?");
                let origin = format!("{name}: SLO {slo_name:?}");
                let spec_value = value.get("spec").cloned().unwrap_or(Value::Null);
                let spec: OpenSloSpec = typed(path, spec_value, &format!("{origin} spec"))?;
                let [objective] = spec.objectives.as_slice() else {
                    return Err(whole(
                        &origin,
                        "spec.objectives: exactly one objective is read",
                    ));
                };
                let share = match (objective.target, objective.target_percent) {
                    (Some(t), None) => percent(t * 100.0, &origin, "spec.objectives[0].target")?,
                    (None, Some(p)) => percent(p, &origin, "spec.objectives[0].targetPercent")?,
                    _ => {
                        return Err(whole(
                            &origin,
                            "spec.objectives[0]: give target or targetPercent",
                        ));
                    }
                };
                let window_days =
                    match spec.time_window.as_slice() {
                        [] => None,
                        [w] => Some(window_days(&w.duration).map_err(|m| {
                            whole(&origin, format!("spec.timeWindow[0].duration {m}"))
                        })?),
                        _ => return Err(whole(&origin, "spec.timeWindow: one window only")),
                    };
                found.push(FileObjective {
                    service: spec.service,
                    kind: kind(share, spec.indicator.as_ref(), objective.value),
                    origin,
                    window_days,
                });
            }
            // Services, SLIs, alert policies: nothing the console judges.
            (_, Some(api), _) if api.starts_with("openslo/") => {}
            _ => {
                return Err(FileError::whole_file(
                    path,
                    "not a Sloth spec (version: prometheus/v1) or an OpenSLO v1 document",
                ));
            }
        }
    }
    Ok(found)
}

fn typed<T: serde::de::DeserializeOwned>(
    path: &Path,
    value: Value,
    what: &str,
) -> Result<T, FileError> {
    serde_norway::from_value(value).map_err(|e| FileError::whole_file(path, format!("{what}: {e}")))
}

fn yaml_error(path: &Path, error: &serde_norway::Error) -> FileError {
    let (line, column) = error.location().map_or((0, 0), |l| (l.line(), l.column()));
    FileError {
        path: path.to_path_buf(),
        line,
        column,
        message: error.to_string(),
    }
}

fn whole(origin: &str, message: impl std::fmt::Display) -> FileError {
    FileError::whole_file(Path::new(origin), message.to_string())
}

/// A percentage between 50 and 100 (exclusive) as a fraction.
fn percent(value: f64, origin: &str, field: &str) -> Result<f64, FileError> {
    if value > 50.0 && value < 100.0 {
        Ok(value / 100.0)
    } else {
        Err(whole(
            origin,
            format!("{field} {value}: an objective is between 50 % and 100 %"),
        ))
    }
}

/// Latency when a threshold is named, availability otherwise.
fn kind(share: f64, sli: Option<&Value>, threshold_seconds: Option<f64>) -> Kind {
    match threshold_seconds.or_else(|| sli.and_then(bucket_bound)) {
        Some(seconds) => Kind::Latency {
            threshold_ms: seconds * 1000.0,
            share,
        },
        None => Kind::Availability(share),
    }
}

/// The first `le="0.3"` (or `le=~"0.3"`) matcher in any query string under `value`.
fn bucket_bound(value: &Value) -> Option<f64> {
    match value {
        Value::String(query) => {
            let start = query
                .find("le=\"")
                .map(|i| i + 4)
                .or_else(|| query.find("le=~\"").map(|i| i + 5))?;
            let rest = &query[start..];
            let number: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            number.parse().ok().filter(|v: &f64| *v > 0.0)
        }
        Value::Mapping(map) => map.values().find_map(bucket_bound),
        Value::Sequence(items) => items.iter().find_map(bucket_bound),
        Value::Tagged(tagged) => bucket_bound(&tagged.value),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
