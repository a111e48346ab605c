//! Figures: named numbers read off a fleet snapshot, so conditions work on every environment
//! (`group.web.desired`, `service.api.p99_ms`, `database.db-replica-1.primary`, ...).

use crate::domain::{AlertState, DatabaseRole, FleetSnapshot, ReadinessView};

/// Every figure name pattern, for error messages and the README.
pub const NAMES: &str = "group.NAME.{desired,in_service,min,max,cpu,memory,time_to_scale_s}, \
service.NAME.{p50_ms,p95_ms,p99_ms,error_ratio,rps,error_rps,ok_rps}, \
database.NAME.{cpu,lag_seconds,primary,healthy}, alert.NAME.firing, cache.hit_percent, \
cost.{vs_baseline_percent,forecast_vs_budget_percent}, \
security.{score_percent,critical_high_open}, readiness.{passing,applicable,passing_percent}";

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

/// What a fleet-wide figure means, with its window, for the surfaces that name a figure beside
/// its value (the Checkpoint's "measured by", the report's definitions); `None` for the rest.
pub fn definition(name: &str) -> Option<String> {
    Some(match name {
        "cost.vs_baseline_percent" => format!(
            "cost vs baseline = (7-day run rate / monthly baseline - 1) x 100; run rate: {}",
            crate::domain::cost::RUN_RATE_WINDOW
        ),
        "cost.forecast_vs_budget_percent" => {
            "forecast vs budget = (month-end forecast / monthly budget - 1) x 100".into()
        }
        "security.score_percent" => {
            "security score: the source's formula, named on the Security tab (passed / evaluated controls on trivy and Security Hub)".into()
        }
        "security.critical_high_open" => {
            "open critical and high vulnerabilities now; unknown without vulnerability data".into()
        }
        "readiness.passing_percent" => {
            "readiness = passing / applicable checks (all but n/a) x 100; none applicable is unknown".into()
        }
        _ => return None,
    })
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

#[allow(clippy::cast_precision_loss)]
fn seconds(d: chrono::Duration) -> f64 {
    d.num_milliseconds() as f64 / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fleet_wide_figures_without_their_view_are_unknown_never_zero() {
        let empty = FleetSnapshot::empty(chrono::DateTime::UNIX_EPOCH);
        for name in [
            "cost.vs_baseline_percent",
            "cost.forecast_vs_budget_percent",
            "security.score_percent",
            "security.critical_high_open",
            "readiness.passing",
            "readiness.applicable",
            "readiness.passing_percent",
        ] {
            assert_eq!(read(&empty, name), Ok(None), "{name}");
        }
        assert_eq!(
            definition("cost.vs_baseline_percent").as_deref(),
            Some(
                "cost vs baseline = (7-day run rate / monthly baseline - 1) x 100; run rate: mean hourly spend of the last 7 days, 730 h a month"
            )
        );
        assert_eq!(definition("service.api.p99_ms"), None);
        let old = read(&empty, "cost.vs_budget_percent").expect_err("renamed");
        assert!(old.contains("cost.{vs_baseline_percent"), "{old}");
    }
}
