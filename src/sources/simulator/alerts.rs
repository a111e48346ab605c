//! The alerts the simulated fleet fires, re-evaluated every recorded minute: latency and error
//! budgets, scaling (a group at its maximum, scaling out, saturated), the ALAWAEL plan's
//! database decision tree (primary CPU, replica lag, connection pool), security and cost.

use std::collections::BTreeMap;

use chrono::Duration;

use super::{Simulator, security};
use crate::domain::scaling::database_targets as db;
use crate::domain::{Alert, AlertState, DatabaseRole, Health, Topic};

/// One firing alert before it gets its start time.
struct Firing {
    /// Keeps "since" across re-evaluations (an alert name plus its subject).
    identity: String,
    name: &'static str,
    severity: Health,
    topic: Topic,
    summary: String,
    /// The service, group or node it is about.
    subject: Option<(&'static str, String)>,
}

fn firing(name: &'static str, severity: Health, topic: Topic, summary: String) -> Firing {
    Firing {
        identity: name.into(),
        name,
        severity,
        topic,
        summary,
        subject: None,
    }
}

impl Firing {
    fn about(self, label: &'static str, value: &str) -> Self {
        Self {
            identity: format!("{}:{value}", self.name),
            subject: Some((label, value.into())),
            ..self
        }
    }
}

impl Simulator {
    /// Recomputes the firing alerts, keeping each one's start time while it keeps firing.
    pub(super) fn evaluate_alerts(&mut self) {
        let mut list = self.service_alerts();
        list.extend(self.scaling_alerts());
        list.extend(self.database_alerts());
        list.extend(self.security_and_cost_alerts());
        let now = self.now;
        let mut since_by_identity = BTreeMap::new();
        let mut alerts = Vec::new();
        for f in list {
            let since = self.alert_since.get(&f.identity).copied().unwrap_or(now);
            since_by_identity.insert(f.identity, since);
            let mut labels = vec![("alertname".to_string(), f.name.to_string())];
            labels.extend(f.subject.map(|(k, v)| (k.to_string(), v)));
            labels.sort();
            alerts.push(Alert {
                name: f.name.into(),
                severity: f.severity,
                state: AlertState::Firing,
                topic: Some(f.topic),
                since,
                summary: f.summary,
                labels,
                silenced_by: Vec::new(),
            });
        }
        // Alerts that stopped firing are forgotten: a new breach starts a new "since".
        self.alert_since = since_by_identity;
        self.alerts = alerts;
    }

    fn service_alerts(&self) -> Vec<Firing> {
        let conditions = self.conditions();
        let mut list = Vec::new();
        let api = &self.services[0];
        let api_p99 = api.histogram(self.web_rps, &conditions).quantile(0.99) * 1000.0;
        let p99_target = self.objectives.of(api.name).latency_threshold_ms;
        if api_p99 > p99_target {
            list.push(firing(
                "HighLatencyP99",
                Health::Critical,
                Topic::Latency,
                format!("api p99 {api_p99:.0}ms > {p99_target:.0}ms"),
            ));
        }
        for service in &self.services {
            let errors = service.error_ratio(&conditions);
            // Against the service's own objective: 0.04 % burns payments' 99.95 %, not api's.
            let objective = self.objectives.of(service.name);
            if errors > objective.error_budget() {
                let summary = format!(
                    "{} error ratio {:.2}% burns the {} budget",
                    service.name,
                    errors * 100.0,
                    objective.availability_label()
                );
                list.push(
                    firing("HighErrorRate", Health::Warning, Topic::Latency, summary)
                        .about("service", service.name),
                );
            }
        }
        list
    }

    fn scaling_alerts(&self) -> Vec<Firing> {
        let mut list = Vec::new();
        let web = &self.groups[0];
        if web.desired >= web.max {
            list.push(firing(
                "WebAtMaxCapacity",
                Health::Critical,
                Topic::Scaling,
                format!("web at max {} instances", web.max),
            ));
        } else if web.in_service() < web.desired {
            list.push(firing(
                "ScaleOutInProgress",
                Health::Warning,
                Topic::Scaling,
                format!("web {} of {} in service", web.in_service(), web.desired),
            ));
        }
        for group in self.group_views().iter().filter(|g| g.saturated()) {
            let summary = format!(
                "{} at {:.0}% CPU with no room to grow ({} of max {})",
                group.name,
                group.cpu_percent.unwrap_or(f64::NAN),
                group.desired,
                group.max
            );
            list.push(
                firing("GroupSaturated", Health::Critical, Topic::Scaling, summary)
                    .about("group", &group.name),
            );
        }
        list
    }

    /// The plan's decision tree: CPU > 75 % for 15 min → a bigger class; lag > 1 s → another
    /// replica; and a pool near its 150 connections.
    fn database_alerts(&self) -> Vec<Firing> {
        let mut list = Vec::new();
        let hot_for = self
            .data_tier
            .primary_hot_since
            .map(|since| self.now - since);
        for node in self.data_tier.databases() {
            let cpu = node.cpu_percent.unwrap_or(f64::NAN);
            if node.role == DatabaseRole::Primary
                && hot_for.is_some_and(|d| d >= Duration::minutes(db::HOT_MINUTES))
            {
                let summary = format!(
                    "{} CPU {cpu:.0}% > {:.0}% for {}m: consider db.r5.xlarge",
                    node.name,
                    db::CPU_PERCENT,
                    db::HOT_MINUTES
                );
                list.push(
                    firing("DatabaseCpuHigh", Health::Warning, Topic::Scaling, summary)
                        .about("instance", &node.name),
                );
            }
            // A resyncing replica is down, not lagging: its own state says so.
            if let Some(lag) = node
                .replication_lag_seconds
                .filter(|l| node.healthy && *l > db::LAG_SECONDS)
            {
                let summary = format!(
                    "{} lag {lag:.1}s > {:.0}s: add a read replica",
                    node.name,
                    db::LAG_SECONDS
                );
                list.push(
                    firing("ReplicaLagHigh", Health::Warning, Topic::Scaling, summary)
                        .about("instance", &node.name),
                );
            }
            if let (Some(share), Some(used), Some(size)) =
                (node.pool_use(), node.connections, node.pool_size)
                && share >= db::POOL_NEAR_FULL
            {
                let severity = if used >= size {
                    Health::Critical
                } else {
                    Health::Warning
                };
                let summary = format!("{} connection pool {used}/{size} in use", node.name);
                list.push(
                    firing("ConnectionPoolNearFull", severity, Topic::Scaling, summary)
                        .about("instance", &node.name),
                );
            }
        }
        list
    }

    fn security_and_cost_alerts(&self) -> Vec<Firing> {
        let mut list = Vec::new();
        // Today's counts and the certificates only: the 14-day trend is for the snapshot.
        let critical = security::counts_on(self.seed, self.now.date_naive()).critical;
        if critical > 0 {
            list.push(firing(
                "CriticalVulnerabilities",
                Health::Critical,
                Topic::Security,
                format!("{critical} critical CVEs open"),
            ));
        }
        for cert in &self.certificates() {
            let days = (cert.not_after - self.now).num_days();
            if days < 14 {
                let severity = if days < 7 {
                    Health::Critical
                } else {
                    Health::Warning
                };
                let summary = format!("{} expires in {days} days", cert.name);
                list.push(
                    firing(
                        "CertificateExpiringSoon",
                        severity,
                        Topic::Security,
                        summary,
                    )
                    .about("instance", &cert.name),
                );
            }
        }
        let cost = self.ledger.view(self.now, 0.0);
        if cost
            .forecast_month_end
            .is_some_and(|f| f > cost.monthly_budget)
        {
            list.push(firing(
                "BudgetForecastOver",
                Health::Warning,
                Topic::Cost,
                "month-end forecast exceeds the budget".into(),
            ));
        }
        list
    }
}
