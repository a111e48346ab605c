//! Starting and stopping the sources of one environment. Switching stops every task of the
//! old one and drops its queued updates, so nothing from it lands in the new one's store.

use std::path::Path;

use tokio::sync::{mpsc, watch};

use crate::app::DataStore;
use crate::config::{DemoSettings, EnvironmentConfig, SourceConfig};
use crate::domain::detail::Subject;
use crate::domain::{SourceId, SourceUpdate};
use crate::runbook::target::Target;
use crate::sources::{self, RunningSource};

pub struct Running {
    pub sources: Vec<RunningSource>,
    /// What runbooks act on here; `None` when its endpoints cannot be set up.
    pub target: Option<Target>,
    /// The subject the open detail view shows, read by every source.
    focus: watch::Sender<Option<Subject>>,
}

impl Running {
    pub fn stop(&self) {
        self.sources.iter().for_each(RunningSource::stop);
    }

    /// Tells every source which subject to fetch detail data for (none: stop), and asks the
    /// sources that answer for it to fetch now rather than at the next interval. Cost Explorer
    /// is never asked early: each of its requests is billed, and its detail is the tab's data.
    pub fn focus(&self, subject: Option<Subject>) {
        let topic = subject.as_ref().map(|s| s.kind.topic());
        self.focus.send_replace(subject);
        self.sources
            .iter()
            .filter(|s| topic.is_some_and(|t| s.id.covers(t)) && s.id != SourceId::AwsCost)
            .for_each(RunningSource::refresh);
    }

    pub fn refresh(&self, id: SourceId) {
        self.sources
            .iter()
            .filter(|s| s.id == id)
            .for_each(RunningSource::refresh);
    }
}

/// Starts `config`'s sources. A source that cannot start is registered with its error, so
/// the console shows why instead of waiting forever.
pub fn start(
    config: &EnvironmentConfig,
    demo: &DemoSettings,
    state_dir: &Path,
    tx: &mpsc::Sender<SourceUpdate>,
) -> (Running, DataStore) {
    let mut data = DataStore::default();
    let (focus, watching) = watch::channel(None);
    let mut sources = Vec::new();
    #[cfg_attr(not(feature = "aws"), allow(unused_mut))]
    let mut target;
    match &config.source {
        SourceConfig::Demo => {
            tracing::info!(
                seed = demo.seed,
                speed = demo.speed,
                "starting the simulated fleet"
            );
            let (simulator, commands) = sources::start_simulator(
                demo.seed,
                demo.now(),
                demo.speed,
                demo.refresh,
                demo.objectives.clone(),
                tx.clone(),
                watching.clone(),
            );
            sources.push(simulator);
            target = Some(Target::simulator(&config.name, commands));
        }
        SourceConfig::Prometheus(settings) => {
            tracing::info!(environment = %config.name, url = %settings.prometheus.url, "starting Prometheus polling");
            target = Target::prometheus(&config.name, settings)
                .inspect_err(|error| tracing::warn!(environment = %config.name, %error, "runbooks cannot act here"))
                .ok();
            match sources::start_prometheus(settings, tx.clone(), watching.clone()) {
                Ok(source) => sources.push(source),
                Err(error) => {
                    tracing::warn!(environment = %config.name, %error, "cannot start");
                    data.register(SourceId::Prometheus, settings.interval);
                    data.apply(
                        SourceUpdate {
                            source: SourceId::Prometheus,
                            result: Err(error),
                        },
                        std::time::Instant::now(),
                    );
                }
            }
        }
    }
    if let Some(target) = target.as_mut() {
        target
            .renew_certificate
            .clone_from(&config.renew_certificate);
    }
    #[cfg(feature = "aws")]
    if let Some(settings) = config.aws_settings(state_dir) {
        tracing::info!(environment = %config.name, region = ?settings.region, "starting AWS polling");
        sources.extend(sources::aws::task::start(&settings, tx, &watching));
        if let Some(target) = target.as_mut() {
            target.attach_aws(settings);
        }
    }
    #[cfg(feature = "azure")]
    if let Some(settings) = config.azure_settings(state_dir) {
        tracing::info!(environment = %config.name, subscription = %settings.subscription, "starting Azure polling");
        sources.extend(sources::azure::task::start(&settings, tx, &watching));
    }
    #[cfg(not(any(feature = "aws", feature = "azure")))]
    let _ = state_dir;
    for source in &sources {
        data.register(source.id, source.interval);
    }
    (
        Running {
            sources,
            target,
            focus,
        },
        data,
    )
}
