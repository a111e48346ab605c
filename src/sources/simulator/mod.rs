//! The embedded simulated fleet (the `demo` environment): a deterministic model, not noise.
//!
//! Web traffic follows daily and weekly curves with scripted surges; CPU is load over the
//! instances in service; the phase plan's policy scales the groups; the database and cache are
//! loaded by the same traffic; each service's latency and errors follow its own utilisation, the
//! database primary and cache misses; spend accrues from what ran. `new` replays the
//! history from the start of the month (at least 8 days) so week-over-week views have data, and
//! exporters sample that replay as Prometheus metrics. Runbooks drive it with typed [`FleetCommand`]s.

mod alerts;
mod cost;
mod counters;
mod data_tier;
mod detail;
mod exposition;
mod group;
mod histogram;
mod load;
mod objectives;
mod operated;
mod readiness;
mod replay;
mod rng;
mod roster;
mod routes;
mod security;
mod services;
mod snapshot;
mod task;
mod trend;
mod vulnerabilities;

use chrono::{DateTime, Duration, Timelike, Utc};

pub use cost::UNPRICED_HOURLY;
pub use exposition::{Family, Kind, Sample, write_history};
pub use histogram::Histogram;
pub use load::Incident;
pub use replay::SampleEvery;
pub use task::{SimulatorHandle, spawn, spawn_exporter};

use crate::domain::Alert;
use crate::domain::runbook::FleetCommand;
use crate::domain::runbook::fleet::GroupSize;
use data_tier::DataTier;
use group::Group;
use rng::Rng;
use services::Service;

/// Simulated time advances in steps no longer than this, so policy windows are honoured.
const STEP: Duration = Duration::seconds(10);
/// Requests per second one t3.large web instance serves at 100 % CPU.
const WEB_CAPACITY_RPS: f64 = 560.0;
/// Jobs per second one c5.2xlarge worker handles at 100 % CPU; jobs are 60 % of web requests.
const WORKER_CAPACITY: f64 = 150.0;
const WORKER_SHARE: f64 = 0.6;

#[derive(Debug, Clone)]
pub struct SimulatorConfig {
    pub seed: u64,
    /// "Now" for the simulated fleet; history is replayed up to it.
    pub start: DateTime<Utc>,
    /// How much of the past is recorded (trends, sampled exports). The replay itself starts at
    /// least 8 days back, so a shorter record leaves the fleet's state at `start` unchanged.
    pub history: Duration,
    /// When the scripted surge begins, after `start`.
    pub surge_after: Duration,
    /// Each service's objective: the demo's own unless the config names them.
    pub objectives: crate::domain::slo::Objectives,
}

impl SimulatorConfig {
    pub fn new(seed: u64, start: DateTime<Utc>) -> Self {
        Self {
            seed,
            start,
            history: replay::MIN_REPLAY,
            surge_after: load::SURGE_AFTER,
            objectives: objectives::demo(),
        }
    }

    /// Config's objectives in place of the demo's own, when it has any.
    pub fn with_objectives(self, objectives: Option<crate::domain::slo::Objectives>) -> Self {
        Self {
            objectives: objectives.unwrap_or(self.objectives),
            ..self
        }
    }

    pub fn with_surge_after(self, surge_after: Duration) -> Self {
        Self {
            surge_after,
            ..self
        }
    }
}

/// Runbooks and operators change groups by hand: no policy, no breach behind it.
const MANUAL: (crate::domain::Cause, Option<DateTime<Utc>>) = (crate::domain::Cause::Manual, None);

/// What runbooks can do to the simulated fleet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SimError {
    #[error("no auto scaling group named {0:?}")]
    UnknownGroup(String),
    /// The group moved since the plan, or the desired capacity is outside its limits.
    #[error("{0}")]
    Refused(String),
    #[error("no read replica named {0:?}")]
    UnknownReplica(String),
    #[error("the simulator is not running")]
    Stopped,
    /// A certificate, finding or check the fleet does not have.
    #[error("{0}")]
    NotFound(String),
}

pub struct Simulator {
    seed: u64,
    rng: Rng,
    now: DateTime<Utc>,
    started: DateTime<Utc>,
    history_start: DateTime<Utc>,
    record_from: DateTime<Utc>,
    /// Exported counters count from here (the services' "process start"): the same point for
    /// every record of up to 8 days, so history and the live fleet agree, and replaying the
    /// rest of the month costs no counting.
    counting_from: DateTime<Utc>,
    next_minute: DateTime<Utc>,
    incidents: Vec<Incident>,
    groups: [Group; 2],
    services: Vec<Service>,
    objectives: crate::domain::slo::Objectives,
    ledger: cost::Ledger,
    data_tier: DataTier,
    /// Multiplicative jitter on load, a slow random walk around 1.
    jitter: f64,
    web_rps: f64,
    alerts: Vec<Alert>,
    alert_since: std::collections::BTreeMap<String, DateTime<Utc>>,
    /// The worst of the latest 4,000 req/s surge, for the readiness load-test check.
    load_test: Option<readiness::LoadTest>,
    /// Each readiness check's state changes, evaluated every `CHECK_EVERY` minutes of the
    /// recorded history: what a check's detail shows as its history.
    check_log: std::collections::BTreeMap<String, crate::domain::detail::CheckExtras>,
    operated: operated::Operated,
}

impl Simulator {
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    pub fn incidents(&self) -> &[Incident] {
        &self.incidents
    }

    pub fn advance(&mut self, by: Duration) {
        let target = self.now + by;
        while self.now < target {
            let step = STEP.min(target - self.now);
            self.step(step);
        }
    }

    fn group_mut(&mut self, name: &str) -> Result<&mut Group, SimError> {
        self.groups
            .iter_mut()
            .find(|g| g.name == name)
            .ok_or_else(|| SimError::UnknownGroup(name.into()))
    }

    pub fn apply(&mut self, command: FleetCommand) -> Result<String, SimError> {
        let now = self.now;
        match command.clone() {
            FleetCommand::UpdateGroupLimits {
                group, min, max, ..
            } => {
                let target = self.group_mut(&group)?;
                command.check(size(target)).map_err(SimError::Refused)?;
                let (from_min, from_max) = (target.min, target.max);
                target.min = min;
                target.max = max;
                let desired = target.desired.clamp(min, max);
                if desired != target.desired {
                    target.scale_to(desired, now, MANUAL, "limits changed".into());
                }
                Ok(format!(
                    "{group} limits {from_min}-{from_max} → {min}-{max} (desired {desired})"
                ))
            }
            FleetCommand::SuspendProcesses { group, processes } => {
                let target = self.group_mut(&group)?;
                target.suspended.extend(processes);
                Ok(format!("{group} suspended: {}", joined(&target.suspended)))
            }
            FleetCommand::ResumeProcesses { group, processes } => {
                let target = self.group_mut(&group)?;
                for p in &processes {
                    target.suspended.remove(p);
                }
                Ok(format!("{group} suspended: {}", joined(&target.suspended)))
            }
            FleetCommand::SetDesiredCapacity { group, desired, .. } => {
                let target = self.group_mut(&group)?;
                // Checked inside the model's lock, so nothing can move between check and change.
                command.check(size(target)).map_err(SimError::Refused)?;
                let from = target.desired;
                target.scale_to(desired, now, MANUAL, "manual: set desired capacity".into());
                Ok(format!(
                    "{group} desired {from} → {desired} (min {}, max {})",
                    target.min, target.max
                ))
            }
            FleetCommand::FailoverReplica { replica } => {
                self.data_tier.failover(&replica, self.now)
            }
            FleetCommand::HoldScaling {
                group,
                min,
                lasting,
            } => {
                let until = now
                    + Duration::from_std(lasting).map_err(|e| SimError::Refused(e.to_string()))?;
                let target = self.group_mut(&group)?;
                command.check(size(target)).map_err(SimError::Refused)?;
                target.hold_at(min, until, now).map_err(SimError::Refused)
            }
            FleetCommand::ReleaseHold { group } => {
                let target = self.group_mut(&group)?;
                let raised = target
                    .release()
                    .ok_or_else(|| SimError::Refused(format!("{group} has no hold")))?;
                Ok(format!(
                    "{group} hold released: min {raised} → {}",
                    target.min
                ))
            }
            // The target answers reports from a snapshot (`Target::act`); none reaches here.
            FleetCommand::CostMovers { .. } => Err(SimError::Refused(format!(
                "{} changes nothing: the target answers it",
                command.call()
            ))),
            FleetCommand::RenewCertificate { certificate, .. } => {
                self.renew_certificate(&certificate)
            }
            FleetCommand::SetFindingWorkflow {
                finding,
                status,
                note,
            } => self.set_finding_workflow(&finding, status, note),
            FleetCommand::ReevaluateCheck { check } => self.reevaluate_check(&check),
        }
    }

    /// Each group's load over what its instances in service handle (1.0 = all at 100 % CPU;
    /// can exceed 1). Web's first.
    fn utilisations(&self) -> [f64; 2] {
        let [web, worker] = &self.groups;
        [
            self.web_rps / (f64::from(web.in_service().max(1)) * WEB_CAPACITY_RPS),
            self.web_rps * WORKER_SHARE / (f64::from(worker.in_service().max(1)) * WORKER_CAPACITY),
        ]
    }

    /// What the services depend on now: web utilisation, the database and the cache.
    fn conditions(&self) -> services::Conditions {
        self.data_tier.conditions(self.utilisations()[0])
    }

    fn step(&mut self, step: Duration) {
        self.now += step;
        #[allow(clippy::cast_precision_loss)]
        let seconds = step.num_milliseconds() as f64 / 1000.0;
        let base = load::baseline(self.now) * self.jitter;
        self.web_rps = load::with_incidents(base, self.now, &self.incidents);
        // Read before either group steps, as the services saw them during this step.
        let loads @ [u, _] = self.utilisations();
        for (group, u) in self.groups.iter_mut().zip(loads) {
            group.step(self.now, u);
        }
        self.data_tier
            .step(self.now, self.web_rps / load::WEEKDAY_PEAK);
        let conditions = self.data_tier.conditions(u);
        let exported = self.now > self.counting_from;
        for service in &mut self.services {
            let threshold = self.objectives.of(service.name).latency_threshold_ms / 1000.0;
            service.count(self.web_rps, &conditions, seconds, exported, threshold);
        }
        let [web, worker] = &self.groups;
        let lines = [
            (web.cost_line.as_str(), web.hourly_cost()),
            (worker.cost_line.as_str(), worker.hourly_cost()),
        ];
        self.ledger.book(
            self.now,
            seconds,
            lines.into_iter().chain(cost::fixed_hourly()),
        );
        if self.now >= self.next_minute {
            self.close_minute(&conditions);
        }
    }

    fn close_minute(&mut self, conditions: &services::Conditions) {
        self.next_minute += Duration::minutes(1);
        self.jitter = (self.jitter + self.rng.signed() * 0.01).clamp(0.94, 1.06);
        let exported = self.now > self.counting_from;
        for service in &mut self.services {
            let latency = service.latency(conditions);
            service.close_minute(latency, exported);
        }
        if let Some(surge) = self
            .incidents
            .iter()
            .find(|i| i.start <= self.now && self.now < i.end)
        {
            let api = &self.services[0];
            let p99 = api.histogram(self.web_rps, conditions).quantile(0.99) * 1000.0;
            let errors = api.error_ratio(conditions);
            readiness::LoadTest::record(&mut self.load_test, surge.start, p99, errors);
        }
        if self.now >= self.record_from {
            for service in &mut self.services {
                let h = service.histogram(self.web_rps * service.share, conditions);
                service.p99_trend.push(self.now, h.quantile(0.99) * 1000.0);
                for (trend, q) in service.quantile_trends.iter_mut().zip([0.5, 0.9, 0.95]) {
                    trend.push(self.now, h.quantile(q) * 1000.0);
                }
            }
            let loads = self.utilisations();
            for (group, u) in self.groups.iter_mut().zip(loads) {
                group.record(self.now, u);
            }
            self.data_tier.record(self.now);
            self.evaluate_alerts();
            if self.now.minute().is_multiple_of(detail::CHECK_EVERY) {
                self.log_checks();
            }
        }
    }
}

fn size(group: &Group) -> GroupSize {
    GroupSize {
        desired: group.desired,
        min: group.min,
        max: group.max,
    }
}

fn joined(processes: &std::collections::BTreeSet<String>) -> String {
    if processes.is_empty() {
        "none".into()
    } else {
        processes.iter().cloned().collect::<Vec<_>>().join(", ")
    }
}
