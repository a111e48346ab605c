//! The three AWS sources (groups, Cost Explorer, Security Hub) as parts of one account (see
//! `sources::cloud_task`).

use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::mpsc;

use super::clients::AwsClients;
use super::cost::CostPoller;
use super::scaling::ScalingPoller;
use super::settings::AwsSettings;
use crate::domain::detail::Subject;
use crate::domain::{FleetSnapshot, SourceId, SourceUpdate};
use crate::sources::cloud_task::{Cloud, Part, spawn};
use crate::sources::{Focus, RunningSource};

/// The account's clients with the settings they were made from.
pub struct Account {
    clients: AwsClients,
    settings: AwsSettings,
}

impl Cloud for Account {
    type Settings = AwsSettings;
    async fn connect(settings: &AwsSettings) -> Result<Self, String> {
        Ok(Self {
            clients: AwsClients::connect(settings).await,
            settings: settings.clone(),
        })
    }
    fn retry_interval(settings: &AwsSettings) -> Duration {
        settings.interval
    }
}

impl Part for ScalingPoller {
    type Cloud = Account;
    const SOURCE: SourceId = SourceId::AwsScaling;
    fn interval(settings: &AwsSettings) -> Duration {
        settings.interval
    }
    async fn poll(
        &mut self,
        cloud: &Account,
        now: DateTime<Utc>,
        _forced: bool,
        subject: Option<&Subject>,
    ) -> Result<FleetSnapshot, String> {
        let (view, detail) = self
            .poll_focused(&cloud.clients, &cloud.settings, now, subject)
            .await?;
        Ok(FleetSnapshot {
            scaling: Some(view),
            detail,
            ..FleetSnapshot::empty(now)
        })
    }
}

impl Part for CostPoller {
    type Cloud = Account;
    const SOURCE: SourceId = SourceId::AwsCost;
    fn interval(settings: &AwsSettings) -> Duration {
        settings.cost_ttl
    }
    async fn poll(
        &mut self,
        cloud: &Account,
        now: DateTime<Utc>,
        forced: bool,
        _subject: Option<&Subject>,
    ) -> Result<FleetSnapshot, String> {
        let view = CostPoller::poll(self, &cloud.clients, &cloud.settings, now, forced).await?;
        Ok(FleetSnapshot {
            cost: Some(view),
            ..FleetSnapshot::empty(now)
        })
    }
}

/// Security Hub keeps no state between polls.
struct SecurityPart;

impl Part for SecurityPart {
    type Cloud = Account;
    const SOURCE: SourceId = SourceId::AwsSecurity;
    fn interval(settings: &AwsSettings) -> Duration {
        settings.security_interval
    }
    async fn poll(
        &mut self,
        cloud: &Account,
        now: DateTime<Utc>,
        _forced: bool,
        _subject: Option<&Subject>,
    ) -> Result<FleetSnapshot, String> {
        let view = super::security::poll(&cloud.clients).await?;
        Ok(FleetSnapshot {
            security: Some(view),
            ..FleetSnapshot::empty(now)
        })
    }
}

/// Starts the enabled parts of `settings`.
pub fn start(
    settings: &AwsSettings,
    tx: &mpsc::Sender<SourceUpdate>,
    focus: &Focus,
) -> Vec<RunningSource> {
    let mut sources = vec![spawn(ScalingPoller::new(settings), settings, tx, focus)];
    if settings.cost {
        sources.push(spawn(CostPoller::new(), settings, tx, focus));
    }
    if settings.security {
        sources.push(spawn(SecurityPart, settings, tx, focus));
    }
    sources
}

/// Every enabled part once, laid over each other: the headless snapshot, with `subject`'s
/// detail when a part has one (`describe`). The first part that fails is the error, so a
/// script never mistakes a forbidden account for an empty one.
pub async fn poll_once(
    settings: &AwsSettings,
    subject: Option<&Subject>,
) -> Result<FleetSnapshot, String> {
    let account = Account::connect(settings).await?;
    let now = Utc::now();
    let mut scaling = ScalingPoller::new(settings);
    let mut snapshot = Part::poll(&mut scaling, &account, now, true, subject).await?;
    if settings.cost {
        snapshot.overlay(&Part::poll(&mut CostPoller::new(), &account, now, true, None).await?);
    }
    if settings.security {
        snapshot.overlay(&Part::poll(&mut SecurityPart, &account, now, true, None).await?);
    }
    Ok(snapshot)
}
