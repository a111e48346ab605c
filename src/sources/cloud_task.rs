//! A cloud account's parts as sources (AWS's groups, cost and findings; Azure's apps, cost and
//! Defender): each polls on its own interval, publishes a snapshot holding only its part, backs
//! off after failures, and polls again at once when asked to refresh (for a cached cost API, a
//! refresh is the one way to fetch before the cache expires).

use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::mpsc;

use crate::domain::detail::Subject;
use crate::domain::{FleetSnapshot, SourceId, SourceUpdate};
use crate::sources::{Focus, RunningSource};

/// What every part of one account shares: its clients and settings.
pub trait Cloud: Send + Sync + Sized + 'static {
    type Settings: Clone + Send + Sync + 'static;
    /// Clients for `settings`; an error (a credential that cannot be made) is every part's.
    fn connect(settings: &Self::Settings) -> impl Future<Output = Result<Self, String>> + Send;
    /// After a failure a part retries this soon, doubling up to its own interval.
    fn retry_interval(settings: &Self::Settings) -> Duration;
}

/// One part of an account: how to poll it and where its answer goes in a snapshot.
pub trait Part: Send + 'static {
    type Cloud: Cloud;
    const SOURCE: SourceId;
    /// How often it publishes; what stale means follows from it (`Freshness::of`).
    fn interval(settings: &<Self::Cloud as Cloud>::Settings) -> Duration;
    /// One poll; `forced` when the user asked for a refresh, `subject` the open detail's.
    fn poll(
        &mut self,
        cloud: &Self::Cloud,
        now: DateTime<Utc>,
        forced: bool,
        subject: Option<&Subject>,
    ) -> impl Future<Output = Result<FleetSnapshot, String>> + Send;
}

/// Starts `part` as a source publishing on `tx`.
pub fn spawn<P: Part>(
    part: P,
    settings: &<P::Cloud as Cloud>::Settings,
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
    settings: <P::Cloud as Cloud>::Settings,
    tx: mpsc::Sender<SourceUpdate>,
    mut refresh: mpsc::Receiver<()>,
    focus: Focus,
) {
    let cloud = P::Cloud::connect(&settings).await;
    let mut forced = false;
    let mut failures: u32 = 0;
    loop {
        let subject = focus.borrow().clone();
        let result = match &cloud {
            Ok(cloud) => part.poll(cloud, Utc::now(), forced, subject.as_ref()).await,
            Err(error) => Err(error.clone()),
        };
        if let Err(error) = &result {
            tracing::warn!(source = P::SOURCE.label(), %error, "cloud poll failed");
        }
        failures = if result.is_ok() { 0 } else { failures + 1 };
        let update = SourceUpdate {
            source: P::SOURCE,
            result: result.map(Box::new),
        };
        if tx.send(update).await.is_err() {
            return;
        }
        let short = P::Cloud::retry_interval(&settings);
        let wait = retry_wait(failures, short, P::interval(&settings));
        forced = tokio::select! {
            () = tokio::time::sleep(wait) => false,
            asked = refresh.recv() => asked.is_some(),
        };
    }
}

/// After a failure, try again at the short interval, doubling up to the part's own interval,
/// so a forbidden cost API is not asked every 30 s all day.
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
