//! Reading the world. Each source is a task that sends owned [`SourceUpdate`]s over a channel
//! and never touches the app's state; the runtime keeps a [`RunningSource`] per task to ask for
//! fresh data and to stop it. The simulator is the first source; Prometheus and cloud APIs
//! plug in here the same way. Sources that decode and map remote answers run [`apart`], on a
//! thread of their own, so a 100,000-series answer never delays a key press or a signal.
//!
//! [`SourceUpdate`]: crate::domain::SourceUpdate

pub mod aws;
pub mod azure;
#[cfg(any(feature = "aws", feature = "azure"))]
pub mod cloud_task;
pub mod prometheus;
pub mod simulator;

use std::time::Duration;

use chrono::Utc;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

use crate::domain::detail::Subject;
use crate::domain::{SourceId, SourceUpdate};

/// The subject a detail view (or `describe`) has open: sources fetch its extra data only while
/// it is set, so a closed detail adds no load on Prometheus or the cloud.
pub type Focus = tokio::sync::watch::Receiver<Option<Subject>>;

/// A source task as the runtime sees it.
pub struct RunningSource {
    pub id: SourceId,
    /// How often it publishes; what stale means follows from it (`Freshness::of`).
    pub interval: Duration,
    refresh: Box<dyn Fn() + Send + Sync>,
    task: AbortHandle,
}

impl RunningSource {
    /// Asks for data now rather than at the next interval.
    pub fn refresh(&self) {
        (self.refresh)();
    }

    pub fn stop(&self) {
        self.task.abort();
    }
}

/// Starts polling a Prometheus (and its Alertmanager). Fails before polling when an endpoint
/// cannot be set up: a secret that is not there, a CA file that does not parse.
pub fn start_prometheus(
    settings: &prometheus::settings::PrometheusSettings,
    tx: mpsc::Sender<SourceUpdate>,
    focus: Focus,
) -> Result<RunningSource, String> {
    let poller = prometheus::Poller::connect(settings)?;
    // One queued refresh is enough: a second press while one waits changes nothing.
    let (refresh_tx, refresh_rx) = mpsc::channel(1);
    let task = apart("prometheus", poller.run(tx, refresh_rx, focus))?;
    Ok(RunningSource {
        id: SourceId::Prometheus,
        interval: settings.interval,
        refresh: Box::new(move || {
            let _ = refresh_tx.try_send(());
        }),
        task,
    })
}

/// Runs `work` on a thread of its own with a single-threaded runtime, so its decoding and
/// mapping never hold the console's loop. Aborting the handle ends it at its next await; the
/// process never waits for the thread at exit.
pub fn apart(
    name: &str,
    work: impl Future<Output = ()> + Send + 'static,
) -> Result<AbortHandle, String> {
    // One decoding thread: large answers decode one at a time, so memory holds one answer's
    // worth of decoding at once (and one malloc arena) rather than one per request in flight.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .max_blocking_threads(1)
        .build()
        .map_err(|e| format!("cannot start the {name} source: {e}"))?;
    let task = runtime.spawn(work);
    let abort = task.abort_handle();
    std::thread::Builder::new()
        .name(format!("source-{name}"))
        .spawn(move || {
            let _ = runtime.block_on(task);
        })
        .map_err(|e| format!("cannot start the {name} source: {e}"))?;
    Ok(abort)
}

/// Every panel of a Prometheus environment once: the headless snapshot. Fails when nothing at
/// all could be read, naming the first error.
pub async fn poll_prometheus_once(
    settings: &prometheus::settings::PrometheusSettings,
) -> Result<crate::domain::FleetSnapshot, String> {
    describe_prometheus(settings, None).await
}

/// The headless snapshot with the detail of `subject` (where Prometheus has one): `describe`.
pub async fn describe_prometheus(
    settings: &prometheus::settings::PrometheusSettings,
    subject: Option<&Subject>,
) -> Result<crate::domain::FleetSnapshot, String> {
    let mut poller = prometheus::Poller::connect(settings)?;
    poller.poll_once_with(subject).await;
    poller.snapshot_or_error()
}

/// Starts the embedded simulated fleet as a source.
pub fn start_simulator(
    seed: u64,
    start: chrono::DateTime<Utc>,
    speed: f64,
    interval: Duration,
    objectives: Option<crate::domain::slo::Objectives>,
    tx: mpsc::Sender<SourceUpdate>,
    focus: Focus,
) -> (RunningSource, simulator::SimulatorHandle) {
    let (handle, task) = simulator::spawn(
        simulator::SimulatorConfig::new(seed, start).with_objectives(objectives),
        speed,
        interval,
        tx,
        focus,
    );
    let refresher = handle.clone();
    let source = RunningSource {
        id: SourceId::Simulator,
        interval,
        refresh: Box::new(move || refresher.refresh()),
        task: task.abort_handle(),
    };
    (source, handle)
}
