//! Query results → the domain's views. Each tab's view is built from the panels with known
//! ids; a view is `None` until one of its panels has answered, and single figures that did not
//! come back stay `None`/NaN rather than becoming zero.

mod alerts;
mod cost;
mod latency;
mod readiness;
mod readings;
mod scaling;
mod security;

use chrono::{DateTime, Utc};

use super::jobs::Request;
use super::range_buffer::RangeBuffer;
use super::records::{JobData, JobRecord};
use super::settings::PanelSpec;
use super::task::Poller;
use super::{InstantSample, Labels};
use crate::domain::FleetSnapshot;

pub fn snapshot(poller: &Poller, now: DateTime<Utc>) -> FleetSnapshot {
    let results = Results { poller };
    let settings = &poller.settings;
    let latency = latency::view(&results, &settings.slo);
    let scaling = scaling::view(&results);
    let security = security::view(&results);
    let alerts = alerts::merged(&results, now);
    let monitoring = readings::monitoring(&results);
    let readiness = readiness::view(&readiness::Inputs {
        latency: latency.as_ref(),
        scaling: scaling.as_ref(),
        security: security.as_ref(),
        alerts: &alerts,
        monitoring: &monitoring,
        slo: &settings.slo,
        now,
    });
    FleetSnapshot {
        taken_at: now,
        cost: cost::view(&results, settings.monthly_budget, now),
        latency,
        scaling,
        security,
        readiness,
        alerts,
        panels: readings::panels(&results),
        monitoring: Some(monitoring),
    }
}

/// Read access to the poller's records by panel id.
pub struct Results<'a> {
    poller: &'a Poller,
}

impl<'a> Results<'a> {
    fn panel(&self, id: &str) -> Option<(&'a PanelSpec, &'a JobRecord)> {
        let position = self
            .poller
            .settings
            .panels
            .iter()
            .position(|p| p.id == id)?;
        let job = *self.poller.panel_jobs.get(position)?;
        Some((
            &self.poller.settings.panels[position],
            self.poller.records.get(job)?,
        ))
    }

    /// The samples of an instant panel; `None` until it has answered once.
    pub fn instant(&self, id: &str) -> Option<(&'a PanelSpec, &'a [InstantSample])> {
        match self.panel(id)? {
            (
                panel,
                JobRecord {
                    data: JobData::Instant(samples),
                    ..
                },
            ) => Some((panel, samples)),
            _ => None,
        }
    }

    pub fn range(&self, id: &str) -> Option<(&'a PanelSpec, &'a RangeBuffer)> {
        match self.panel(id)? {
            (
                panel,
                JobRecord {
                    data: JobData::Range(buffer),
                    last_success: Some(_),
                    ..
                },
            ) => Some((panel, buffer)),
            _ => None,
        }
    }

    /// The record of a fixed API job (alerts, rules, targets); `None` when not configured.
    fn api(&self, request: &Request) -> Option<&'a JobRecord> {
        let index = self
            .poller
            .jobs
            .iter()
            .position(|j| &j.request == request)?;
        self.poller.records.get(index)
    }
}

pub fn label<'l>(labels: &'l Labels, name: &str) -> Option<&'l str> {
    labels
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The first finite value among samples whose `key` label is `value`.
fn value_of(samples: &[InstantSample], key: &str, value: &str) -> Option<f64> {
    samples
        .iter()
        .find(|s| label(&s.labels, key) == Some(value))
        .map(|s| s.value)
        .filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests;
