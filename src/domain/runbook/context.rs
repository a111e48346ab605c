//! The values a runbook sees besides its parameters: the selected row (`row.*`) and facts
//! about the fleet (`fleet.*`), both read off a snapshot. The form fills its defaults from
//! them; the planner reads them again from a fresh snapshot, so a plan shows the state now.

use super::values::{Value, Values};
use crate::domain::{AlertState, DatabaseRole, FleetSnapshot, Topic};

/// The row a runbook was opened on: its tab (`None`: the alert list) and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRef {
    pub tab: Option<Topic>,
    pub key: String,
}

/// `row.*` and `fleet.*` values. A row that is gone from the snapshot adds no `row.*`
/// values, so templates that need them fail with "unknown placeholder" instead of guessing.
pub fn values(snapshot: Option<&FleetSnapshot>, row: Option<&RowRef>) -> Values {
    let mut values = Values::default();
    let Some(snapshot) = snapshot else {
        return values;
    };
    fleet(snapshot, &mut values);
    if let Some(row) = row {
        row_values(snapshot, row, &mut values);
    }
    values
}

fn fleet(snapshot: &FleetSnapshot, values: &mut Values) {
    let databases = snapshot.scaling.iter().flat_map(|s| &s.databases);
    // The same reading as the `database.NAME.healthy` figure; no primary reported: unknown,
    // which is never taken for healthy.
    let primary = databases.clone().find(|d| d.role == DatabaseRole::Primary);
    let (name, health) = primary.map_or(("none reported", "unknown"), |p| {
        (
            p.name.as_str(),
            if p.healthy { "healthy" } else { "UNHEALTHY" },
        )
    });
    values.insert("fleet.primary", Value::Text(name.into()));
    values.insert("fleet.primary_health", Value::Text(health.into()));
    values.insert(
        "fleet.primary_healthy",
        Value::Boolean(primary.is_some_and(|p| p.healthy)),
    );
    let replicas = databases;
    let freshest = replicas
        .filter(|d| d.role == DatabaseRole::Replica && d.healthy)
        .filter_map(|d| d.replication_lag_seconds.map(|lag| (lag, d)))
        .min_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((lag, replica)) = freshest {
        values.insert("fleet.freshest_replica", Value::Text(replica.name.clone()));
        values.insert(
            "fleet.freshest_replica_lag",
            Value::Text(format!("{lag:.1}")),
        );
    }
}

fn row_values(snapshot: &FleetSnapshot, row: &RowRef, values: &mut Values) {
    let text = |s: &str| Value::Text(s.to_string());
    let int = |n: u32| Value::Integer(i64::from(n));
    values.insert("row.name", text(&row.key));
    match row.tab {
        Some(Topic::Scaling) => {
            let groups = snapshot.scaling.iter().flat_map(|s| &s.groups);
            if let Some(g) = groups.into_iter().find(|g| g.name == row.key) {
                values.insert("row.desired", int(g.desired));
                values.insert("row.in_service", int(g.in_service));
                values.insert("row.min", int(g.min));
                values.insert("row.max", int(g.max));
                values.insert("row.type", text(&g.instance_type));
            }
        }
        Some(Topic::Security) => security_row(snapshot, &row.key, values),
        Some(Topic::Readiness) => {
            let checks = snapshot.readiness.iter().flat_map(|r| &r.checks);
            if let Some(c) = checks.into_iter().find(|c| c.id == row.key) {
                values.insert("row.check", text(&c.id));
                values.insert("row.title", text(&c.name));
                // The last evaluation as the plan saw it (0: never): re-evaluating must move
                // past it. Seconds for the condition, a time for the plan's text.
                let at = c.evaluated_at.map_or(0, |t| t.timestamp());
                values.insert("row.evaluated_at", Value::Integer(at));
                let shown = c.evaluated_at.map_or("never".into(), |t| {
                    t.format("%Y-%m-%d %H:%M UTC").to_string()
                });
                values.insert("row.last_evaluated", Value::Text(shown));
            }
        }
        None => {
            if let Some(alert) = snapshot.alerts.iter().find(|a| a.name == row.key) {
                values.insert("row.alertname", text(&alert.name));
                values.insert("row.state", text(alert.state.label()));
                if alert.state == AlertState::Silenced
                    && let Some(id) = alert.silenced_by.first()
                {
                    values.insert("row.silence", text(id));
                }
                for (name, value) in &alert.labels {
                    values.insert(format!("row.label.{name}"), text(value));
                }
            }
        }
        Some(_) => {}
    }
}

/// A Security row is a certificate (the main table) or a finding (the second table, `w`):
/// their names never collide (a host name and a finding id), so the key says which.
fn security_row(snapshot: &FleetSnapshot, key: &str, values: &mut Values) {
    let text = |s: &str| Value::Text(s.to_string());
    let Some(security) = &snapshot.security else {
        return;
    };
    if let Some(c) = security.certificates.iter().find(|c| c.name == key) {
        values.insert("row.certificate", text(&c.name));
        values.insert(
            "row.days_left",
            Value::Integer(c.days_left(snapshot.taken_at)),
        );
    }
    let findings = security.findings.iter().flat_map(|f| &f.top);
    if let Some(f) = findings.into_iter().find(|f| f.id == key) {
        values.insert("row.finding", text(&f.id));
        values.insert("row.workflow", text(f.workflow.name()));
    }
}
