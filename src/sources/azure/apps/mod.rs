//! The Scaling tab from Azure: container apps with their replica limits and scale rules, the
//! latest revision's replicas, and the replica changes this console observes between polls
//! (Container Apps keeps no history of them), recorded in the state directory like AWS's.

mod app;
mod revision;

#[cfg(test)]
mod tests;

pub use app::{App, AppId, decode};

use chrono::{DateTime, Utc};
use futures_util::{StreamExt, TryStreamExt};

use super::arm::ArmClient;
use super::settings::AzureSettings;
use super::task::Subscription;
use crate::domain::detail::{Extras, GroupExtras, Kind, ObjectDetail, Provenance, Subject};
use crate::domain::scaling::Hold;
use crate::domain::{FleetSnapshot, ScalingGroup, ScalingView, SourceId};
use crate::sources::cloud_task::Part;
use crate::sources::observed_scaling::journal::Transition;
use crate::sources::observed_scaling::tracker::Sizes;
use crate::sources::observed_scaling::{Observer, step};
use revision::{Replica, Revision};

/// `Microsoft.App`'s api-version for every call here.
pub const API_VERSION: &str = "2025-01-01";
/// The state directory's file of the replica changes observed on the subscription's apps.
pub const FILE_NAME: &str = "container-app-transitions.jsonl";
/// Apps whose revisions and replicas are read at once.
const CONCURRENT_APPS: usize = 8;

/// One app as one poll read it.
struct Read {
    app: App,
    revision: Option<Revision>,
    replicas: Vec<Replica>,
}

#[derive(Debug)]
pub struct AppsPoller {
    observer: Observer,
}

impl AppsPoller {
    pub fn new(settings: &AzureSettings) -> Self {
        Self {
            observer: Observer::new(&settings.state_dir, FILE_NAME),
        }
    }

    /// Replica changes recorded so far (loaded and observed), oldest first.
    pub fn transitions(&self) -> &[Transition] {
        self.observer.transitions()
    }

    /// Reads the apps, then each one's latest revision and its replicas. Any failing call
    /// fails the poll with its error line: an app without replicas would look scaled to zero.
    pub async fn poll(
        &mut self,
        arm: &ArmClient,
        now: DateTime<Utc>,
        focus: Option<&Subject>,
    ) -> Result<(ScalingView, Option<ObjectDetail>), String> {
        let apps = list(arm).await?;
        let reads: Vec<Read> = futures_util::stream::iter(apps)
            .map(|app| read(arm, app))
            .buffered(CONCURRENT_APPS)
            .try_collect()
            .await?;
        let sizes: Vec<(String, Sizes)> = reads
            .iter()
            .map(|r| {
                let counts = revision::counts(&r.replicas);
                let sizes = Sizes {
                    desired: counts.listed,
                    in_service: counts.running,
                };
                (r.app.id.name.clone(), sizes)
            })
            .collect();
        self.observer.observe(now, &sizes);
        let step = step(arm.settings().interval);
        let kept = |name: &str| reads.iter().any(|r| r.app.id.name == name);
        let (events, timings) = self.observer.timeline(Vec::new(), kept);
        let detail = focus
            .filter(|s| s.kind == Kind::Group)
            .and_then(|s| reads.iter().find(|r| r.app.id.name == s.name))
            .map(detail);
        let groups = reads
            .iter()
            .map(|r| group(r, self.observer.trend(&r.app.id.name, step, None)))
            .collect();
        let view = ScalingView {
            groups,
            events,
            databases: Vec::new(),
            cache: None,
            timings,
        };
        Ok((view, detail))
    }
}

impl Part for AppsPoller {
    type Cloud = Subscription;
    const SOURCE: SourceId = SourceId::AzureApps;
    fn interval(settings: &AzureSettings) -> std::time::Duration {
        settings.interval
    }
    async fn poll(
        &mut self,
        cloud: &Subscription,
        now: DateTime<Utc>,
        _forced: bool,
        subject: Option<&Subject>,
    ) -> Result<FleetSnapshot, String> {
        let (view, detail) = AppsPoller::poll(self, &cloud.arm, now, subject).await?;
        Ok(FleetSnapshot {
            scaling: Some(view),
            detail,
            ..FleetSnapshot::empty(now)
        })
    }
}

/// Every container app in the settings' scopes that their filter keeps, in ARM's order.
pub async fn list(arm: &ArmClient) -> Result<Vec<App>, String> {
    let settings = arm.settings();
    let mut apps = Vec::new();
    for scope in settings.scopes() {
        let path = format!("{scope}/providers/Microsoft.App/containerApps");
        for value in arm
            .list(&path, API_VERSION)
            .await
            .map_err(|e| e.to_string())?
        {
            match app::decode(&value) {
                Ok(app) if settings.apps.keeps(&app.id.name, &app.tags) => apps.push(app),
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "skipping a container app"),
            }
        }
    }
    Ok(apps)
}

/// The app's latest revision and that revision's replicas.
async fn read(arm: &ArmClient, app: App) -> Result<Read, String> {
    let (revision, replicas) = latest(arm, &app).await?;
    Ok(Read {
        app,
        revision,
        replicas,
    })
}

/// Replicas of the app's latest revision, in any state: what its scale rules asked for.
pub async fn replicas(arm: &ArmClient, app: &App) -> Result<u32, String> {
    let (_, replicas) = latest(arm, app).await?;
    Ok(revision::counts(&replicas).listed)
}

async fn latest(arm: &ArmClient, app: &App) -> Result<(Option<Revision>, Vec<Replica>), String> {
    let path = app.id.path();
    let revisions = arm
        .list(&format!("{path}/revisions"), API_VERSION)
        .await
        .map_err(|e| e.to_string())?;
    let revision = revision::latest(&revisions, app.latest_revision.as_deref());
    let replicas = match &revision {
        Some(r) if app::valid(&r.name) => arm
            .list(
                &format!("{path}/revisions/{}/replicas", r.name),
                API_VERSION,
            )
            .await
            .map_err(|e| e.to_string())?
            .iter()
            .map(revision::replica)
            .collect(),
        Some(r) => {
            return Err(format!(
                "{}: not a revision name: {:?}",
                app.id.name, r.name
            ));
        }
        None => Vec::new(),
    };
    Ok((revision, replicas))
}

/// The app as a scaling group: replicas of its latest revision, its limits and rules. Azure
/// Monitor's CPU and memory are not read, so they are unknown rather than zero.
fn group(read: &Read, instances: crate::domain::Trend) -> ScalingGroup {
    let counts = revision::counts(&read.replicas);
    let app = &read.app;
    ScalingGroup {
        name: app.id.name.clone(),
        instance_type: kind(read),
        in_service: counts.running,
        desired: counts.listed,
        min: app.min,
        max: app.max,
        cpu_percent: None,
        memory_percent: None,
        cpu_max_1h: None,
        policy: app.policy.clone(),
        instances,
        pending: Some(counts.listed - counts.running),
        unhealthy: Some(counts.not_ready),
        suspended: Vec::new(),
        hold: Hold::Unknown,
    }
}

/// What runs, revision first as the narrow type column has room for little: the latest
/// revision's suffix (its name less the app's, `{app}--{suffix}`), its state when not running,
/// and a replica's size.
fn kind(read: &Read) -> String {
    let sizing = &read.app.sizing;
    let Some(r) = &read.revision else {
        return format!("no revision, {sizing}");
    };
    let prefix = format!("{}--", read.app.id.name);
    let short = r.name.strip_prefix(&prefix).unwrap_or(&r.name);
    let state = r
        .running_state
        .as_deref()
        .filter(|s| *s != "Running")
        .map(|s| format!(" ({s})"))
        .unwrap_or_default();
    format!("rev {short}{state}, {sizing}")
}

/// The focused app's replicas as the detail's instances, with where each figure came from.
fn detail(read: &Read) -> ObjectDetail {
    let app = &read.app;
    let revision = read.revision.as_ref().map_or("", |r| r.name.as_str());
    let instances = read
        .replicas
        .iter()
        .map(|r| r.instance(revision, &app.sizing))
        .collect();
    let call = |operation: &str| format!("{operation} (Microsoft.App {API_VERSION})");
    let provenance = vec![
        Provenance {
            figure: "min, max, scale rules".into(),
            from: call(&format!(
                "Container Apps - List ({})",
                app.id.resource_group
            )),
        },
        Provenance {
            figure: "latest revision".into(),
            from: call("Container Apps Revisions - List Revisions"),
        },
        Provenance {
            figure: "replicas, in service, pending, unhealthy".into(),
            from: call(&format!(
                "Container Apps Revision Replicas - List Replicas ({revision})"
            )),
        },
        Provenance {
            figure: "replicas over time, scaling events".into(),
            from: "observed by the console between its polls".into(),
        },
    ];
    ObjectDetail {
        subject: Subject::new(Kind::Group, &app.id.name),
        extras: Extras::Group(GroupExtras {
            instances: Some(instances),
            ..GroupExtras::default()
        }),
        provenance,
    }
}

/// An Azure string the console shows: remote text, cleaned as it is read.
fn text(s: &str) -> String {
    crate::domain::remote_text::clean(s).into_owned()
}
