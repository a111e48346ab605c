//! Figures: named numbers read off a fleet snapshot, so conditions work on every environment
//! (`group.web.desired`, `service.api.p99_ms`, `database.db-replica-1.primary`, ...).

use crate::domain::{AlertState, DatabaseRole, FleetSnapshot};

/// Every figure name pattern, for error messages and the README.
pub const NAMES: &str = "group.NAME.{desired,in_service,min,max,cpu,memory,time_to_scale_s}, \
service.NAME.{p50_ms,p95_ms,p99_ms,error_ratio,rps,error_rps,ok_rps}, \
service.NAME.{availability_objective,budget_remaining,burn_5m,burn_1h,burn_6h,burn_3d,...,exhaustion_hours}, \
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
                // Against the service's own objective (domain::slo).
                "availability_objective" => Some(s.objective.availability),
                "budget_remaining" => s.error_budget_remaining,
                "exhaustion_hours" => match s.time_to_exhaustion {
                    crate::domain::slo::Exhaustion::InHours(h) => Some(h),
                    crate::domain::slo::Exhaustion::Spent => Some(0.0),
                    crate::domain::slo::Exhaustion::Never => Some(f64::INFINITY),
                    crate::domain::slo::Exhaustion::Unknown => None,
                },
                burn if burn.starts_with("burn_")
                    && crate::domain::latency::BURN_WINDOWS.contains(&&burn[5..]) =>
                {
                    s.burn(&burn[5..])
                }
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

#[allow(clippy::cast_precision_loss)]
fn seconds(d: chrono::Duration) -> f64 {
    d.num_milliseconds() as f64 / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::slo::Objective;
    use crate::domain::{LatencyView, Series, ServiceLatency, Trend};

    #[test]
    fn service_figures_use_the_service_objective() {
        // 99.5 % (a 0.5 % budget): 0.2 % errors over the window leave 1 − 0.2 ÷ 0.5 = 60 %;
        // 1 % over the last hour burns 2×; 60 % of 720 h at 2× lasts 216 h.
        let objective = Objective {
            availability: 0.995,
            ..Objective::default()
        };
        let budget = objective.budget(Some(0.002), |w| (w == "1h").then_some(0.01));
        let at = chrono::DateTime::UNIX_EPOCH;
        let mut snapshot = FleetSnapshot::empty(at);
        snapshot.latency = Some(LatencyView {
            services: vec![ServiceLatency {
                name: "search".into(),
                p50_ms: None,
                p90_ms: None,
                p95_ms: None,
                p99_ms: None,
                requests_per_second: None,
                error_ratio: None,
                objective,
                history_days: Some(8.0),
                error_budget_remaining: budget.remaining,
                burn_rates: budget.burn_rates,
                time_to_exhaustion: budget.exhaustion,
                p99_history: Trend {
                    fine: Series::empty(chrono::Duration::minutes(1)),
                    coarse: Series::empty(chrono::Duration::hours(1)),
                },
            }],
            omitted: 0,
        });
        let figure = |name: &str| read(&snapshot, name).expect("a known figure");
        let near = |v: Option<f64>, expected: f64| v.is_some_and(|v| (v - expected).abs() < 1e-9);
        assert!(near(figure("service.search.availability_objective"), 0.995));
        assert!(near(figure("service.search.budget_remaining"), 0.6));
        assert!(near(figure("service.search.burn_1h"), 2.0));
        assert!(near(figure("service.search.exhaustion_hours"), 216.0));
        assert_eq!(figure("service.search.burn_6h"), None, "no data is no burn");
        assert!(read(&snapshot, "service.search.burn_7m").is_err());
    }
}
