//! Panel readings (the query, its freshness and the first series of its raw result) for the
//! inspect view, and the monitoring stack's own health for the header.

use super::Results;
use crate::domain::monitoring::AlertmanagerStatus;
use crate::domain::{MonitoringHealth, PanelReading, PanelStatus, PanelValue, Unit};
use crate::sources::prometheus::jobs::Request;
use crate::sources::prometheus::records::{JobData, JobRecord};
use crate::sources::prometheus::{InstantSample, Labels};

/// Series kept per reading: enough to see the shape of a result, bounded for memory.
const VALUES_SHOWN: usize = 25;

pub fn render_labels(labels: &Labels) -> String {
    let name = labels
        .iter()
        .find(|(k, _)| k == "__name__")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    let rest: Vec<String> = labels
        .iter()
        .filter(|(k, _)| k != "__name__")
        .map(|(k, v)| format!("{k}=\"{v}\""))
        .collect();
    if rest.is_empty() && name.is_empty() {
        "{}".into()
    } else {
        format!("{name}{{{}}}", rest.join(", "))
    }
}

fn values(data: &JobData) -> (Vec<PanelValue>, usize) {
    let instant = |samples: &[InstantSample]| {
        samples
            .iter()
            .take(VALUES_SHOWN)
            .map(|s| PanelValue {
                labels: render_labels(&s.labels),
                value: s.value,
            })
            .collect()
    };
    match data {
        JobData::Empty => (Vec::new(), 0),
        JobData::Instant(samples) => (instant(samples), samples.len()),
        JobData::Range(buffer) => (
            buffer
                .series()
                .iter()
                .take(VALUES_SHOWN)
                .map(|s| PanelValue {
                    labels: format!("{} ({} points)", render_labels(&s.labels), s.points.len()),
                    value: s.points.last().map_or(f64::NAN, |p| p.1),
                })
                .collect(),
            buffer.series().len(),
        ),
        JobData::PrometheusAlerts(alerts) => counted("alerts", alerts.len()),
        JobData::AlertmanagerAlerts(alerts) => counted("alerts", alerts.len()),
        JobData::Rules(rules) => counted("rules", rules.rules),
        JobData::Targets(targets) => counted("targets up", targets.up),
    }
}

#[allow(clippy::cast_precision_loss)]
fn counted(what: &str, n: usize) -> (Vec<PanelValue>, usize) {
    (
        vec![PanelValue {
            labels: what.into(),
            value: n as f64,
        }],
        1,
    )
}

fn status(record: &JobRecord, interval: std::time::Duration) -> PanelStatus {
    PanelStatus {
        last_success: record.last_success,
        error: record.error.clone(),
        interval,
    }
}

pub fn panels(results: &Results) -> Vec<PanelReading> {
    let poller = results.poller;
    let mut readings: Vec<PanelReading> = poller
        .settings
        .panels
        .iter()
        .zip(&poller.panel_jobs)
        .map(|(panel, &job)| {
            let (query, kind) = poller.jobs[job].request.describe();
            let (values, series) = values(&poller.records[job].data);
            PanelReading {
                id: panel.id.clone(),
                title: panel.title.clone(),
                custom: panel.custom,
                tab: panel.tab,
                query,
                kind,
                unit: panel.unit,
                warn: panel.warn,
                critical: panel.critical,
                higher_is_better: panel.higher_is_better,
                target: panel.target,
                status: status(&poller.records[job], poller.jobs[job].interval),
                values,
                series,
            }
        })
        .collect();
    for (job, record) in poller.jobs.iter().zip(&poller.records) {
        let (id, title) = match job.request {
            Request::PrometheusAlerts => ("prometheus-alerts", "alerts (Prometheus)"),
            Request::AlertmanagerAlerts => ("alertmanager-alerts", "alerts (Alertmanager)"),
            Request::Rules => ("prometheus-rules", "rule health"),
            Request::Targets => ("prometheus-targets", "scrape targets"),
            Request::Instant(_) | Request::Range { .. } => continue,
        };
        let (query, kind) = job.request.describe();
        let (values, series) = values(&record.data);
        readings.push(PanelReading {
            id: id.into(),
            title: title.into(),
            custom: false,
            tab: None,
            query,
            kind,
            unit: Unit::Count,
            warn: None,
            critical: None,
            higher_is_better: false,
            target: None,
            status: status(record, job.interval),
            values,
            series,
        });
    }
    readings
}

pub fn monitoring(results: &Results) -> MonitoringHealth {
    let targets = match results.api(&Request::Targets).map(|r| &r.data) {
        Some(JobData::Targets(t)) => Some(t),
        _ => None,
    };
    let rules = match results.api(&Request::Rules).map(|r| &r.data) {
        Some(JobData::Rules(r)) => Some(r),
        _ => None,
    };
    let alertmanager = match results.api(&Request::AlertmanagerAlerts) {
        None => AlertmanagerStatus::NotConfigured,
        Some(JobRecord {
            error: Some(error), ..
        }) => AlertmanagerStatus::Failed(error.clone()),
        Some(JobRecord {
            last_success: Some(_),
            ..
        }) => AlertmanagerStatus::Reachable,
        Some(_) => AlertmanagerStatus::Unknown,
    };
    MonitoringHealth {
        targets_up: targets.map(|t| t.up),
        targets_down: targets.map(|t| t.down.clone()).unwrap_or_default(),
        targets_unknown: targets.map_or(0, |t| t.unknown),
        rules_total: rules.map(|r| r.rules),
        rules_unhealthy: rules.map(|r| r.unhealthy.clone()).unwrap_or_default(),
        alertmanager,
    }
}
