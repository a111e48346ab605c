//! A weekly report for the Checkpoint tab's tests: Wednesday of 2026-W49 (UTC), ten criteria
//! (one unknown with a note, one blocking criterion missed, one other missed), a phase with a
//! step done, one late, one in progress and two upcoming, two runbook runs and three alerts.
#![allow(dead_code)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use opsconsole::app::{AppState, CheckpointView, Topic};
use opsconsole::domain::checkpoint::defaults::criteria;
use opsconsole::domain::checkpoint::phase::PhaseStep;
use opsconsole::domain::checkpoint::report::{HISTORY_WEEKS, SCHEMA};
use opsconsole::domain::checkpoint::{
    AlertSummary, CriterionResult, FiredAlert, IsoWeek, Measurement, PhasePlan, RunSummary,
    Summary, WeeklyReport,
};
use opsconsole::sources::simulator::{Simulator, SimulatorConfig};

use crate::common::{SEED, state_with};

/// Wednesday 2 December 2026, 14:00 UTC: in 2026-W49, Mon 30 Nov to Sun 6 Dec.
pub fn wall() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 14, 0, 0)
        .single()
        .expect("valid time")
}

pub fn week(text: &str) -> IsoWeek {
    text.parse().expect("an ISO week")
}

/// This week, then last week, per criterion (the six weeks before are made up around them).
fn figures(name: &str) -> (Option<f64>, Option<f64>) {
    match name {
        "P99 latency" => (Some(471.2), Some(489.0)),
        "Error rate" => (Some(0.031), Some(0.022)),
        "Availability" => (Some(99.95), Some(99.93)),
        "Peak throughput" => (Some(2180.0), Some(2412.4)),
        "Cache hit rate" => (None, Some(96.2)),
        "Trigger delay" => (Some(18.0), Some(24.0)),
        "Provisioning time" => (Some(95.0), Some(110.0)),
        "Cost vs baseline" => (Some(-17.5), Some(-16.0)),
        "Security score" => (Some(88.0), Some(86.0)),
        "Critical/high vulns" => (Some(0.0), Some(2.0)),
        "Readiness checks" => (Some(100.0), Some(96.15)),
        _ => (Some(50.0), Some(48.0)),
    }
}

fn history(name: &str, this_week: IsoWeek) -> Vec<(IsoWeek, Measurement)> {
    let (this, last) = figures(name);
    (0..HISTORY_WEEKS)
        .rev()
        .map(|n| {
            let measurement = match n {
                0 if this.is_none() => Measurement::value(None),
                0 => Measurement::value(this),
                1 => Measurement::value(last),
                // The oldest week has no data: a gap in every sparkline.
                7 => Measurement::value(None),
                n => Measurement::value(last.map(|v| v * (1.0 + f64::from(n) / 50.0))),
            };
            (this_week.back(n), measurement)
        })
        .collect()
}

fn phase() -> PhasePlan {
    let step = |name: &str, days, owner: &str, names: &[&str]| PhaseStep {
        name: name.into(),
        days,
        start: None,
        owner: owner.into(),
        criteria: names.iter().map(|c| (*c).to_string()).collect(),
    };
    PhasePlan {
        name: "Optimization and scaling".into(),
        start: NaiveDate::from_ymd_opt(2026, 11, 16).expect("date"),
        end: None,
        steps: vec![
            step(
                "Auto-scaling and load testing",
                5,
                "platform",
                &["Trigger delay", "Provisioning time"],
            ),
            step(
                "Monitoring and observability",
                5,
                "sre",
                &["P99 latency", "Error rate"],
            ),
            step(
                "Security and compliance hardening",
                8,
                "security",
                &["Security score"],
            ),
            step(
                "Cost optimization and alerts",
                4,
                "finops",
                &["Cost vs baseline"],
            ),
            step(
                "Governance and final validation",
                2,
                "platform",
                &["Readiness checks"],
            ),
        ],
    }
}

fn run(
    run: &str,
    at: DateTime<Utc>,
    runbook: &str,
    target: &str,
    user: &str,
    outcome: &str,
) -> RunSummary {
    RunSummary {
        run: run.into(),
        at,
        runbook: runbook.into(),
        target: target.into(),
        user: user.into(),
        outcome: outcome.into(),
        confirmation: None,
    }
}

/// The report of `week` as evaluated at `wall()`.
pub fn report_for(week: IsoWeek) -> WeeklyReport {
    let criteria: Vec<CriterionResult> = criteria()
        .iter()
        .map(|c| {
            let measured_by = c.figure.clone().unwrap_or_default();
            CriterionResult::new(c, &measured_by, &history(&c.name, week))
        })
        .collect();
    let today = wall().date_naive();
    let status = phase().status(today, |name, _| {
        criteria.iter().find(|c| c.name == name).map(|c| c.verdict)
    });
    let range = week.range(Tz::UTC);
    let alert = |name: &str, severity: &str| FiredAlert {
        name: name.into(),
        severity: severity.into(),
    };
    WeeklyReport {
        schema: SCHEMA,
        week: week.to_string(),
        timezone: "UTC".into(),
        from: range.from,
        to: range.to,
        partial: wall() < range.to,
        environment: "demo".into(),
        generated_at: wall() - Duration::minutes(2),
        summary: Summary::of(&criteria),
        criteria,
        phase: Some(status),
        runs: vec![
            run(
                "r-1",
                wall() - Duration::hours(28),
                "scale-web-group",
                "web",
                "alice",
                "succeeded",
            ),
            run(
                "r-2",
                wall() - Duration::hours(4),
                "restart-service",
                "api",
                "bob",
                "failed",
            ),
        ],
        runs_note: None,
        alerts: AlertSummary::of(
            vec![
                alert("ApiErrorBudgetBurn", "critical"),
                alert("CacheHitRateLow", "warning"),
                alert("ScaleOutInProgress", "warning"),
            ],
            None,
        ),
    }
}

pub fn report() -> WeeklyReport {
    report_for(week("2026-W49"))
}

/// The demo fleet at `wall()`, on `tab`, without a checkpoint report yet.
pub fn state_on(tab: Topic) -> AppState {
    let simulator = Simulator::new(SimulatorConfig::new(SEED, wall()));
    state_with(simulator.snapshot(), tab)
}

/// The Checkpoint tab showing `report`, evaluated a minute ago.
pub fn showing(report: WeeklyReport) -> AppState {
    let mut state = state_on(Topic::Checkpoint);
    state.checkpoint.view = CheckpointView::Ready {
        report: Box::new(report),
        at: wall() - Duration::minutes(1),
    };
    state
}
