//! The Checkpoint tab's evaluations, off the loop: each request is a task that answers through
//! a channel. The demo's record (weeks of simulator replay, seconds of CPU) is built once per
//! environment on a blocking thread, up to when the console's own fleet was first seen; from
//! then on it takes that fleet's samples, so what happens on screen is in the week. Switching
//! environments aborts what is in flight.

use std::path::PathBuf;
use std::sync::{Arc, PoisonError};

use chrono::Utc;
use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinHandle;

use crate::app::CheckpointRequest;
use crate::checkpoint::{
    CheckpointSettings, Inputs, LiveSamples, Record, Recorder, Source, weekly_report,
};
use crate::config::{EnvironmentConfig, SourceConfig};
use crate::domain::SourceId;
use crate::domain::checkpoint::WeeklyReport;
use crate::domain::checkpoint::report::HISTORY_WEEKS;
use crate::sources::prometheus::PrometheusClient;

pub type Answer = (CheckpointRequest, Result<WeeklyReport, String>);

enum Kind {
    Demo {
        seed: u64,
        /// Built on first use, then fed the shown fleet; one evaluation at a time holds it.
        recorder: Arc<Mutex<Option<Recorder>>>,
        live: Arc<std::sync::Mutex<LiveSamples>>,
    },
    /// With the environment's monthly cost baseline and cloud parts.
    Prometheus(PrometheusClient, f64, Vec<SourceId>),
    /// The environment's endpoints cannot be set up: every answer says why.
    Broken(String),
}

/// A request's source: ready, or the demo's record to bring up to date inside the task.
enum Pending {
    Ready(Source),
    Demo(
        u64,
        Arc<Mutex<Option<Recorder>>>,
        Arc<std::sync::Mutex<LiveSamples>>,
    ),
}

pub struct Checkpoints {
    settings: Arc<CheckpointSettings>,
    audit_file: PathBuf,
    environment: String,
    kind: Kind,
    in_flight: Vec<JoinHandle<()>>,
    answers: mpsc::UnboundedSender<Answer>,
}

impl Checkpoints {
    pub fn new(
        settings: CheckpointSettings,
        audit_file: PathBuf,
        answers: mpsc::UnboundedSender<Answer>,
    ) -> Self {
        Self {
            settings: Arc::new(settings),
            audit_file,
            environment: String::new(),
            kind: Kind::Broken("no environment yet".into()),
            in_flight: Vec::new(),
            answers,
        }
    }

    /// `seed` is the demo's (`DemoSettings::seed`, the simulator's too), so its weeks match
    /// its fleet.
    pub fn set_environment(&mut self, config: &EnvironmentConfig, seed: u64) {
        self.in_flight.drain(..).for_each(|task| task.abort());
        self.environment.clone_from(&config.name);
        self.kind = match &config.source {
            SourceConfig::Demo => Kind::Demo {
                seed,
                recorder: Arc::new(Mutex::new(None)),
                live: Arc::new(std::sync::Mutex::new(LiveSamples::new(&self.settings))),
            },
            SourceConfig::Prometheus(settings) => {
                match settings.prometheus.resolve().and_then(|endpoint| {
                    PrometheusClient::new(&endpoint).map_err(|e| e.to_string())
                }) {
                    Ok(client) => {
                        Kind::Prometheus(client, settings.monthly_baseline, config.clouds())
                    }
                    Err(error) => Kind::Broken(format!("cannot query Prometheus: {error}")),
                }
            }
        };
    }

    /// The fleet the console shows, as it arrives: the demo's week is sampled from it.
    pub fn observe(&self, shown: &crate::domain::FleetSnapshot) {
        if let Kind::Demo { live, .. } = &self.kind {
            live.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .observe(shown);
        }
    }

    /// `live` is what the console shows now: on Prometheus, figure-only criteria read it.
    pub fn load(
        &mut self,
        request: CheckpointRequest,
        live: Option<&crate::domain::FleetSnapshot>,
    ) {
        let week = request.week;
        if matches!(self.kind, Kind::Prometheus(..)) {
            // Only the latest answer is shown: stop spending queries on the others. (The
            // demo's are cheap after the first, and aborting one would lose its replay.)
            self.in_flight.drain(..).for_each(|task| task.abort());
        }
        self.in_flight.retain(|task| !task.is_finished());
        let answers = self.answers.clone();
        let settings = Arc::clone(&self.settings);
        let environment = self.environment.clone();
        let audit_file = Some(self.audit_file.clone());
        let pending = match &self.kind {
            Kind::Demo {
                seed,
                recorder,
                live,
            } => Pending::Demo(*seed, Arc::clone(recorder), Arc::clone(live)),
            Kind::Prometheus(client, baseline, clouds) => Pending::Ready(Source::Prometheus {
                client: client.clone(),
                live: live.map(|s| Arc::new(s.clone())),
                baseline: *baseline,
                clouds: clouds.clone(),
            }),
            Kind::Broken(error) => {
                let _ = answers.send((request, Err(error.clone())));
                return;
            }
        };
        let demo = matches!(pending, Pending::Demo(..));
        self.in_flight.push(tokio::spawn(async move {
            let source = match pending {
                Pending::Ready(source) => source,
                Pending::Demo(seed, recorder, live) => {
                    match demo_record(seed, &recorder, &live, &settings).await {
                        Ok(record) => Source::Simulator(record),
                        Err(error) => {
                            let _ = answers.send((request, Err(error)));
                            return;
                        }
                    }
                }
            };
            let inputs = Inputs {
                environment,
                source,
                settings,
                audit_file,
                demo,
            };
            let report = weekly_report(&inputs, week, Utc::now()).await;
            let _ = answers.send((request, Ok(report)));
        }));
    }
}

/// The demo's record as of now: the first call replays the weeks the tab's history needs up to
/// the first sample of the shown fleet; every call adds that fleet's samples since the last.
/// Before the console's fleet has been seen, the replay steps its own fleet to now.
async fn demo_record(
    seed: u64,
    recorder: &Mutex<Option<Recorder>>,
    live: &std::sync::Mutex<LiveSamples>,
    settings: &Arc<CheckpointSettings>,
) -> Result<Arc<Record>, String> {
    let mut slot = recorder.lock().await;
    let kept = slot.take();
    let (since, samples) = {
        let mut live = live.lock().unwrap_or_else(PoisonError::into_inner);
        (live.since(), live.take())
    };
    let settings = Arc::clone(settings);
    // Replaying weeks takes seconds of CPU: never on the loop's thread.
    let (kept, record) = tokio::task::spawn_blocking(move || {
        let now = Utc::now();
        let mut recorder = match kept {
            Some(recorder) => recorder,
            None => Recorder::for_demo(seed, since.unwrap_or(now), HISTORY_WEEKS, &settings)?,
        };
        match samples {
            Some(samples) => recorder.absorb(samples, now),
            None => recorder.advance_to(now),
        }
        let record = Arc::clone(recorder.record());
        Ok::<_, String>((recorder, record))
    })
    .await
    .map_err(|e| format!("building the simulator's record failed: {e}"))??;
    *slot = Some(kept);
    Ok(record)
}
