//! Container Apps Revisions - List Revisions and Container Apps Revision Replicas - List
//! Replicas (`Microsoft.App` 2025-01-01): the app's latest revision and the replicas it runs.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::text;
use crate::domain::detail::{IN_SERVICE, Instance};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub name: String,
    /// `runningState`: Running, Processing, Stopped, Degraded, Failed or Unknown.
    pub running_state: Option<String>,
    pub created: Option<DateTime<Utc>>,
}

/// The revision named `latest` (the app's `latestRevisionName`), else the newest active one.
pub fn latest(revisions: &[Value], latest: Option<&str>) -> Option<Revision> {
    let all = revisions.iter().filter_map(revision);
    match latest {
        Some(name) => all.into_iter().find(|r| r.name == name),
        None => revisions
            .iter()
            .filter(|r| r["properties"]["active"].as_bool() == Some(true))
            .filter_map(revision)
            .max_by_key(|r| r.created),
    }
}

fn revision(value: &Value) -> Option<Revision> {
    let properties = &value["properties"];
    Some(Revision {
        name: text(value.get("name")?.as_str()?),
        running_state: properties["runningState"].as_str().map(text),
        created: time(&properties["createdTime"]),
    })
}

/// One replica as the console shows it: running replicas are in service, the others pending;
/// a running replica with a container not ready is unhealthy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replica {
    pub name: String,
    /// `runningState`: Running, NotRunning or Unknown.
    pub state: String,
    /// Every container ready; `None` when the replica lists none.
    pub ready: Option<bool>,
    pub created: Option<DateTime<Utc>>,
}

impl Replica {
    pub fn running(&self) -> bool {
        self.state == "Running"
    }

    /// The replica as an instance of the group's detail (`InService` when running).
    pub fn instance(&self, revision: &str, sizing: &str) -> Instance {
        Instance {
            id: self.name.clone(),
            zone: revision.to_string(),
            lifecycle: if self.running() {
                IN_SERVICE.to_string()
            } else {
                self.state.clone()
            },
            healthy: self.ready,
            instance_type: sizing.to_string(),
            launched_at: self.created,
        }
    }
}

pub fn replica(value: &Value) -> Replica {
    let properties = &value["properties"];
    let containers = properties["containers"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    let ready = (!containers.is_empty()).then(|| {
        containers
            .iter()
            .all(|c| c["ready"].as_bool() == Some(true))
    });
    Replica {
        name: text(value["name"].as_str().unwrap_or("unnamed")),
        state: text(properties["runningState"].as_str().unwrap_or("Unknown")),
        ready,
        created: time(&properties["createdTime"]),
    }
}

/// Replicas listed, running, and running with a container not ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub listed: u32,
    pub running: u32,
    pub not_ready: u32,
}

pub fn counts(replicas: &[Replica]) -> Counts {
    let n = |f: &dyn Fn(&Replica) -> bool| {
        u32::try_from(replicas.iter().filter(|r| f(r)).count()).unwrap_or(u32::MAX)
    };
    Counts {
        listed: n(&|_| true),
        running: n(&Replica::running),
        not_ready: n(&|r| r.running() && r.ready == Some(false)),
    }
}

fn time(value: &Value) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(value.as_str()?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}
