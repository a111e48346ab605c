//! The simulator as a task: it advances simulated time with the wall clock (times the speed)
//! and, as a console source, sends an owned snapshot each period. Commands, refresh and
//! exposition requests arrive on a channel, so neither the UI nor an exporter touches the model.

use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::{Instant, MissedTickBehavior};

use super::{SimError, Simulator, SimulatorConfig};
use crate::domain::runbook::FleetCommand;
use crate::domain::{SourceId, SourceUpdate};

/// The longest stretch of simulated time replayed in one period.
const MAX_CATCH_UP: chrono::Duration = chrono::Duration::days(1);
const MIN_PERIOD: Duration = Duration::from_millis(10);
/// An exporter's model also advances between scrapes, so no single scrape replays much.
const EXPORTER_PERIOD: Duration = Duration::from_secs(1);

enum Request {
    Apply(FleetCommand, oneshot::Sender<Result<String, SimError>>),
    Refresh,
    Exposition(oneshot::Sender<Vec<u8>>),
    Snapshot(oneshot::Sender<crate::domain::FleetSnapshot>),
}

#[derive(Clone)]
pub struct SimulatorHandle {
    requests: mpsc::Sender<Request>,
}

impl SimulatorHandle {
    pub async fn apply(&self, command: FleetCommand) -> Result<String, SimError> {
        let (reply, answer) = oneshot::channel();
        self.requests
            .send(Request::Apply(command, reply))
            .await
            .map_err(|_| SimError::Stopped)?;
        answer.await.map_err(|_| SimError::Stopped)?
    }

    /// Asks for a snapshot now; dropped if one is already queued.
    pub fn refresh(&self) {
        let _ = self.requests.try_send(Request::Refresh);
    }

    /// The fleet as it is now, for runbooks that re-read the state right before they act.
    pub async fn snapshot(&self) -> Result<crate::domain::FleetSnapshot, SimError> {
        let (reply, answer) = oneshot::channel();
        self.requests
            .send(Request::Snapshot(reply))
            .await
            .map_err(|_| SimError::Stopped)?;
        answer.await.map_err(|_| SimError::Stopped)
    }

    /// The fleet's metrics now, in the Prometheus text format (0.0.4).
    pub async fn exposition(&self) -> Result<Vec<u8>, SimError> {
        let (reply, answer) = oneshot::channel();
        self.requests
            .send(Request::Exposition(reply))
            .await
            .map_err(|_| SimError::Stopped)?;
        answer.await.map_err(|_| SimError::Stopped)
    }
}

/// The console's source: a snapshot to `tx` every `publish_every`; stops when `tx` closes.
pub fn spawn(
    config: SimulatorConfig,
    speed: f64,
    publish_every: Duration,
    tx: mpsc::Sender<SourceUpdate>,
    focus: crate::sources::Focus,
) -> (SimulatorHandle, JoinHandle<()>) {
    run(config, speed, publish_every, Some((tx, focus)))
}

/// An exporter's fleet: no snapshots; first brought up to the wall clock (when `config.start`
/// lies in the past), then following it × `speed`. Stops when every handle is dropped.
pub fn spawn_exporter(config: SimulatorConfig, speed: f64) -> (SimulatorHandle, JoinHandle<()>) {
    run(config, speed, EXPORTER_PERIOD, None)
}

fn run(
    config: SimulatorConfig,
    speed: f64,
    publish_every: Duration,
    console: Option<(mpsc::Sender<SourceUpdate>, crate::sources::Focus)>,
) -> (SimulatorHandle, JoinHandle<()>) {
    let (tx, focus) = console.unzip();
    let (requests, mut inbox) = mpsc::channel(8);
    let follow_wall_clock = tx.is_none();
    let task = tokio::spawn(async move {
        // Replaying the history takes a moment: off the runtime thread, so the UI draws meanwhile.
        let started = tokio::task::spawn_blocking(move || {
            let mut simulator = Simulator::new(config);
            if follow_wall_clock {
                catch_up_to_wall_clock(&mut simulator);
            }
            simulator
        })
        .await;
        let Ok(mut simulator) = started else {
            if let Some(tx) = tx {
                let _ = tx
                    .send(SourceUpdate {
                        source: SourceId::Simulator,
                        result: Err("simulator failed to start".into()),
                    })
                    .await;
            }
            return;
        };
        // A zero period would make `interval` panic and the loop spin.
        let mut ticker = tokio::time::interval(publish_every.max(MIN_PERIOD));
        ticker.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let mut last = Instant::now();
        // Without handles no commands can come, but the fleet keeps running for the receiver.
        let mut handles_alive = true;
        loop {
            tokio::select! {
                _ = ticker.tick() => {}
                request = inbox.recv(), if handles_alive => match request {
                    Some(Request::Apply(command, reply)) => { let _ = reply.send(simulator.apply(command)); }
                    Some(Request::Refresh) => {}
                    Some(Request::Snapshot(reply)) => {
                        follow(&mut simulator, &mut last, speed);
                        let _ = reply.send(simulator.snapshot());
                        continue;
                    }
                    Some(Request::Exposition(reply)) => {
                        // Brought up to date first: a scrape sees the fleet at the moment it asks.
                        follow(&mut simulator, &mut last, speed);
                        let _ = reply.send(simulator.exposition());
                        continue;
                    }
                    None if tx.is_none() => break,
                    None => {
                        handles_alive = false;
                        continue;
                    }
                },
            }
            follow(&mut simulator, &mut last, speed);
            let (Some(tx), Some(focus)) = (&tx, &focus) else {
                continue;
            };
            let mut snapshot = simulator.snapshot();
            snapshot.detail = focus.borrow().as_ref().and_then(|s| simulator.detail(s));
            let update = SourceUpdate {
                source: SourceId::Simulator,
                result: Ok(Box::new(snapshot)),
            };
            // A full queue means the UI is behind; the next period's snapshot supersedes this one.
            match tx.try_send(update) {
                Ok(()) | Err(mpsc::error::TrySendError::Full(_)) => {}
                Err(mpsc::error::TrySendError::Closed(_)) => break,
            }
        }
    });
    (SimulatorHandle { requests }, task)
}

/// Advances the model by the wall-clock time since `last`, times `speed`.
fn follow(simulator: &mut Simulator, last: &mut Instant, speed: f64) {
    let elapsed = last.elapsed();
    *last = Instant::now();
    // Bounded so a suspended laptop or an absurd speed cannot stall the task for long.
    let simulated = chrono::Duration::from_std(elapsed.mul_f64(speed.clamp(0.0, 1e4)))
        .unwrap_or(MAX_CATCH_UP)
        .min(MAX_CATCH_UP);
    simulator.advance(simulated);
}

/// Replays from a past start up to now, so samples scraped at wall-clock time `t` describe the
/// model at `t`. Catching up takes time itself, hence the second pass.
fn catch_up_to_wall_clock(simulator: &mut Simulator) {
    for _ in 0..2 {
        let behind = chrono::Utc::now() - simulator.now();
        if behind > chrono::Duration::zero() {
            simulator.advance(behind);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[tokio::test]
    async fn publishes_applies_and_stops_with_the_receiver() {
        let start = chrono::Utc
            .with_ymd_and_hms(2026, 11, 18, 3, 0, 0)
            .single()
            .expect("time");
        let (tx, mut rx) = mpsc::channel(4);
        let (handle, task) = spawn(
            SimulatorConfig::new(42, start),
            60.0,
            Duration::from_millis(20),
            tx,
            tokio::sync::watch::channel(None).1,
        );
        let first = rx.recv().await.expect("a snapshot").result.expect("ok");
        assert!(first.taken_at >= start);
        let done = handle
            .apply(FleetCommand::SetDesiredCapacity {
                group: "web".into(),
                desired: 7,
                expect: None,
            })
            .await
            .expect("applied");
        assert!(done.contains("5 → 7"), "{done}");
        let refused = handle
            .apply(FleetCommand::FailoverReplica {
                replica: "db-primary".into(),
            })
            .await;
        assert_eq!(refused, Err(SimError::UnknownReplica("db-primary".into())));
        // Simulated time runs at 60× the wall clock between snapshots.
        let later = rx.recv().await.expect("a snapshot").result.expect("ok");
        assert!(later.taken_at > first.taken_at);
        drop(handle);
        let still = rx.recv().await.expect("dropping handles keeps it running");
        assert!(still.result.is_ok());
        drop(rx);
        tokio::time::timeout(Duration::from_secs(5), task)
            .await
            .expect("stops once the receiver is gone")
            .expect("no panic");
    }

    #[tokio::test]
    async fn the_detail_is_in_snapshots_only_while_a_subject_is_open() {
        let start = chrono::Utc
            .with_ymd_and_hms(2026, 11, 18, 3, 0, 0)
            .single()
            .expect("time");
        let (tx, mut rx) = mpsc::channel(1);
        let (focus, watching) = tokio::sync::watch::channel(None);
        let (_handle, task) = spawn(
            SimulatorConfig::new(42, start),
            1.0,
            Duration::from_millis(20),
            tx,
            watching,
        );
        let mut next = async || rx.recv().await.expect("a snapshot").result.expect("ok");
        assert_eq!(next().await.detail, None, "nothing is open");
        let web = crate::domain::detail::Subject::new(crate::domain::detail::Kind::Group, "web");
        // Snapshots taken before the change may still be queued or in the making: within a few
        // periods every snapshot says the new focus.
        focus.send_replace(Some(web.clone()));
        let mut opened = None;
        for _ in 0..5 {
            opened = next().await.detail.map(|d| d.subject);
        }
        assert_eq!(opened, Some(web));
        focus.send_replace(None);
        let mut closed = Some(());
        for _ in 0..5 {
            closed = next().await.detail.map(|_| ());
        }
        assert_eq!(closed, None, "closed: no detail fetched");
        task.abort();
    }

    #[tokio::test]
    async fn an_exporter_catches_up_with_the_wall_clock_and_answers_scrapes() {
        // Following the wall clock is what is tested, so the start is an hour before it; the
        // expectation comes from the model, so the hour of day (the traffic) cannot matter.
        let config = SimulatorConfig::new(7, chrono::Utc::now() - chrono::Duration::hours(1));
        let mut model = Simulator::new(config.clone());
        let at_start = model.services[0].counters.count();
        model.advance(chrono::Duration::minutes(59));
        let caught_up = model.services[0].counters.count();
        let (handle, task) = spawn_exporter(config, 60.0);
        let api = "http_request_duration_seconds_count{service=\"api\"}";
        let scrape = async || {
            let body = handle.exposition().await.expect("running");
            super::super::exposition::value(&String::from_utf8(body).expect("utf-8"), api)
        };
        let first = scrape().await;
        assert!(
            first >= caught_up && caught_up > at_start,
            "{first} vs {caught_up} after 59 minutes, {at_start} at the start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(scrape().await > first, "follows the clock between scrapes");
        drop(handle);
        tokio::time::timeout(Duration::from_secs(5), task)
            .await
            .expect("stops once no handle is left")
            .expect("no panic");
    }
}
