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
        // A stopped simulator cannot act; say so in the error the caller already handles.
        let stopped = || SimError::UnknownGroup("(simulator stopped)".into());
        self.requests
            .send(Request::Apply(command, reply))
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
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
        let mut ticker = tokio::time::interval(publish_every);
        ticker.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let mut last = Instant::now();
        loop {
            tokio::select! {
                _ = ticker.tick() => {}
                request = inbox.recv() => match request {
                    Some(Request::Apply(command, reply)) => { let _ = reply.send(simulator.apply(command)); }
                    Some(Request::Refresh) => {}
                    // The console dropped its handle: it is shutting down.
                    None => break,
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
