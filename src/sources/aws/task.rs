//! The three AWS sources as tasks: each polls its part on its own interval, publishes a
//! snapshot holding only that part, and polls again at once when asked to refresh (for Cost
//! Explorer, a refresh is the one way to fetch before the cache expires).

use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::mpsc;

use super::clients::AwsClients;
use super::cost::CostPoller;
use super::scaling::ScalingPoller;
use super::settings::AwsSettings;
use crate::domain::detail::Subject;
use crate::domain::{FleetSnapshot, SourceId, SourceUpdate};
use crate::sources::{Focus, RunningSource};

/// One part of the account: how to poll it and where its answer goes in a snapshot.
trait Part: Send + 'static {
    const SOURCE: SourceId;
    /// How often it publishes; what stale means follows from it (`Freshness::of`).
    fn interval(settings: &AwsSettings) -> Duration;
    fn poll(
        &mut self,
        clients: &AwsClients,
        settings: &AwsSettings,
        now: DateTime<Utc>,
        forced: bool,
        subject: Option<&Subject>,
    ) -> impl Future<Output = Result<FleetSnapshot, String>> + Send;

    /// One poll, fetching whatever a cache holds.
    async fn poll_part(
        &mut self,
        clients: &AwsClients,
        settings: &AwsSettings,
        now: DateTime<Utc>,
    ) -> Result<FleetSnapshot, String> {
        self.poll(clients, settings, now, true, None).await
    }
}

impl Part for ScalingPoller {
    const SOURCE: SourceId = SourceId::AwsScaling;
    fn interval(settings: &AwsSettings) -> Duration {
        settings.interval
    }
    async fn poll(
        &mut self,
        clients: &AwsClients,
        settings: &AwsSettings,
        now: DateTime<Utc>,
        _forced: bool,
        subject: Option<&Subject>,
    ) -> Result<FleetSnapshot, String> {
        let (view, detail) = self.poll_focused(clients, settings, now, subject).await?;
        Ok(FleetSnapshot {
            scaling: Some(view),
            detail,
            ..FleetSnapshot::empty(now)
        })
    }
}

impl Part for CostPoller {
    const SOURCE: SourceId = SourceId::AwsCost;
    fn interval(settings: &AwsSettings) -> Duration {
        settings.cost_ttl
    }
    async fn poll(
        &mut self,
        clients: &AwsClients,
        settings: &AwsSettings,
        now: DateTime<Utc>,
        forced: bool,
        _subject: Option<&Subject>,
    ) -> Result<FleetSnapshot, String> {
        let view = CostPoller::poll(self, clients, settings, now, forced).await?;
        Ok(FleetSnapshot {
            cost: Some(view),
            ..FleetSnapshot::empty(now)
        })
    }
}

/// Security Hub keeps no state between polls.
struct SecurityPart;

impl Part for SecurityPart {
    const SOURCE: SourceId = SourceId::AwsSecurity;
    fn interval(settings: &AwsSettings) -> Duration {
        settings.security_interval
    }
    async fn poll(
        &mut self,
        clients: &AwsClients,
        _settings: &AwsSettings,
        now: DateTime<Utc>,
        _forced: bool,
        _subject: Option<&Subject>,
    ) -> Result<FleetSnapshot, String> {
        let view = super::security::poll(clients).await?;
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
    let clients = AwsClients::connect(settings).await;
    let now = Utc::now();
    let mut scaling = ScalingPoller::new(settings);
    let mut snapshot = Part::poll(&mut scaling, &clients, settings, now, true, subject).await?;
    if settings.cost {
        snapshot.overlay(&CostPoller::new().poll_part(&clients, settings, now).await?);
    }
    if settings.security {
        snapshot.overlay(&SecurityPart.poll_part(&clients, settings, now).await?);
    }
    Ok(snapshot)
}

fn spawn<P: Part>(
    part: P,
    settings: &AwsSettings,
    tx: &mpsc::Sender<SourceUpdate>,
    focus: &Focus,
) -> RunningSource {
    // One queued refresh is enough: a second press while one waits changes nothing.
    let (refresh_tx, refresh_rx) = mpsc::channel(1);
    let task = tokio::spawn(run(
        part,
        settings.clone(),
        tx.clone(),
        refresh_rx,
        focus.clone(),
    ))
    .abort_handle();
    RunningSource {
        id: P::SOURCE,
        interval: P::interval(settings),
        refresh: Box::new(move || {
            let _ = refresh_tx.try_send(());
        }),
        task,
    }
}

async fn run<P: Part>(
    mut part: P,
    settings: AwsSettings,
    tx: mpsc::Sender<SourceUpdate>,
    mut refresh: mpsc::Receiver<()>,
    focus: Focus,
) {
    let clients = AwsClients::connect(&settings).await;
    let mut forced = false;
    let mut failures: u32 = 0;
    loop {
        let subject = focus.borrow().clone();
        let result = part
            .poll(&clients, &settings, Utc::now(), forced, subject.as_ref())
            .await;
        if let Err(error) = &result {
            tracing::warn!(source = P::SOURCE.label(), %error, "AWS poll failed");
        }
        failures = if result.is_ok() { 0 } else { failures + 1 };
        let update = SourceUpdate {
            source: P::SOURCE,
            result: result.map(Box::new),
        };
        if tx.send(update).await.is_err() {
            return;
        }
        let wait = retry_wait(failures, settings.interval, P::interval(&settings));
        forced = tokio::select! {
            () = tokio::time::sleep(wait) => false,
            asked = refresh.recv() => asked.is_some(),
        };
    }
}

/// After a failure, try again at the short interval, doubling up to the part's own interval,
/// so a forbidden Cost Explorer is not asked every 30 s all day.
fn retry_wait(failures: u32, short: Duration, own: Duration) -> Duration {
    if failures == 0 {
        return own;
    }
    short
        .saturating_mul(2u32.saturating_pow(failures - 1))
        .min(own)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_back_off_from_the_short_interval_to_the_parts_own() {
        let short = Duration::from_secs(30);
        let hour = Duration::from_secs(3600);
        let waits: Vec<u64> = (0..9)
            .map(|n| retry_wait(n, short, hour).as_secs())
            .collect();
        assert_eq!(waits, [3600, 30, 60, 120, 240, 480, 960, 1920, 3600]);
    }
}
