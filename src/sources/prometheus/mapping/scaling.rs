//! Scaling view from kube-state-metrics: one group per HPA, plus deployments no HPA targets
//! (sized by hand). Scaling events are the changes of desired replicas the range data shows:
//! the HPA's own (automatic) decisions, done when the current count reached the new desired
//! count. When the metric first crossed the target is not in kube-state-metrics, so these
//! events have a provisioning time but no trigger delay.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};

use super::{Chart, Results, label, series_by};
use crate::domain::{
    Cause, Policy, ScalingEvent, ScalingGroup, ScalingTimings, ScalingView, Series, Trend,
};
use crate::sources::prometheus::{InstantSample, RangeSeries};

const HPA: &str = "horizontalpodautoscaler";
const PREFIX: &str = "kube_horizontalpodautoscaler_";
/// Bounded like the simulator's list: the newest events only.
const EVENTS_KEPT: usize = 20;

#[derive(Default)]
struct Fields {
    min: Option<f64>,
    max: Option<f64>,
    current: Option<f64>,
    desired: Option<f64>,
    cpu: Option<f64>,
    memory: Option<f64>,
    cpu_target: Option<f64>,
    memory_target: Option<f64>,
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn count(value: Option<f64>) -> u32 {
    value
        .filter(|v| v.is_finite() && *v >= 0.0)
        .map_or(0, |v| v.round() as u32)
}

fn hpa_fields(samples: &[InstantSample]) -> (BTreeMap<String, Fields>, BTreeSet<String>) {
    let mut groups: BTreeMap<String, Fields> = BTreeMap::new();
    let mut targets = BTreeSet::new();
    for sample in samples {
        let (Some(name), Some(metric)) = (
            label(&sample.labels, HPA),
            label(&sample.labels, "__name__"),
        ) else {
            continue;
        };
        let fields = groups.entry(name.to_string()).or_default();
        let value = Some(sample.value).filter(|v| v.is_finite());
        match metric.strip_prefix(PREFIX).unwrap_or_default() {
            "info" => {
                if let Some(target) = label(&sample.labels, "scaletargetref_name") {
                    targets.insert(target.to_string());
                }
            }
            "spec_min_replicas" => fields.min = value,
            "spec_max_replicas" => fields.max = value,
            "status_current_replicas" => fields.current = value,
            "status_desired_replicas" => fields.desired = value,
            "status_target_metric" => match label(&sample.labels, "metric_name") {
                Some("cpu") => fields.cpu = value,
                Some("memory") => fields.memory = value,
                _ => {}
            },
            "spec_target_metric" => match label(&sample.labels, "metric_name") {
                Some("cpu") => fields.cpu_target = value,
                Some("memory") => fields.memory_target = value,
                _ => {}
            },
            _ => {}
        }
    }
    (groups, targets)
}

pub fn view(results: &Results) -> Option<ScalingView> {
    let hpa = results.instant("scaling-hpa");
    let deployments = results.instant("scaling-deployments");
    if hpa.is_none() && deployments.is_none() {
        return None;
    }
    let (fields, targets) = hpa.map(|(_, s)| hpa_fields(s)).unwrap_or_default();
    let charts = Charts::new(results);
    let mut groups: Vec<ScalingGroup> = fields
        .into_iter()
        .map(|(name, f)| ScalingGroup {
            instances: charts.of(&name),
            instance_type: "HPA".into(),
            in_service: count(f.current),
            desired: count(f.desired),
            min: count(f.min),
            max: count(f.max),
            cpu_percent: f.cpu,
            memory_percent: f.memory,
            cpu_max_1h: None,
            policy: Policy::TargetTracking {
                cpu_percent: f.cpu_target,
                memory_percent: f.memory_target,
            },
            pending: None,
            unhealthy: None,
            suspended: Vec::new(),
            hold: crate::domain::scaling::Hold::Unknown,
            name,
        })
        .collect();
    let mut fixed: BTreeMap<&str, (Option<f64>, Option<f64>)> = BTreeMap::new();
    for sample in deployments.map(|(_, s)| s).unwrap_or_default() {
        let (Some(name), Some(metric)) = (
            label(&sample.labels, "deployment"),
            label(&sample.labels, "__name__"),
        ) else {
            continue;
        };
        if targets.contains(name) || listed(&groups, name) {
            continue;
        }
        let entry = fixed.entry(name).or_default();
        match metric {
            "kube_deployment_spec_replicas" => entry.0 = Some(sample.value),
            "kube_deployment_status_replicas_available" => entry.1 = Some(sample.value),
            _ => {}
        }
    }
    groups.extend(
        fixed
            .into_iter()
            .map(|(name, (desired, available))| ScalingGroup {
                name: name.to_string(),
                instance_type: "Deployment".into(),
                in_service: count(available),
                desired: count(desired),
                min: count(desired),
                max: count(desired),
                cpu_percent: None,
                memory_percent: None,
                cpu_max_1h: None,
                policy: Policy::Fixed,
                instances: Trend {
                    fine: Series::empty(Duration::minutes(1)),
                    coarse: Series::empty(Duration::hours(1)),
                },
                pending: None,
                unhealthy: None,
                suspended: Vec::new(),
                hold: crate::domain::scaling::Hold::Unknown,
            }),
    );
    if groups.is_empty() {
        return None;
    }
    let events = events(results);
    Some(ScalingView {
        timings: ScalingTimings::of(&events, "observed desired → available"),
        events,
        groups,
        databases: Vec::new(),
        cache: None,
    })
}

/// Whether a group of that name is already listed (HPAs come sorted by name).
fn listed(groups: &[ScalingGroup], name: &str) -> bool {
    groups
        .binary_search_by(|g| g.name.as_str().cmp(name))
        .is_ok()
}

/// The replica charts, indexed by HPA once.
struct Charts<'a> {
    fine: Chart<'a>,
    coarse: Chart<'a>,
}

impl<'a> Charts<'a> {
    fn new(results: &Results<'a>) -> Self {
        Self {
            fine: Chart::new(
                results,
                "scaling-replicas-fine",
                HPA,
                Duration::minutes(1),
                |labels| label(labels, "__name__") == Some(CURRENT),
            ),
            coarse: Chart::new(
                results,
                "scaling-replicas-coarse",
                HPA,
                Duration::hours(1),
                |_| true,
            ),
        }
    }

    fn of(&self, group: &str) -> Trend {
        Trend {
            fine: self.fine.of(group),
            coarse: self.coarse.of(group),
        }
    }
}

const CURRENT: &str = "kube_horizontalpodautoscaler_status_current_replicas";

/// Desired-replica changes seen in the 6 h range, newest first.
fn events(results: &Results) -> Vec<ScalingEvent> {
    let Some((_, buffer)) = results.range("scaling-replicas-fine") else {
        return Vec::new();
    };
    let series = buffer.series();
    let named = |metric: &'static str| {
        series
            .iter()
            .filter(move |s| label(&s.labels, "__name__") == Some(metric))
    };
    let currents = series_by(series, HPA, |labels| {
        label(labels, "__name__") == Some(CURRENT)
    });
    let mut events = Vec::new();
    for desired in named("kube_horizontalpodautoscaler_status_desired_replicas") {
        let Some(group) = label(&desired.labels, HPA) else {
            continue;
        };
        let current = currents.get(group).copied();
        for pair in desired.points.windows(2) {
            let ((_, from), (at, to)) = (pair[0], pair[1]);
            if (from - to).abs() < 0.5 || !from.is_finite() || !to.is_finite() {
                continue;
            }
            let Some(at_time) = time(at) else { continue };
            events.push(ScalingEvent {
                group: group.to_string(),
                at: at_time,
                from: count(Some(from)),
                to: count(Some(to)),
                reason: "desired replicas changed (observed in Prometheus)".into(),
                cause: Cause::Automatic {
                    policy: group.to_string(),
                },
                trigger: None,
                done: current.and_then(|c| reached(c, at, to)),
            });
        }
    }
    events.sort_by_key(|e| std::cmp::Reverse(e.at));
    events.truncate(EVENTS_KEPT);
    events
}

/// When, from `at` on, the current count first reached `target`; `None` while pending.
fn reached(current: &RangeSeries, at: f64, target: f64) -> Option<DateTime<Utc>> {
    let (when, _) = current
        .points
        .iter()
        .find(|(t, v)| *t >= at && (*v - target).abs() < 0.5)?;
    time(*when)
}

#[allow(clippy::cast_possible_truncation)]
fn time(unix: f64) -> Option<DateTime<Utc>> {
    DateTime::<Utc>::from_timestamp_millis((unix * 1000.0) as i64)
}
