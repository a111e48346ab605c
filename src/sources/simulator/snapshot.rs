//! Turning the model's state into the owned `FleetSnapshot` the console shows.

use crate::domain::{
    Certificate, DatabaseRole, FleetSnapshot, LatencyView, Policy, ReadinessCheck, ReadinessView,
    ScalingGroup, ScalingTimings, ScalingView, ServiceLatency,
};

use super::readiness::{self, LiveFigures};
use super::{Simulator, security};
use crate::domain::latency::RequestTotals;

impl Simulator {
    pub fn snapshot(&self) -> FleetSnapshot {
        let latency = self.latency();
        let scaling = self.scaling();
        let security = security::view(
            self.seed,
            self.now,
            self.certificates(),
            &self.vulnerabilities(),
        );
        let checks = self.checks(&latency, &scaling, &security.certificates);
        FleetSnapshot {
            taken_at: self.now,
            cost: Some(
                self.ledger
                    .view(self.now, 5.0 * self.groups[0].hourly_price),
            ),
            security: Some(security),
            readiness: Some(ReadinessView { checks }),
            scaling: Some(scaling),
            latency: Some(latency),
            alerts: self.alerts.clone(),
            panels: Vec::new(),
            monitoring: None,
            detail: None,
        }
    }

    /// The readiness checks evaluated now from the fleet's figures.
    pub(super) fn checks(
        &self,
        latency: &LatencyView,
        scaling: &ScalingView,
        certificates: &[Certificate],
    ) -> Vec<ReadinessCheck> {
        let figures = self.live_figures(latency, scaling, certificates);
        let mut checks = readiness::checks(self.seed, self.now, &figures);
        self.with_evaluations(&mut checks);
        checks
    }

    fn live_figures(
        &self,
        latency: &LatencyView,
        scaling: &ScalingView,
        certificates: &[Certificate],
    ) -> LiveFigures {
        let api = &latency.services[0];
        let reporting = latency
            .services
            .iter()
            .filter(|s| s.requests_per_second.is_some_and(|r| r > 0.0))
            .count();
        LiveFigures {
            api_p99_ms: api.p99_ms.unwrap_or(f64::NAN),
            worst_p95_ms: latency
                .services
                .iter()
                .filter_map(|s| s.p95_ms)
                .fold(f64::NAN, f64::max),
            error_ratio: api.error_ratio.unwrap_or(f64::NAN),
            web_cpu_percent: scaling.groups[0].cpu_percent.unwrap_or(f64::NAN),
            web_memory_percent: scaling.groups[0].memory_percent.unwrap_or(f64::NAN),
            capacity_rps: f64::from(self.groups[0].in_service()) * super::WEB_CAPACITY_RPS * 0.75,
            cache_hit_ratio: scaling
                .cache
                .as_ref()
                .and_then(|c| c.hit_ratio)
                .unwrap_or(f64::NAN),
            within_max: self.groups.iter().all(|g| g.desired <= g.max),
            load_test: self.load_test,
            targets_up: (reporting, latency.services.len()),
            soonest_certificate: certificates
                .iter()
                .min_by_key(|c| c.not_after)
                .map(|c| (c.name.clone(), (c.not_after - self.now).num_days())),
            worst_replica_lag: scaling
                .databases
                .iter()
                .filter(|d| d.role == DatabaseRole::Replica)
                .filter_map(|d| d.replication_lag_seconds.map(|l| (d.name.clone(), l)))
                .max_by(|a, b| a.1.total_cmp(&b.1)),
        }
    }

    pub(super) fn latency(&self) -> LatencyView {
        let conditions = self.conditions();
        // Minutes the services have counted, in days: how much of a window is really there.
        let history_days = (self.now - self.history_start).num_minutes() as f64 / 1440.0;
        let services = self
            .services
            .iter()
            .map(|s| {
                let objective = self.objectives.of(s.name);
                let budget = s.budget(objective);
                let rps = self.web_rps * s.share;
                let h = s.histogram(rps, &conditions);
                let ms = |q| Some(h.quantile(q) * 1000.0).filter(|v: &f64| v.is_finite());
                ServiceLatency {
                    name: s.name.into(),
                    p50_ms: ms(0.5),
                    p90_ms: ms(0.9),
                    p95_ms: ms(0.95),
                    p99_ms: ms(0.99),
                    requests_per_second: Some(rps),
                    error_ratio: Some(s.error_ratio(&conditions)),
                    objective: objective.clone(),
                    history_days: Some(history_days),
                    error_budget_remaining: budget.remaining,
                    burn_rates: budget.burn_rates,
                    time_to_exhaustion: budget.exhaustion,
                    p99_history: s.p99_trend.trend(),
                }
            })
            .collect();
        let totals = self
            .services
            .iter()
            .map(|s| RequestTotals {
                service: s.name.into(),
                counts: s
                    .counters
                    .buckets
                    .iter()
                    .copied()
                    .chain([s.counters.errors])
                    .collect(),
            })
            .collect();
        LatencyView {
            omitted: 0,
            totals,
            services,
        }
    }

    /// The groups as the console shows them.
    pub(super) fn group_views(&self) -> Vec<ScalingGroup> {
        self.groups
            .iter()
            .zip(self.utilisations())
            .map(|(g, u)| ScalingGroup {
                name: g.name.clone(),
                instance_type: g.instance_type.clone(),
                in_service: g.in_service(),
                desired: g.desired,
                min: g.min,
                max: g.max,
                cpu_percent: Some(super::group::cpu_percent(u)),
                memory_percent: Some(super::group::memory_percent(u)),
                cpu_max_1h: g.history[0].max_of_last(60),
                policy: g.policy.clone().map_or(Policy::Fixed, Policy::Step),
                pending: Some(g.roster.pending()),
                unhealthy: None,
                suspended: g.suspended.iter().cloned().collect(),
                hold: g.hold.map_or(crate::domain::scaling::Hold::Free, |h| {
                    crate::domain::scaling::Hold::Until(h.until)
                }),
                instances: g.history[2].trend(),
            })
            .collect()
    }

    pub(super) fn scaling(&self) -> ScalingView {
        let groups = self.group_views();
        let mut events: Vec<_> = self
            .groups
            .iter()
            .flat_map(|g| g.events.iter().cloned())
            .collect();
        events.sort_by_key(|e| std::cmp::Reverse(e.at));
        events.truncate(50);
        ScalingView {
            groups,
            timings: ScalingTimings::of(&events, "simulated events"),
            events,
            databases: self.data_tier.databases(),
            cache: Some(self.data_tier.cache()),
        }
    }
}
