//! One alert list from Prometheus and Alertmanager. Alertmanager is the authority for firing
//! alerts (it knows silences and inhibitions); Prometheus adds the pending ones, which
//! Alertmanager never sees. An alert goes to the tab named by its `tab` (or `topic`) label,
//! else to the tab its name suggests, else only to the alert list.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{Results, label};
use crate::domain::{Alert, AlertState, Health, Topic};
use crate::sources::prometheus::jobs::Request;
use crate::sources::prometheus::records::JobData;
use crate::sources::prometheus::{AmAlert, AmState, Labels, PromAlert};

/// Checked in order: "CostBudgetBurn" is cost, "ErrorBudgetBurn" latency, "BudgetExceeded" cost.
const HINTS: [(Topic, &[&str]); 6] = [
    (Topic::Cost, &["cost", "spend", "billing"]),
    (
        Topic::Latency,
        &[
            "latency",
            "p99",
            "p95",
            "slo",
            "errorbudget",
            "burn",
            "errorrate",
            "error_rate",
            "availability",
        ],
    ),
    (
        Topic::Scaling,
        &[
            "scal", "hpa", "replica", "capacity", "cpu", "memory", "instance",
        ],
    ),
    (Topic::Cost, &["budget"]),
    (
        Topic::Security,
        &[
            "vulnerab",
            "cve",
            "cert",
            "tls",
            "ssl",
            "security",
            "compliance",
        ],
    ),
    (
        Topic::Readiness,
        &[
            "readiness",
            "target",
            "scrape",
            "rule",
            "alertmanager",
            "watchdog",
        ],
    ),
];

pub fn topic_of(labels: &Labels) -> Option<Topic> {
    if let Some(named) = ["tab", "topic"].iter().find_map(|k| label(labels, k)) {
        return Topic::from_name(named);
    }
    let name = label(labels, "alertname")
        .unwrap_or_default()
        .to_ascii_lowercase();
    HINTS
        .iter()
        .find(|(_, words)| words.iter().any(|w| name.contains(w)))
        .map(|(topic, _)| *topic)
}

pub fn severity_of(labels: &Labels) -> Health {
    match label(labels, "severity")
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("critical" | "page" | "error" | "high") => Health::Critical,
        Some("info" | "none" | "low") => Health::Ok,
        _ => Health::Warning,
    }
}

fn summary(annotations: &Labels) -> String {
    ["summary", "description", "message"]
        .iter()
        .find_map(|k| label(annotations, k))
        .unwrap_or_default()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

fn alert(
    labels: &Labels,
    annotations: &Labels,
    state: AlertState,
    since: DateTime<Utc>,
    silenced_by: &[String],
) -> Alert {
    Alert {
        name: label(labels, "alertname")
            .unwrap_or("(unnamed)")
            .to_string(),
        severity: severity_of(labels),
        state,
        topic: topic_of(labels),
        since,
        summary: summary(annotations),
        labels: labels.clone(),
        silenced_by: silenced_by.to_vec(),
    }
}

/// Alertmanager's copies of Prometheus's alerts. Alertmanager adds external labels, so its
/// copy carries at least Prometheus's labels. Found without a scan per alert: projected
/// onto a Prometheus alert's label names, its copy has exactly that alert's pairs. One
/// projection per distinct set of label names (about one per rule), so merging is linear.
struct Copies<'a> {
    alerts: &'a [AmAlert],
    by_names: HashMap<Vec<&'a str>, Projection<'a>>,
}

/// Label pairs projected onto one set of names → the first alert having them.
type Projection<'a> = HashMap<Vec<(&'a str, &'a str)>, usize>;

impl<'a> Copies<'a> {
    fn new(alerts: &'a [AmAlert]) -> Self {
        Self {
            alerts,
            by_names: HashMap::new(),
        }
    }

    fn find(&mut self, labels: &'a Labels) -> Option<&'a AmAlert> {
        let names: Vec<&str> = labels.iter().map(|(k, _)| k.as_str()).collect();
        let alerts = self.alerts;
        let index = self.by_names.entry(names).or_insert_with_key(|names| {
            let mut index = HashMap::new();
            for (i, alert) in alerts.iter().enumerate() {
                let projected: Option<Vec<(&str, &str)>> = names
                    .iter()
                    .map(|n| label(&alert.labels, n).map(|v| (*n, v)))
                    .collect();
                if let Some(key) = projected {
                    index.entry(key).or_insert(i);
                }
            }
            index
        });
        let key: Vec<(&str, &str)> = labels
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        index.get(&key).map(|&i| &alerts[i])
    }
}

pub fn merged(results: &Results, now: DateTime<Utc>) -> Vec<Alert> {
    let prometheus: &[PromAlert] = match results.api(&Request::PrometheusAlerts).map(|r| &r.data) {
        Some(JobData::PrometheusAlerts(alerts)) => alerts,
        _ => &[],
    };
    let manager = match results.api(&Request::AlertmanagerAlerts).map(|r| &r.data) {
        Some(JobData::AlertmanagerAlerts(alerts)) => Some(alerts.as_slice()),
        _ => None,
    };
    let mut list: Vec<Alert> = Vec::new();
    let mut copies = manager.map(Copies::new);
    for p in prometheus {
        let pending = p.state == crate::sources::prometheus::AlertState::Pending;
        let since = p.active_at.unwrap_or(now);
        let in_manager = copies.as_mut().and_then(|c| c.find(&p.labels));
        // Firing alerts Alertmanager knows are listed from its side below.
        if pending || in_manager.is_none() {
            let state = if pending {
                AlertState::Pending
            } else {
                AlertState::Firing
            };
            list.push(alert(&p.labels, &p.annotations, state, since, &[]));
        }
    }
    for a in manager.unwrap_or_default() {
        let state = match a.state {
            AmState::Suppressed => AlertState::Silenced,
            AmState::Active | AmState::Unprocessed => AlertState::Firing,
        };
        list.push(alert(
            &a.labels,
            &a.annotations,
            state,
            a.starts_at.unwrap_or(now),
            &a.silenced_by,
        ));
    }
    list.sort_by(|a, b| {
        (a.state, std::cmp::Reverse(a.severity), &a.name).cmp(&(
            b.state,
            std::cmp::Reverse(b.severity),
            &b.name,
        ))
    });
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn routes_by_label_then_by_name() {
        assert_eq!(
            topic_of(&labels(&[("alertname", "Anything"), ("tab", "cost")])),
            Some(Topic::Cost)
        );
        assert_eq!(
            topic_of(&labels(&[("alertname", "HighLatencyP99")])),
            Some(Topic::Latency)
        );
        assert_eq!(
            topic_of(&labels(&[("alertname", "HPAMaxedOut")])),
            Some(Topic::Scaling)
        );
        assert_eq!(topic_of(&labels(&[("alertname", "Mystery")])), None);
        assert_eq!(
            topic_of(&labels(&[("alertname", "ErrorBudgetBurn")])),
            Some(Topic::Latency)
        );
        assert_eq!(
            topic_of(&labels(&[("alertname", "MonthlyBudgetExceeded")])),
            Some(Topic::Cost)
        );
        assert_eq!(
            severity_of(&labels(&[("severity", "page")])),
            Health::Critical
        );
        assert_eq!(severity_of(&labels(&[])), Health::Warning);
    }

    #[test]
    fn finds_alertmanagers_copy_despite_external_labels() {
        let copy = |pairs: &[(&str, &str)]| AmAlert {
            labels: labels(pairs),
            annotations: Vec::new(),
            starts_at: None,
            state: AmState::Active,
            silenced_by: Vec::new(),
            inhibited_by: Vec::new(),
            fingerprint: String::new(),
        };
        let manager = [
            copy(&[("alertname", "A"), ("cluster", "x"), ("service", "api")]),
            copy(&[("alertname", "A"), ("cluster", "x"), ("service", "web")]),
        ];
        let mut copies = Copies::new(&manager);
        let web = labels(&[("alertname", "A"), ("service", "web")]);
        assert_eq!(
            copies.find(&web).map(|a| &a.labels),
            Some(&manager[1].labels)
        );
        let db = labels(&[("alertname", "A"), ("service", "db")]);
        assert!(copies.find(&db).is_none());
        let other = labels(&[("alertname", "A"), ("zone", "a")]);
        assert!(copies.find(&other).is_none(), "a label the copy lacks");
    }
}
