//! The Azure sources (`azure:apps`, `azure:cost`, `azure:defender`) as parts of one
//! subscription (see `sources::cloud_task`), sharing one ARM client and its token.

use std::time::Duration;

use chrono::Utc;
use tokio::sync::mpsc;

use super::apps::AppsPoller;
use super::arm::ArmClient;
use super::cost::CostPoller;
use super::defender::DefenderPart;
use super::settings::AzureSettings;
use crate::domain::detail::Subject;
use crate::domain::{FleetSnapshot, SourceUpdate};
use crate::sources::cloud_task::{Cloud, Part, spawn};
use crate::sources::{Focus, RunningSource};

/// The subscription's ARM client; its settings are the client's.
pub struct Subscription {
    pub arm: ArmClient,
}

impl Cloud for Subscription {
    type Settings = AzureSettings;
    async fn connect(settings: &AzureSettings) -> Result<Self, String> {
        Ok(Self {
            arm: ArmClient::new(settings)?,
        })
    }
    fn retry_interval(settings: &AzureSettings) -> Duration {
        settings.interval
    }
}

/// Starts the enabled parts of `settings`.
pub fn start(
    settings: &AzureSettings,
    tx: &mpsc::Sender<SourceUpdate>,
    focus: &Focus,
) -> Vec<RunningSource> {
    let mut sources = vec![spawn(AppsPoller::new(settings), settings, tx, focus)];
    if settings.cost {
        sources.push(spawn(CostPoller::new(), settings, tx, focus));
    }
    if settings.security {
        sources.push(spawn(DefenderPart, settings, tx, focus));
    }
    sources
}

/// Every enabled part once, laid over each other: the headless snapshot, with `subject`'s
/// detail when a part has one (`describe`). The first part that fails is the error, so a
/// script never mistakes a forbidden subscription for an empty one.
pub async fn poll_once(
    settings: &AzureSettings,
    subject: Option<&Subject>,
) -> Result<FleetSnapshot, String> {
    let subscription = Subscription::connect(settings).await?;
    let now = Utc::now();
    let mut apps = AppsPoller::new(settings);
    let mut snapshot = Part::poll(&mut apps, &subscription, now, true, subject).await?;
    if settings.cost {
        snapshot
            .overlay(&Part::poll(&mut CostPoller::new(), &subscription, now, true, None).await?);
    }
    if settings.security {
        let defender = Part::poll(&mut DefenderPart, &subscription, now, true, subject).await?;
        snapshot.overlay(&defender);
    }
    Ok(snapshot)
}
