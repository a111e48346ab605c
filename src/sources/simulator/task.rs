//! The simulator as a source task: it advances simulated time with the wall clock (times the
//! speed) and sends an owned snapshot each period. Commands and refresh requests arrive on a
//! channel, so the UI never touches the model directly.

use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::{Instant, MissedTickBehavior};

use super::{SimCommand, SimError, Simulator, SimulatorConfig};
use crate::domain::{SourceId, SourceUpdate};

/// The longest stretch of simulated time replayed in one period.
const MAX_CATCH_UP: chrono::Duration = chrono::Duration::days(1);
const MIN_PERIOD: Duration = Duration::from_millis(10);

enum Request {
    Apply(SimCommand, oneshot::Sender<Result<String, SimError>>),
    Refresh,
}

#[derive(Clone)]
pub struct SimulatorHandle {
    requests: mpsc::Sender<Request>,
}

impl SimulatorHandle {
    pub async fn apply(&self, command: SimCommand) -> Result<String, SimError> {
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
}

pub fn spawn(
    config: SimulatorConfig,
    speed: f64,
    publish_every: Duration,
    tx: mpsc::Sender<SourceUpdate>,
) -> (SimulatorHandle, JoinHandle<()>) {
    let (requests, mut inbox) = mpsc::channel(8);
    let task = tokio::spawn(async move {
        // Replaying the history takes a moment: off the runtime thread, so the UI draws meanwhile.
        let Ok(mut simulator) = tokio::task::spawn_blocking(move || Simulator::new(config)).await
        else {
            let _ = tx
                .send(SourceUpdate {
                    source: SourceId::Simulator,
                    result: Err("simulator failed to start".into()),
                })
                .await;
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
                    None => {
                        handles_alive = false;
                        continue;
                    }
                },
            }
            let elapsed = last.elapsed();
            last = Instant::now();
            // Bounded so a suspended laptop or an absurd speed cannot stall the task for long.
            let simulated = chrono::Duration::from_std(elapsed.mul_f64(speed.clamp(0.0, 1e4)))
                .unwrap_or(MAX_CATCH_UP)
                .min(MAX_CATCH_UP);
            simulator.advance(simulated);
            let update = SourceUpdate {
                source: SourceId::Simulator,
                result: Ok(Box::new(simulator.snapshot())),
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
        );
        let first = rx.recv().await.expect("a snapshot").result.expect("ok");
        assert!(first.taken_at >= start);
        let done = handle
            .apply(SimCommand::SetDesiredCapacity {
                group: "web".into(),
                desired: 7,
            })
            .await
            .expect("applied");
        assert!(done.contains("5 → 7"), "{done}");
        let refused = handle
            .apply(SimCommand::FailoverReplica {
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
}
