//! Turning the model's state into the owned `FleetSnapshot` the console shows, and the alerts
//! that fire on it.

use std::collections::BTreeMap;

use crate::domain::{
    Alert, AlertState, FleetSnapshot, Health, LatencyView, Policy, ReadinessView, ScalingGroup,
    ScalingView, ServiceLatency, TimeToScale, Topic,
};

use super::readiness::{self, LiveFigures};
use super::services;
use super::{Simulator, security};

impl Simulator {
    pub fn snapshot(&self) -> FleetSnapshot {
        let latency = self.latency();
        let scaling = self.scaling();
        let api = &latency.services[0];
        let figures = LiveFigures {
            api_p99_ms: api.p99_ms.unwrap_or(f64::NAN),
            worst_p95_ms: latency
                .services
                .iter()
                .filter_map(|s| s.p95_ms)
                .fold(0.0, f64::max),
            error_ratio: api.error_ratio.unwrap_or(f64::NAN),
            web_cpu_percent: scaling.groups[0].cpu_percent.unwrap_or(f64::NAN),
            web_memory_percent: scaling.groups[0].memory_percent.unwrap_or(f64::NAN),
            capacity_rps: f64::from(self.groups[0].in_service) * super::WEB_CAPACITY_RPS * 0.75,
            cache_hit_ratio: scaling
                .cache
                .as_ref()
                .and_then(|c| c.hit_ratio)
                .unwrap_or(f64::NAN),
            within_max: self.groups.iter().all(|g| g.desired <= g.max),
        };
        FleetSnapshot {
            taken_at: self.now,
            cost: Some(
                self.ledger
                    .view(self.now, 5.0 * self.groups[0].hourly_price),
            ),
            security: Some(security::view(self.seed, self.started, self.now)),
            readiness: Some(ReadinessView {
                checks: readiness::checks(self.seed, self.now, &figures),
            }),
            scaling: Some(scaling),
            latency: Some(latency),
            alerts: self.alerts.clone(),
            panels: Vec::new(),
            monitoring: None,
        }
    }

    fn latency(&self) -> LatencyView {
        let u = self.web_utilisation();
        // Minutes the services have counted, in days: how much of a window is really there.
        let history_days = (self.now - self.history_start).num_minutes() as f64 / 1440.0;
        let services = self
            .services
            .iter()
            .map(|s| {
                let objective = self.objectives.of(s.name);
                let budget = s.budget(objective);
                let rps = self.web_rps * s.share;
                let h = s.histogram(rps, u);
                let ms = |q| Some(h.quantile(q) * 1000.0).filter(|v: &f64| v.is_finite());
                ServiceLatency {
                    name: s.name.into(),
                    p50_ms: ms(0.5),
                    p90_ms: ms(0.9),
                    p95_ms: ms(0.95),
                    p99_ms: ms(0.99),
                    requests_per_second: Some(rps),
                    error_ratio: Some(services::error_ratio(u)),
                    objective: objective.clone(),
                    history_days: Some(history_days),
                    error_budget_remaining: budget.remaining,
                    burn_rates: budget.burn_rates,
                    time_to_exhaustion: budget.exhaustion,
                    p99_history: s.p99_trend.trend(),
                }
            })
            .collect();
        LatencyView {
            omitted: 0,
            services,
        }
    }

    fn scaling(&self) -> ScalingView {
        let u = self.web_utilisation();
        let worker_u = self.web_rps * super::WORKER_SHARE
            / (f64::from(self.groups[1].in_service.max(1)) * super::WORKER_CAPACITY);
        let groups = self
            .groups
            .iter()
            .zip([u, worker_u])
            .map(|(g, u)| ScalingGroup {
                name: g.name.clone(),
                instance_type: g.instance_type.clone(),
                in_service: g.in_service,
                desired: g.desired,
                min: g.min,
                max: g.max,
                cpu_percent: Some((u * 100.0).min(100.0)),
                memory_percent: Some(super::memory_percent(u)),
                policy: g.policy.clone().map_or(Policy::Fixed, Policy::Step),
                pending: Some(g.desired.saturating_sub(g.in_service)),
                unhealthy: None,
                suspended: g.suspended.iter().cloned().collect(),
                instances: if g.name == "web" {
                    self.instances.trend()
                } else {
                    super::TrendBuffer::default().trend()
                },
            })
            .collect();
        let mut events: Vec<_> = self
            .groups
            .iter()
            .flat_map(|g| g.events.iter().cloned())
            .collect();
        events.sort_by_key(|e| std::cmp::Reverse(e.at));
        events.truncate(50);
        ScalingView {
            groups,
            time_to_scale: TimeToScale::of_events(&events, "simulated scale-outs"),
            events,
            databases: self.data_tier.databases(),
            cache: Some(self.data_tier.cache()),
        }
    }

    /// Recomputes the firing alerts, keeping each one's start time while it keeps firing.
    pub(super) fn evaluate_alerts(&mut self) {
        let u = self.web_utilisation();
        let api = &self.services[0];
        let api_p99 = api.histogram(self.web_rps, u).quantile(0.99) * 1000.0;
        let objective = self.objectives.of(api.name);
        let p99_target = objective.latency_threshold_ms;
        let web = &self.groups[0];
        // (identity, name, severity, topic, summary): identity keeps "since" across re-evaluations.
        let mut firing: Vec<(String, &str, Health, Topic, String)> = Vec::new();
        if api_p99 > p99_target {
            firing.push((
                "HighLatencyP99".into(),
                "HighLatencyP99",
                Health::Critical,
                Topic::Latency,
                format!("api p99 {api_p99:.0}ms > {p99_target:.0}ms"),
            ));
        }
        let errors = services::error_ratio(u);
        if errors > objective.error_budget() {
            firing.push((
                "HighErrorRate".into(),
                "HighErrorRate",
                Health::Warning,
                Topic::Latency,
                format!(
                    "error ratio {:.2}% burns the {} budget",
                    errors * 100.0,
                    objective.availability_label()
                ),
            ));
        }
        if web.desired >= web.max {
            firing.push((
                "WebAtMaxCapacity".into(),
                "WebAtMaxCapacity",
                Health::Critical,
                Topic::Scaling,
                format!("web at max {} instances", web.max),
            ));
        } else if web.in_service < web.desired {
            firing.push((
                "ScaleOutInProgress".into(),
                "ScaleOutInProgress",
                Health::Warning,
                Topic::Scaling,
                format!("web {} of {} in service", web.in_service, web.desired),
            ));
        }
        // Today's counts and the certificates only: the 14-day trend is for the snapshot.
        let critical = security::counts_on(self.seed, self.now.date_naive()).critical;
        if critical > 0 {
            firing.push((
                "CriticalVulnerabilities".into(),
                "CriticalVulnerabilities",
                Health::Critical,
                Topic::Security,
                format!("{critical} critical CVEs open"),
            ));
        }
        for cert in &security::certificates(self.started) {
            let days = (cert.not_after - self.now).num_days();
            if days < 14 {
                let severity = if days < 7 {
                    Health::Critical
                } else {
                    Health::Warning
                };
                firing.push((
                    format!("cert:{}", cert.name),
                    "CertificateExpiringSoon",
                    severity,
                    Topic::Security,
                    format!("{} expires in {days} days", cert.name),
                ));
            }
        }
        let cost = self.ledger.view(self.now, 0.0);
        if cost
            .forecast_month_end
            .is_some_and(|f| f > cost.monthly_budget)
        {
            firing.push((
                "BudgetForecastOver".into(),
                "BudgetForecastOver",
                Health::Warning,
                Topic::Cost,
                "month-end forecast exceeds the budget".into(),
            ));
        }
        let now = self.now;
        let mut since_by_identity = BTreeMap::new();
        let mut alerts = Vec::new();
        for (identity, name, severity, topic, summary) in firing {
            let since = self.alert_since.get(&identity).copied().unwrap_or(now);
            since_by_identity.insert(identity, since);
            alerts.push(Alert {
                name: name.into(),
                severity,
                state: AlertState::Firing,
                topic: Some(topic),
                since,
                summary,
                labels: vec![("alertname".into(), name.into())],
                silenced_by: Vec::new(),
            });
        }
        // Alerts that stopped firing are forgotten: a new breach starts a new "since".
        self.alert_since = since_by_identity;
        self.alerts = alerts;
    }
}
