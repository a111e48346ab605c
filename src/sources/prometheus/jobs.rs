//! From panels to requests: identical queries across panels become one job, so each distinct
//! query is asked once per refresh; alerts, rules, targets and Alertmanager are jobs too.
//! The Prometheus alerts job comes first: it is the cheap request that probes a down server.

use std::time::Duration;

use super::settings::{PanelSpec, PrometheusSettings, QueryKind};

pub const PROMETHEUS: usize = 0;
pub const ALERTMANAGER: usize = 1;
/// Rules and targets change slowly; no need to ask every refresh.
const HEALTH_INTERVAL: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Instant(String),
    Range {
        query: String,
        span: chrono::Duration,
        step: chrono::Duration,
    },
    PrometheusAlerts,
    Rules,
    Targets,
    AlertmanagerAlerts,
}

impl Request {
    /// What the inspect view shows as the request.
    pub fn describe(&self) -> (String, String) {
        match self {
            Self::Instant(query) => (query.clone(), "instant".into()),
            Self::Range { query, span, step } => (
                query.clone(),
                format!("range {}h step {}s", span.num_hours(), step.num_seconds()),
            ),
            Self::PrometheusAlerts => ("GET /api/v1/alerts".into(), "api".into()),
            Self::Rules => ("GET /api/v1/rules".into(), "api".into()),
            Self::Targets => ("GET /api/v1/targets?state=active".into(), "api".into()),
            Self::AlertmanagerAlerts => ("GET /api/v2/alerts".into(), "api".into()),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub request: Request,
    pub endpoint: usize,
    pub interval: Duration,
}

/// The jobs and, for each panel, the index of the job that feeds it.
pub fn plan(settings: &PrometheusSettings) -> (Vec<Job>, Vec<usize>) {
    let mut jobs = vec![Job {
        request: Request::PrometheusAlerts,
        endpoint: PROMETHEUS,
        interval: settings.interval,
    }];
    let panel_jobs = settings
        .panels
        .iter()
        .map(|panel| {
            let request = request_of(panel);
            // A chart gains a point per step, so that is how often it can be fresh.
            let natural = match &panel.kind {
                QueryKind::Range { step, .. } => step.to_std().unwrap_or(settings.interval),
                QueryKind::Instant => settings.interval,
            };
            let interval = panel.interval.unwrap_or(natural);
            match jobs.iter().position(|j| j.request == request) {
                Some(index) => {
                    jobs[index].interval = jobs[index].interval.min(interval);
                    index
                }
                None => {
                    jobs.push(Job {
                        request,
                        endpoint: PROMETHEUS,
                        interval,
                    });
                    jobs.len() - 1
                }
            }
        })
        .collect();
    for request in [Request::Rules, Request::Targets] {
        jobs.push(Job {
            request,
            endpoint: PROMETHEUS,
            interval: HEALTH_INTERVAL.max(settings.interval),
        });
    }
    if settings.alertmanager.is_some() {
        jobs.push(Job {
            request: Request::AlertmanagerAlerts,
            endpoint: ALERTMANAGER,
            interval: settings.interval,
        });
    }
    (jobs, panel_jobs)
}

fn request_of(panel: &PanelSpec) -> Request {
    match &panel.kind {
        QueryKind::Instant => Request::Instant(panel.query.clone()),
        QueryKind::Range { span, step } => Request::Range {
            query: panel.query.clone(),
            span: *span,
            step: *step,
        },
    }
}
