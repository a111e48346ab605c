//! Entries and scratch directories for the audit tests.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, TimeZone, Utc};

use crate::domain::audit::{Actor, AuditEntry, AuditEvent};

pub fn entry(run: &str) -> AuditEntry {
    AuditEntry {
        run: run.into(),
        event: AuditEvent::Requested,
        actor: Actor {
            user: "alice".into(),
            ssh_client: Some("10.0.0.5".into()),
            host: "bastion".into(),
        },
        environment: "demo".into(),
        runbook: "scale-out".into(),
        runbook_hash: "rb".into(),
        target: "web".into(),
        params: BTreeMap::from([("count".into(), "2".into())]),
        plan_digest: "plan".into(),
        confirmation: None,
        step: None,
        outcome: None,
        error: None,
    }
}

/// The time records are stamped with: fixed, so no test depends on the clock.
pub fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 18, 10, 15, 0)
        .single()
        .expect("a valid time")
}

/// A fresh, empty directory under the system temp dir, unique to this process and `name`.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "opsconsole-audit-unit-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}
