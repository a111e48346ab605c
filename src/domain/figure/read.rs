//! Reading a catalogued figure off a fleet snapshot, so every surface and every runbook
//! condition gets the same number on every environment.

use super::{CATALOGUE, patterns};
use crate::domain::scaling_event::{Direction, seconds};
use crate::domain::{
    AlertState, CheckState, DatabaseRole, FleetSnapshot, ReadinessView, ScalingEvent,
    WorkflowStatus,
};

/// A service figure's subject may be a set: `*` (every service) or `checkout|ledger`, summed
/// (rps, error_rps, ok_rps only). The counters of `COUNTER_FIELDS` are measured over a period
/// by the checkpoint only.
/// The figure's value; `Ok(None)` when the snapshot has the thing but not the number.
pub fn read(snapshot: &FleetSnapshot, name: &str) -> Result<Option<f64>, String> {
    if let Some(value) = fleet_wide(snapshot, name) {
        return Ok(value);
    }
    let unknown = || format!("unknown figure {name:?}; figures: {}", patterns());
    let (kind, rest) = name.split_once('.').ok_or_else(unknown)?;
    let (subject, field) = rest.rsplit_once('.').ok_or_else(unknown)?;
    let missing = |what: &str| format!("{what} {subject:?} is not in the current data");
    match kind {
        "group" => {
            let groups = snapshot.scaling.as_ref().map_or(&[][..], |s| &s.groups[..]);
            let g = groups
                .iter()
                .find(|g| g.name == subject)
                .ok_or_else(|| missing("group"))?;
            Ok(match field {
                "desired" => Some(f64::from(g.desired)),
                "in_service" => Some(f64::from(g.in_service)),
                "min" => Some(f64::from(g.min)),
                "max" => Some(f64::from(g.max)),
                "cpu" => g.cpu_percent,
                "cpu_max_1h" => g.cpu_max_1h,
                "memory" => g.memory_percent,
                "trigger_delay_s" => latest(snapshot, subject, ScalingEvent::trigger_delay),
                "provisioning_s" => latest(snapshot, subject, ScalingEvent::provisioning_time),
                _ => return Err(unknown()),
            })
        }
        "service" if COUNTER_FIELDS.contains(&field) => Err(format!(
            "{name:?} counts requests: a criterion measures it over a period (ratio, histogram-quantile)"
        )),
        "service" if is_set(subject) => service_set(snapshot, subject, field).ok_or_else(|| {
            format!("{name:?}: only rps, error_rps and ok_rps add up over several services")
        }),
        "service" => {
            let services = snapshot
                .latency
                .as_ref()
                .map_or(&[][..], |l| &l.services[..]);
            let s = services
                .iter()
                .find(|s| s.name == subject)
                .ok_or_else(|| missing("service"))?;
            Ok(match field {
                "p50_ms" => s.p50_ms,
                "p95_ms" => s.p95_ms,
                "p99_ms" => s.p99_ms,
                "error_ratio" => s.error_ratio,
                // Against the service's own objective (domain::slo).
                "availability_objective" => Some(s.objective.availability),
                "budget_remaining" => s.error_budget_remaining,
                "burn_1h" => s.burn("1h"),
                "burn_6h" => s.burn("6h"),
                _ => summable(field).ok_or_else(unknown)?(s.error_ratio, s.requests_per_second),
            })
        }
        "database" => {
            let nodes = snapshot
                .scaling
                .as_ref()
                .map_or(&[][..], |s| &s.databases[..]);
            let d = nodes
                .iter()
                .find(|d| d.name == subject)
                .ok_or_else(|| missing("database"))?;
            Ok(match field {
                "cpu" => d.cpu_percent,
                "lag_seconds" => d.replication_lag_seconds,
                "primary" => Some(f64::from(u8::from(d.role == DatabaseRole::Primary))),
                "healthy" => Some(f64::from(u8::from(d.healthy))),
                "qps" => d.queries_per_second,
                "query_p95_ms" => d.query_p95_ms,
                "query_p99_ms" => d.query_p99_ms,
                "connections" => d.connections.map(f64::from),
                "pool_size" => d.pool_size.map(f64::from),
                _ => return Err(unknown()),
            })
        }
        "certificate" if field == "days_left" => {
            let security = snapshot.security.as_ref();
            let c = security
                .and_then(|s| s.certificates.iter().find(|c| c.name == subject))
                .ok_or_else(|| missing("certificate"))?;
            #[allow(clippy::cast_precision_loss)]
            Ok(Some(c.days_left(snapshot.taken_at) as f64))
        }
        "finding" => {
            let status = WorkflowStatus::ALL
                .into_iter()
                .find(|w| w.name() == field)
                .ok_or_else(unknown)?;
            let findings = snapshot.security.as_ref().and_then(|s| s.findings.as_ref());
            let f = findings
                .and_then(|f| f.top.iter().find(|f| f.id == subject))
                .ok_or_else(|| missing("finding"))?;
            Ok(Some(f64::from(u8::from(f.workflow == status))))
        }
        "check" => {
            let checks = snapshot
                .readiness
                .as_ref()
                .map_or(&[][..], |r| &r.checks[..]);
            let c = checks
                .iter()
                .find(|c| c.id == subject)
                .ok_or_else(|| missing("check"))?;
            Ok(match field {
                "passing" => match c.state {
                    CheckState::Pass => Some(1.0),
                    CheckState::Warn | CheckState::Fail | CheckState::Error => Some(0.0),
                    CheckState::NotApplicable | CheckState::Unknown => None,
                },
                #[allow(clippy::cast_precision_loss)]
                "evaluated_at" => c.evaluated_at.map(|t| t.timestamp() as f64),
                _ => return Err(unknown()),
            })
        }
        "alert" if field == "firing" => {
            let firing = snapshot
                .alerts
                .iter()
                .any(|a| a.name == subject && a.state == AlertState::Firing);
            Ok(Some(f64::from(u8::from(firing))))
        }
        _ => Err(unknown()),
    }
}

/// The field of a service's latency histogram (seconds buckets).
pub const HISTOGRAM_FIELD: &str = "latency_seconds";

/// A service's request counters: only the checkpoint's record of the simulator keeps them, to
/// take a period's increase (its ratios from summed counters, its merged histogram).
pub const COUNTER_FIELDS: [&str; 4] = [
    HISTOGRAM_FIELD,
    "requests_total",
    "errors_total",
    "ok_total",
];

/// `*` or `a|b`: a figure over several services.
fn is_set(subject: &str) -> bool {
    subject == "*" || subject.contains('|')
}

/// Whether the service `name` is in the set `subject` (`*`, `a|b` or one name).
pub fn in_set(subject: &str, name: &str) -> bool {
    subject == "*" || subject.split('|').any(|s| s == name)
}

/// The services of `subject` in the snapshot; `None` when one it names is missing or `*` finds
/// none (part of a set is not the set, and a sum over nothing is not 0).
pub fn services_in<'a>(
    snapshot: &'a FleetSnapshot,
    subject: &str,
) -> Option<Vec<&'a crate::domain::ServiceLatency>> {
    let services = snapshot
        .latency
        .as_ref()
        .map_or(&[][..], |l| &l.services[..]);
    let chosen: Vec<_> = services
        .iter()
        .filter(|s| in_set(subject, &s.name))
        .collect();
    let complete = if subject == "*" {
        !chosen.is_empty()
    } else {
        chosen.len() == subject.split('|').count()
    };
    complete.then_some(chosen)
}

/// A service's figure from its error ratio and request rate.
type FromRates = fn(Option<f64>, Option<f64>) -> Option<f64>;

/// A field that adds up over services.
fn summable(field: &str) -> Option<FromRates> {
    Some(match field {
        "rps" => |_, rps| rps,
        "error_rps" => |ratio, rps| ratio.zip(rps).map(|(e, r)| e * r),
        "ok_rps" => |ratio, rps| ratio.zip(rps).map(|(e, r)| (1.0 - e) * r),
        _ => return None,
    })
}

/// A summable field over the services of `subject`: `None` when the field does not add up.
fn service_set(snapshot: &FleetSnapshot, subject: &str, field: &str) -> Option<Option<f64>> {
    let value = summable(field)?;
    Some(services_in(snapshot, subject).and_then(|chosen| {
        chosen
            .iter()
            .map(|s| value(s.error_ratio, s.requests_per_second))
            .sum()
    }))
}

/// Figures of the whole fleet, without a subject; `None` when `name` is not one of them.
fn fleet_wide(snapshot: &FleetSnapshot, name: &str) -> Option<Option<f64>> {
    Some(match name {
        "cache.hit_percent" => snapshot
            .scaling
            .as_ref()
            .and_then(|s| s.cache.as_ref())
            .and_then(|c| c.hit_ratio)
            .map(|r| r * 100.0),
        "cost.vs_baseline_percent" => snapshot.cost.as_ref().and_then(|c| c.vs_baseline_percent()),
        "cost.forecast_vs_budget_percent" => snapshot
            .cost
            .as_ref()
            .and_then(|c| c.forecast_vs_budget_percent()),
        "security.score_percent" => snapshot.security.as_ref().and_then(|s| s.score_percent),
        "security.critical_high_open" => snapshot
            .security
            .as_ref()
            .and_then(|s| s.critical_high_open())
            .map(f64::from),
        #[allow(clippy::cast_precision_loss)]
        "readiness.passing" => snapshot.readiness.as_ref().map(|r| r.score().0 as f64),
        #[allow(clippy::cast_precision_loss)]
        "readiness.applicable" => snapshot.readiness.as_ref().map(|r| r.score().1 as f64),
        "readiness.passing_percent" => snapshot
            .readiness
            .as_ref()
            .and_then(ReadinessView::passing_percent),
        _ => return None,
    })
}

/// A timing of the group's latest automatic scale-out that has it, in seconds.
fn latest(
    snapshot: &FleetSnapshot,
    group: &str,
    timing: fn(&ScalingEvent) -> Option<chrono::Duration>,
) -> Option<f64> {
    let events = &snapshot.scaling.as_ref()?.events;
    events
        .iter()
        .filter(|e| e.group == group && e.automatic() && e.direction() == Direction::Out)
        .find_map(timing)
        .map(seconds)
}

/// Every figure id the snapshot has a subject for, in catalogue order: each pattern with `*`
/// once per group, service, database node or alert name, the fleet-wide ones once.
pub fn ids(snapshot: &FleetSnapshot) -> Vec<String> {
    let scaling = snapshot.scaling.as_ref();
    let groups = scaling.map_or(&[][..], |s| &s.groups[..]);
    let nodes = scaling.map_or(&[][..], |s| &s.databases[..]);
    let services = snapshot
        .latency
        .as_ref()
        .map_or(&[][..], |l| &l.services[..]);
    let mut alerts: Vec<&str> = snapshot.alerts.iter().map(|a| a.name.as_str()).collect();
    alerts.sort_unstable();
    alerts.dedup();
    let security = snapshot.security.as_ref();
    let certificates = security.map_or(&[][..], |s| &s.certificates[..]);
    let findings = security
        .and_then(|s| s.findings.as_ref())
        .map_or(&[][..], |f| &f.top[..]);
    let checks = snapshot
        .readiness
        .as_ref()
        .map_or(&[][..], |r| &r.checks[..]);
    let mut ids = Vec::new();
    for d in CATALOGUE {
        let Some((kind, field)) = d.pattern.split_once(".*.") else {
            ids.push(d.pattern.to_string());
            continue;
        };
        let subjects: Vec<&str> = match kind {
            "group" => groups.iter().map(|g| g.name.as_str()).collect(),
            "service" => services.iter().map(|s| s.name.as_str()).collect(),
            "database" => nodes.iter().map(|n| n.name.as_str()).collect(),
            "alert" => alerts.clone(),
            "certificate" => certificates.iter().map(|c| c.name.as_str()).collect(),
            "finding" => findings.iter().map(|f| f.id.as_str()).collect(),
            "check" => checks.iter().map(|c| c.id.as_str()).collect(),
            _ => Vec::new(),
        };
        ids.extend(subjects.iter().map(|s| format!("{kind}.{s}.{field}")));
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fleet_wide_figures_without_their_view_are_unknown_never_zero() {
        let empty = FleetSnapshot::empty(chrono::DateTime::UNIX_EPOCH);
        for d in CATALOGUE.iter().filter(|d| !d.pattern.contains(".*.")) {
            assert_eq!(read(&empty, d.pattern), Ok(None), "{}", d.pattern);
        }
        let old = read(&empty, "cost.vs_budget_percent").expect_err("renamed");
        assert!(old.contains("cost.vs_baseline_percent"), "{old}");
    }
}
