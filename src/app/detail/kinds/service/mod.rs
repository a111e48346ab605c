//! A service's objective page, as Pyrra draws one: the verdict, the SLIs over the window
//! against the objective, the budget left and when it runs out, burn over every SRE Workbook
//! window with its alert pair, percentiles now and over time, the budget over the window, its
//! endpoints worst first, the data tier it depends on, and its alerts.

use serde::Serialize;

mod context;

use super::super::{Block, Cell, Document, Fact, Inputs, Missing, Section, Table};
use super::find;
use crate::app::table::ServiceColumn;
use crate::domain::detail::{Endpoint, Extras, Kind, ServiceExtras, Subject, sli_text};
use crate::domain::latency::{BURN_ALERTS, BURN_WINDOWS};
use crate::domain::scaling::{CacheStatus, DatabaseNode};
use crate::domain::slo::Objective;
use crate::domain::{Alert, Health, ServiceLatency, Unit};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceDetail {
    pub row: ServiceLatency,
    /// `None` until the source has fetched the service's own data.
    pub extras: Option<ServiceExtras>,
    /// The data tier's nodes and cache, as the Scaling tab shows them.
    pub databases: Vec<DatabaseNode>,
    pub cache: Option<CacheStatus>,
    /// Alerts whose labels name the service.
    pub alerts: Vec<Alert>,
}

fn rows<'a>(inputs: &Inputs<'a>) -> Result<&'a [ServiceLatency], Missing> {
    inputs
        .snapshot
        .and_then(|s| s.latency.as_ref())
        .map(|p| p.services.as_slice())
        .ok_or(Missing::NoData {
            noun: "service",
            loading: inputs.snapshot.is_none(),
        })
}

pub fn build(inputs: &Inputs, name: &str) -> Result<ServiceDetail, Missing> {
    let row = find::<ServiceColumn>(rows(inputs)?, Kind::Service, name)?;
    let mut extras = match inputs.extras(&Subject::new(Kind::Service, name)) {
        Some(Extras::Service(extras)) => Some(extras.clone()),
        _ => None,
    };
    if let Some(endpoints) = extras.as_mut().and_then(|e| e.endpoints.as_mut()) {
        Endpoint::sort_worst_first(endpoints, &row.objective);
    }
    let scaling = inputs.snapshot.and_then(|s| s.scaling.as_ref());
    let alerts = inputs.snapshot.map_or_else(Vec::new, |s| {
        s.alerts
            .iter()
            .filter(|a| a.labels.iter().any(|(k, v)| k == "service" && v == name))
            .cloned()
            .collect()
    });
    Ok(ServiceDetail {
        row: row.clone(),
        extras,
        databases: scaling.map_or_else(Vec::new, |s| s.databases.clone()),
        cache: scaling.and_then(|s| s.cache.clone()),
        alerts,
    })
}

impl ServiceDetail {
    pub fn document(&self) -> Document {
        let extras = self.extras.clone().unwrap_or_default();
        Document {
            sections: vec![
                self.objective(&extras),
                self.burn_rates(),
                self.latency(&extras),
                Section::new("Budget over the window").chart(
                    "error budget left",
                    Unit::Ratio,
                    extras.budget_remaining.as_ref(),
                    Some(0.0),
                ),
                self.endpoints(extras.endpoints.as_deref()),
                self.dependencies(),
                self.alerts(),
            ],
        }
    }

    fn objective(&self, extras: &ServiceExtras) -> Section {
        let r = &self.row;
        let o = &r.objective;
        let verdict = r.burn_verdict();
        Section::new("Objective")
            .text(verdict.sentence(), Some(verdict.health()))
            .facts(vec![
                Fact::judged(
                    "availability",
                    sli_text(extras.availability_sli),
                    Objective::sli_health(extras.availability_sli, o.availability),
                )
                .note(format!(
                    "objective {} · {}",
                    o.availability_label(),
                    r.window_label()
                )),
                Fact::judged(
                    "latency",
                    sli_text(extras.latency_sli),
                    Objective::sli_health(extras.latency_sli, o.latency_share),
                )
                .note(format!(
                    "objective {} · {}",
                    o.latency_label(),
                    r.window_label()
                )),
                Fact::judged(
                    "budget left",
                    Unit::Ratio.text(r.error_budget_remaining),
                    r.budget_health(),
                ),
                Fact::judged(
                    "exhausted in",
                    r.time_to_exhaustion.text(),
                    r.exhaustion_health(),
                )
                .note("at the 1h burn"),
            ])
    }

    fn burn_rates(&self) -> Section {
        let r = &self.row;
        let windows = BURN_WINDOWS.iter().fold(
            Table::new(&[("window", false), ("burn", true)], "no burn windows"),
            |t, w| {
                // Named as the tabs and the catalogue name them (`burn 1h`).
                t.row(vec![
                    Cell::plain(format!("burn {w}")),
                    Cell::judged(Unit::Times.text(r.burn(w)), r.burn_health(w)),
                ])
            },
        );
        let columns = [
            ("alert", false),
            ("long", true),
            ("short", true),
            ("over", true),
            ("verdict", false),
        ];
        let pairs = BURN_ALERTS.iter().fold(
            Table::new(&columns, "no alert pairs"),
            |t, (long, short, _, page)| {
                let factor = r.objective.alert_factor(long);
                let (word, health) = match (r.pair_fires(long, short), page) {
                    (Some(true), true) => ("PAGE", Health::Critical),
                    (Some(true), false) => ("TICKET", Health::Warning),
                    (Some(false), _) => ("quiet", Health::Ok),
                    (None, _) => ("unknown: a window has no data", Health::Unknown),
                };
                let severity = if *page { "page" } else { "ticket" };
                t.row(vec![
                    Cell::plain(format!("{severity} {long} + {short}")),
                    Cell::judged(Unit::Times.text(r.burn(long)), r.burn_health(long)),
                    Cell::judged(Unit::Times.text(r.burn(short)), r.burn_health(short)),
                    Cell::plain(Unit::Times.text(factor)),
                    Cell::judged(word, health),
                ])
            },
        );
        Section::new("Burn rates")
            .with(Block::Table(windows))
            .with(Block::Table(pairs))
    }

    fn latency(&self, extras: &ServiceExtras) -> Section {
        let r = &self.row;
        let (quantile, _) = r.objective_quantile();
        let id = |field: &str| format!("service.{}.{field}", r.name);
        let fact = |label: &str, q: f64, value| {
            if (q - quantile).abs() < 1e-9 {
                Fact::judged(label, Unit::Milliseconds.text(value), r.latency_health())
                    .note(format!("objective {}", r.objective.latency_label()))
            } else {
                Fact::plain(label, Unit::Milliseconds.text(value))
            }
        };
        let threshold = Some(r.objective.latency_threshold_ms);
        Section::new("Latency")
            .facts(vec![
                fact("p50 latency", 0.5, r.p50_ms),
                fact("p90 latency", 0.9, r.p90_ms),
                fact("p95 latency", 0.95, r.p95_ms),
                fact("p99 latency", 0.99, r.p99_ms),
                Fact::figure(&id("rps"), r.requests_per_second, None),
                Fact::figure(&id("error_ratio"), r.error_ratio, Some(r.error_health())),
            ])
            .chart(
                "p99 ms",
                Unit::Milliseconds,
                Some(&r.p99_history.fine),
                threshold,
            )
            .chart("p95 ms", Unit::Milliseconds, extras.p95_ms.as_ref(), None)
            .chart("p90 ms", Unit::Milliseconds, extras.p90_ms.as_ref(), None)
            .chart("p50 ms", Unit::Milliseconds, extras.p50_ms.as_ref(), None)
    }

    fn endpoints(&self, endpoints: Option<&[Endpoint]>) -> Section {
        let o = &self.row.objective;
        let judged_p99 = (o.latency_share - 0.99).abs() < 1e-9;
        let columns = [
            ("route", false),
            ("req/s", true),
            ("errors", true),
            ("p99", true),
        ];
        let empty = if endpoints.is_some() {
            "no routes"
        } else {
            "no per-route figures from this source"
        };
        let table =
            endpoints
                .unwrap_or_default()
                .iter()
                .fold(Table::new(&columns, empty), |t, e| {
                    let p99 = Unit::Milliseconds.text(e.p99_ms);
                    t.row(vec![
                        Cell::plain(e.route.clone()),
                        Cell::plain(Unit::PerSecond.text(e.requests_per_second)),
                        Cell::judged(
                            Unit::Ratio.text(e.error_ratio),
                            o.error_health(e.error_ratio),
                        ),
                        if judged_p99 {
                            Cell::judged(p99, o.latency_health(e.p99_ms))
                        } else {
                            Cell::plain(p99)
                        },
                    ])
                });
        Section::new("Endpoints").with(Block::Table(table))
    }
}
