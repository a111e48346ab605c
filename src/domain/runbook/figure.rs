//! Figures: named numbers read off a fleet snapshot, so conditions work on every environment
//! (`group.web.desired`, `service.api.p99_ms`, `database.db-replica-1.primary`, ...).

use crate::domain::scaling_event::{Direction, PROVISIONING_TIME, TRIGGER_DELAY, seconds};
use crate::domain::{AlertState, DatabaseRole, FleetSnapshot, ScalingEvent};

/// Every figure name pattern, for error messages and the README.
pub const NAMES: &str = "group.NAME.{desired,in_service,min,max,cpu,memory,trigger_delay_s,provisioning_s}, \
service.NAME.{p50_ms,p95_ms,p99_ms,error_ratio,rps,error_rps,ok_rps}, \
database.NAME.{cpu,lag_seconds,primary,healthy}, alert.NAME.firing, cache.hit_percent, \
cost.vs_budget_percent, security.score_percent, readiness.passing";

/// The figure's value; `Ok(None)` when the snapshot has the thing but not the number.
pub fn read(snapshot: &FleetSnapshot, name: &str) -> Result<Option<f64>, String> {
    if let Some(value) = fleet_wide(snapshot, name) {
        return Ok(value);
    }
    let unknown = || format!("unknown figure {name:?}; figures: {NAMES}");
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
                "trigger_delay_s" => latest(snapshot, subject, ScalingEvent::trigger_delay),
                "provisioning_s" => latest(snapshot, subject, ScalingEvent::provisioning_time),
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

/// What a figure means where its name cannot say it, shown beside the criteria that use it.
pub fn definition(name: &str) -> Option<String> {
    let timing = match name.rsplit_once('.')?.1 {
        "trigger_delay_s" => TRIGGER_DELAY,
        "provisioning_s" => PROVISIONING_TIME,
        _ => return None,
    };
    Some(format!("{timing}, per automatic scale-out"))
}
