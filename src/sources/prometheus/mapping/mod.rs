//! Query results → the domain's views. Each tab's view is built from the panels with known
//! ids; a view is `None` until one of its panels has answered, and single figures that did not
//! come back stay `None`/NaN rather than becoming zero.
//!
//! Mapping is O(samples): every answer is indexed by its key label once ([`by_label`],
//! [`series_by`]) instead of scanned per row, and a view keeps at most `max_rows` rows, so an
//! answer of 100,000 series costs milliseconds and a bounded snapshot.

mod alerts;
mod cost;
mod latency;
mod readiness;
mod readings;
mod scaling;
mod security;

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::jobs::Request;
use super::range_buffer::RangeBuffer;
use super::records::{JobData, JobRecord};
use super::settings::PanelSpec;
use super::task::Poller;
use super::{InstantSample, Labels, RangeSeries};
use crate::domain::{FleetSnapshot, Series, Unit};

pub fn snapshot(poller: &Poller, now: DateTime<Utc>) -> FleetSnapshot {
    let results = Results { poller };
    let settings = &poller.settings;
    let latency = latency::view(&results, &settings.slo, settings.max_rows, now);
    let scaling = scaling::view(&results);
    let security = security::view(&results, settings.max_rows);
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
        cost: cost::view(
            &results,
            (settings.monthly_budget, settings.monthly_baseline),
            now,
        ),
        latency,
        scaling,
        security,
        readiness,
        alerts,
        panels: readings::panels(&results),
        monitoring: Some(monitoring),
        detail: poller.detail.clone(),
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

/// Each value of the `key` label → the value of the first sample carrying it, when finite.
fn by_label<'a>(samples: &'a [InstantSample], key: &str) -> HashMap<&'a str, f64> {
    let mut index = HashMap::with_capacity(samples.len());
    for sample in samples {
        if let Some(value) = label(&sample.labels, key) {
            index.entry(value).or_insert(sample.value);
        }
    }
    index.retain(|_, v| v.is_finite());
    index
}

/// Each value of the `key` label → the first range series carrying it and passing `keep`.
fn series_by<'a>(
    series: &'a [RangeSeries],
    key: &str,
    keep: impl Fn(&Labels) -> bool,
) -> HashMap<&'a str, &'a RangeSeries> {
    let mut index = HashMap::new();
    for s in series.iter().filter(|s| keep(&s.labels)) {
        if let Some(value) = label(&s.labels, key) {
            index.entry(value).or_insert(s);
        }
    }
    index
}

#[cfg(test)]
mod bounds_tests;
#[cfg(test)]
mod tests;

/// A range panel's series indexed by one label, built once per snapshot.
struct Chart<'a> {
    unit: Unit,
    step: chrono::Duration,
    found: Option<(&'a RangeBuffer, HashMap<&'a str, &'a RangeSeries>)>,
}

impl<'a> Chart<'a> {
    /// Panel `id`'s series by their `key` label, those passing `keep`; `step` is the panel's,
    /// for the empty series of a name it does not have.
    fn new(
        results: &Results<'a>,
        id: &str,
        key: &str,
        step: chrono::Duration,
        keep: impl Fn(&Labels) -> bool,
    ) -> Self {
        let found = results.range(id);
        Self {
            unit: found.map_or(Unit::None, |(panel, _)| panel.unit),
            step,
            found: found.map(|(_, buffer)| (buffer, series_by(buffer.series(), key, keep))),
        }
    }

    /// `name`'s series evenly spaced, or an empty one (a gap, never zeros).
    fn of(&self, name: &str) -> Series {
        self.found
            .as_ref()
            .and_then(|(buffer, index)| buffer.evenly(index.get(name)?))
            .unwrap_or_else(|| Series::empty(self.step))
    }
}
