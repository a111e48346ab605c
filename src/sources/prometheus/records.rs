//! What each job last returned and when: the last good data survives a failure, and the error
//! is kept beside it until the next success, so panels can say "failed, showing 40 s old".

use chrono::{DateTime, Utc};

use super::jobs::{Job, Request};
use super::range_buffer::RangeBuffer;
use super::{
    AlertmanagerClient, AmAlert, FetchError, InstantSample, PromAlert, PrometheusClient, QueryData,
    RangeSeries, RulesHealth, TargetsHealth,
};

#[derive(Debug, Clone, PartialEq)]
pub enum JobData {
    Empty,
    Instant(Vec<InstantSample>),
    Range(RangeBuffer),
    PrometheusAlerts(Vec<PromAlert>),
    Rules(RulesHealth),
    Targets(TargetsHealth),
    AlertmanagerAlerts(Vec<AmAlert>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct JobRecord {
    pub last_success: Option<DateTime<Utc>>,
    pub error: Option<String>,
    pub data: JobData,
}

impl JobRecord {
    /// A chart keeps at most `max_series` series (see `PrometheusSettings::max_rows`).
    pub fn new(job: &Job, max_series: usize) -> Self {
        let data = match &job.request {
            Request::Range { span, step, .. } => {
                JobData::Range(RangeBuffer::new(*span, *step, max_series))
            }
            _ => JobData::Empty,
        };
        Self {
            last_success: None,
            error: None,
            data,
        }
    }

    /// The window a range job should fetch now; `None` for other jobs or when no step passed.
    pub fn range_window(&self, now: DateTime<Utc>) -> Option<(f64, f64)> {
        match &self.data {
            JobData::Range(buffer) => buffer.next_window(unix(now)),
            _ => None,
        }
    }

    pub fn record(&mut self, at: DateTime<Utc>, result: Result<Fetched, FetchError>) {
        match result {
            Ok(fetched) => {
                self.last_success = Some(at);
                self.error = None;
                match (fetched, &mut self.data) {
                    (Fetched::Range { end, series }, JobData::Range(buffer)) => {
                        buffer.merge(end, series);
                    }
                    (Fetched::Nothing, _) => {}
                    (Fetched::Data(data), slot) => *slot = data,
                    (Fetched::Range { .. }, _) => {}
                }
            }
            Err(error) => self.error = Some(error.to_string()),
        }
    }
}

#[derive(Debug)]
pub enum Fetched {
    Data(JobData),
    Range {
        end: f64,
        series: Vec<RangeSeries>,
    },
    /// A range job with no new step to fetch: still counts as fresh.
    Nothing,
}

pub struct Clients {
    pub prometheus: PrometheusClient,
    pub alertmanager: Option<AlertmanagerClient>,
}

#[allow(clippy::cast_precision_loss)]
pub fn unix(at: DateTime<Utc>) -> f64 {
    at.timestamp_millis() as f64 / 1000.0
}

/// Asks the server for one job. `window` is the range to fetch for a range job.
pub async fn fetch(
    clients: &Clients,
    request: &Request,
    window: Option<(f64, f64)>,
) -> Result<Fetched, FetchError> {
    let data = match request {
        Request::Instant(query) => {
            JobData::Instant(samples(clients.prometheus.instant(query).await?)?)
        }
        Request::Range { query, step, .. } => {
            let Some((start, end)) = window else {
                return Ok(Fetched::Nothing);
            };
            let step = step.to_std().unwrap_or(std::time::Duration::from_secs(60));
            let series = clients.prometheus.range(query, start, end, step).await?;
            return Ok(Fetched::Range { end, series });
        }
        Request::PrometheusAlerts => JobData::PrometheusAlerts(clients.prometheus.alerts().await?),
        Request::Rules => JobData::Rules(clients.prometheus.rules().await?),
        Request::Targets => JobData::Targets(clients.prometheus.targets().await?),
        Request::AlertmanagerAlerts => match &clients.alertmanager {
            Some(client) => JobData::AlertmanagerAlerts(client.alerts().await?),
            None => return Err(FetchError::Config("no Alertmanager configured".into())),
        },
    };
    Ok(Fetched::Data(data))
}

/// An instant query's answer as samples: a scalar is one unlabelled sample.
fn samples(data: QueryData) -> Result<Vec<InstantSample>, FetchError> {
    match data {
        QueryData::Vector(samples) => Ok(samples),
        QueryData::Scalar(value) => Ok(vec![InstantSample {
            labels: Vec::new(),
            value,
        }]),
        QueryData::Matrix(_) => Err(FetchError::Malformed(
            "the query returns a range vector; make it a range panel or wrap it in a function"
                .into(),
        )),
        QueryData::Text(_) => Err(FetchError::Malformed("the query returns a string".into())),
    }
}
