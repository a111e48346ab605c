//! The polling task. Each wake it launches every due job at once (a semaphore bounds how many
//! requests are in flight), folds answers into the records as they come, and publishes one
//! snapshot when the round is done — or a short while after the first answer, so one slow
//! query never holds back the others. The UI only ever receives finished snapshots.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::Utc;
use tokio::sync::{Semaphore, mpsc};
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::{Duration, Instant, sleep_until};

use super::detail;
use super::jobs::{self, Job, PROMETHEUS};
use super::mapping;
use super::records::{Clients, Fetched, JobData, JobRecord, fetch, unix};
use super::schedule::{Outcome, Schedule};
use super::settings::PrometheusSettings;
use super::{AlertmanagerClient, FetchError, PrometheusClient};
use crate::domain::detail::{Kind, ObjectDetail, Subject};
use crate::domain::{FleetSnapshot, SourceId, SourceUpdate};

/// Answers arriving within this long of each other go out in one snapshot.
const PUBLISH_DEBOUNCE: Duration = Duration::from_millis(200);
/// A range step's point is asked for a little after the step, once scrapes have landed.
const RANGE_GRACE: Duration = Duration::from_secs(2);

pub struct Poller {
    pub settings: PrometheusSettings,
    pub jobs: Vec<Job>,
    pub panel_jobs: Vec<usize>,
    pub records: Vec<JobRecord>,
    /// The open subject's detail, while one is open and answered.
    pub detail: Option<ObjectDetail>,
    clients: Arc<Clients>,
}

type Answer = (usize, Instant, Result<Fetched, FetchError>);

impl Poller {
    pub fn new(settings: PrometheusSettings, clients: Clients) -> Self {
        let (jobs, panel_jobs) = jobs::plan(&settings);
        let records = jobs
            .iter()
            .map(|job| JobRecord::new(job, settings.max_rows))
            .collect();
        Self {
            settings,
            jobs,
            panel_jobs,
            records,
            detail: None,
            clients: Arc::new(clients),
        }
    }

    /// Sets up the HTTP clients: fails on a missing secret or a CA file that does not parse.
    pub fn connect(settings: &PrometheusSettings) -> Result<Self, String> {
        let endpoint = settings.prometheus.resolve()?;
        let prometheus = PrometheusClient::new(&endpoint).map_err(|e| e.to_string())?;
        let alertmanager = match &settings.alertmanager {
            Some(spec) => {
                Some(AlertmanagerClient::new(&spec.resolve()?).map_err(|e| e.to_string())?)
            }
            None => None,
        };
        Ok(Self::new(
            settings.clone(),
            Clients {
                prometheus,
                alertmanager,
            },
        ))
    }

    /// The snapshot, unless not a single job succeeded.
    pub fn snapshot_or_error(&self) -> Result<FleetSnapshot, String> {
        if self.records.iter().all(|r| r.last_success.is_none()) {
            let error = self.records.iter().find_map(|r| r.error.clone());
            return Err(format!(
                "cannot read from {}: {}",
                self.settings.prometheus.url,
                error.unwrap_or_else(|| "no answer".into())
            ));
        }
        Ok(mapping::snapshot(self, Utc::now()))
    }

    /// (endpoint, base delay of retries) per job. Retries start from the environment's interval
    /// even for a chart stepping hourly: one failed tail must not blank a chart for an hour.
    fn retry_bases(&self) -> Vec<(usize, Duration)> {
        self.jobs
            .iter()
            .map(|j| (j.endpoint, j.interval.min(self.settings.interval)))
            .collect()
    }

    fn launch(
        &self,
        index: usize,
        set: &mut JoinSet<Answer>,
        permits: &Arc<Semaphore>,
    ) -> tokio::task::Id {
        let window = self.records[index].range_window(Utc::now());
        let request = self.jobs[index].request.clone();
        let clients = Arc::clone(&self.clients);
        let permits = Arc::clone(permits);
        let launched = Instant::now();
        set.spawn(async move {
            // Closed only when the poller is gone, and then nobody reads the answer.
            let _permit = permits.acquire_owned().await;
            (index, launched, fetch(&clients, &request, window).await)
        })
        .id()
    }

    fn land(&mut self, answer: Answer, schedule: &mut Schedule) {
        let (index, launched, result) = answer;
        let now = Instant::now();
        let outcome = match &result {
            Ok(_) => Outcome::Succeeded {
                next_due: self.next_due(index, launched),
            },
            Err(FetchError::Connect(_)) => Outcome::EndpointDown,
            Err(FetchError::Http { status, .. }) if (502..=504).contains(status) => {
                Outcome::EndpointDown
            }
            Err(_) => Outcome::Failed,
        };
        if let Err(error) = &result {
            tracing::debug!(job = ?self.jobs[index].request, %error, "request failed");
        }
        self.records[index].record(Utc::now(), result);
        schedule.finished(index, launched, now, outcome);
    }

    /// Instant jobs: one interval after launch. Range jobs: just after their next step.
    fn next_due(&self, index: usize, launched: Instant) -> Instant {
        match &self.records[index].data {
            JobData::Range(buffer) => {
                let wall = Utc::now();
                let wait = (buffer.next_due(unix(wall)) - unix(wall)).max(0.0);
                Instant::now() + Duration::from_secs_f64(wait) + RANGE_GRACE
            }
            _ => launched + self.jobs[index].interval,
        }
    }

    pub fn update(&self, prometheus_down: bool) -> SourceUpdate {
        let result = if prometheus_down {
            let probe = &self.records[0];
            Err(probe
                .error
                .clone()
                .unwrap_or_else(|| "Prometheus is unreachable".into()))
        } else {
            Ok(Box::new(mapping::snapshot(self, Utc::now())))
        };
        SourceUpdate {
            source: SourceId::Prometheus,
            result,
        }
    }

    /// Every job once, concurrently: the headless snapshot.
    pub async fn poll_once(&mut self) {
        let permits = Arc::new(Semaphore::new(self.settings.concurrency.max(1)));
        let mut set = JoinSet::new();
        let mut schedule = Schedule::new(&self.retry_bases(), Instant::now());
        for index in 0..self.jobs.len() {
            self.launch(index, &mut set, &permits);
        }
        while let Some(joined) = set.join_next().await {
            if let Ok(answer) = joined {
                self.land(answer, &mut schedule);
            }
        }
    }

    /// The detail of `subject` where this source has one (services), fetched now.
    fn fetch_detail(&self, subject: &Subject) -> Option<JoinHandle<ObjectDetail>> {
        if subject.kind != Kind::Service {
            return None;
        }
        let client = self.clients.prometheus.clone();
        let objective = self.settings.slo.of(&subject.name).clone();
        let (name, max_rows) = (subject.name.clone(), self.settings.max_rows);
        Some(tokio::spawn(async move {
            detail::service(&client, &name, &objective, Utc::now(), max_rows).await
        }))
    }

    /// Every job once and the detail of `subject`, if any: the headless `describe`.
    pub async fn poll_once_with(&mut self, subject: Option<&Subject>) {
        self.poll_once().await;
        if let Some(task) = subject.and_then(|s| self.fetch_detail(s)) {
            self.detail = task.await.ok();
        }
    }

    pub async fn run(
        mut self,
        tx: mpsc::Sender<SourceUpdate>,
        mut refresh: mpsc::Receiver<()>,
        mut focus: crate::sources::Focus,
    ) {
        // The open subject's detail: asked each interval while open, never otherwise.
        let mut subject: Option<Subject> = None;
        let mut detail_due: Option<Instant> = None;
        let mut detail_task: Option<JoinHandle<ObjectDetail>> = None;
        let mut focus_open = true;
        let mut schedule = Schedule::new(&self.retry_bases(), Instant::now());
        let permits = Arc::new(Semaphore::new(self.settings.concurrency.max(1)));
        let mut set = JoinSet::new();
        let mut launched_ids = HashMap::new();
        let mut unpublished: Option<Instant> = None;
        loop {
            for index in schedule.take_due(Instant::now()) {
                let id = self.launch(index, &mut set, &permits);
                launched_ids.insert(id, (index, Instant::now()));
            }
            let wake = schedule.next_wake();
            let publish_at = unpublished.map(|t| t + PUBLISH_DEBOUNCE);
            let publish_now = tokio::select! {
                Some(joined) = set.join_next_with_id(), if !set.is_empty() => {
                    let answer = match joined {
                        Ok((id, answer)) => { launched_ids.remove(&id); answer }
                        // A fetch that panicked still frees its job.
                        Err(error) => {
                            let (index, launched) = launched_ids.remove(&error.id()).unwrap_or((0, Instant::now()));
                            (index, launched, Err(FetchError::Malformed(format!("request task failed: {error}"))))
                        }
                    };
                    self.land(answer, &mut schedule);
                    unpublished.get_or_insert_with(Instant::now);
                    set.is_empty()
                }
                () = sleep_until(wake.unwrap_or_else(far_future)), if wake.is_some() => false,
                () = sleep_until(publish_at.unwrap_or_else(far_future)), if publish_at.is_some() => true,
                changed = focus.changed(), if focus_open => {
                    focus_open = changed.is_ok();
                    subject = focus.borrow_and_update().clone();
                    if let Some(task) = detail_task.take() { task.abort(); }
                    self.detail = None;
                    detail_due = subject.as_ref().map(|_| Instant::now());
                    unpublished.get_or_insert_with(Instant::now);
                    false
                }
                () = sleep_until(detail_due.unwrap_or_else(far_future)), if detail_due.is_some() && detail_task.is_none() => {
                    detail_task = subject.as_ref().and_then(|s| self.fetch_detail(s));
                    detail_due = None;
                    false
                }
                answer = async { detail_task.as_mut().expect("guarded").await }, if detail_task.is_some() => {
                    detail_task = None;
                    self.detail = answer.ok().filter(|d| Some(&d.subject) == subject.as_ref());
                    detail_due = Some(Instant::now() + self.settings.interval);
                    unpublished.get_or_insert_with(Instant::now);
                    false
                }
                request = refresh.recv() => match request {
                    Some(()) => { schedule.refresh_all(Instant::now()); false }
                    None => return,
                },
            };
            if publish_now && unpublished.is_some() {
                let down = schedule.endpoint_down(PROMETHEUS);
                match tx.try_send(self.update(down)) {
                    Ok(()) => unpublished = None,
                    // The UI is behind: try again after the debounce with fresher data.
                    Err(mpsc::error::TrySendError::Full(_)) => unpublished = Some(Instant::now()),
                    Err(mpsc::error::TrySendError::Closed(_)) => return,
                }
            }
        }
    }
}

fn far_future() -> Instant {
    Instant::now() + Duration::from_secs(86_400)
}
