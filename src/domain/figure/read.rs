//! Reading a catalogued figure off a fleet snapshot, so every surface and every runbook
//! condition gets the same number on every environment.

use super::{CATALOGUE, patterns};
use crate::domain::{AlertState, DatabaseRole, FleetSnapshot};

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
                "memory" => g.memory_percent,
                // The latest scale-out whose instances are all in service.
                "time_to_scale_s" => snapshot.scaling.as_ref().and_then(|s| {
                    s.events
                        .iter()
                        .filter(|e| e.group == subject && e.to > e.from)
                        .find_map(|e| e.time_to_scale)
                        .map(seconds)
                }),
                _ => return Err(unknown()),
            })
        }
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
                "rps" => s.requests_per_second,
                "error_rps" => s.error_ratio.zip(s.requests_per_second).map(|(e, r)| e * r),
                "ok_rps" => s
                    .error_ratio
                    .zip(s.requests_per_second)
                    .map(|(e, r)| (1.0 - e) * r),
                _ => return Err(unknown()),
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

/// Figures of the whole fleet, without a subject; `None` when `name` is not one of them.
fn fleet_wide(snapshot: &FleetSnapshot, name: &str) -> Option<Option<f64>> {
    Some(match name {
        "cache.hit_percent" => snapshot
            .scaling
            .as_ref()
            .and_then(|s| s.cache.as_ref())
            .and_then(|c| c.hit_ratio)
            .map(|r| r * 100.0),
        "cost.vs_budget_percent" => snapshot.cost.as_ref().and_then(|c| {
            let forecast = c.forecast_month_end?;
            (c.monthly_budget > 0.0).then(|| (forecast / c.monthly_budget - 1.0) * 100.0)
        }),
        "security.score_percent" => snapshot.security.as_ref().and_then(|s| s.score_percent),
        #[allow(clippy::cast_precision_loss)]
        "readiness.passing" => snapshot.readiness.as_ref().map(|r| {
            r.checks
                .iter()
                .filter(|c| c.state == crate::domain::CheckState::Pass)
                .count() as f64
        }),
        _ => return None,
    })
}

#[allow(clippy::cast_precision_loss)]
fn seconds(d: chrono::Duration) -> f64 {
    d.num_milliseconds() as f64 / 1000.0
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
            _ => Vec::new(),
        };
        ids.extend(subjects.iter().map(|s| format!("{kind}.{s}.{field}")));
    }
    ids
}
