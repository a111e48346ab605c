//! The built-in criteria (the phase plan's targets, in `defaults.toml`) and the demo's phase
//! plan: the 24-day optimization phase, started on the Monday of last week so the demo always
//! has a phase under way.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Deserialize;

use super::criterion::Criterion;
use super::phase::{PhasePlan, PhaseStep};

const DEFAULTS: &str = include_str!("defaults.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DefaultsFile {
    criteria: Vec<Criterion>,
}

/// The built-in criteria as written, with `$__services` (see `services`); `tests` below proves
/// the embedded file parses and validates.
pub fn templates() -> Vec<Criterion> {
    toml::from_str::<DefaultsFile>(DEFAULTS).map_or_else(|_| Vec::new(), |file| file.criteria)
}

/// The built-in criteria over every service.
pub fn criteria() -> Vec<Criterion> {
    templates().iter().map(|c| c.for_services(&[])).collect()
}

/// The demo environment's phase: DOMAIN's five steps, starting the Monday before `today`'s.
pub fn demo_phase(today: NaiveDate) -> PhasePlan {
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()) + 7);
    let step = |name: &str, days: u32, owner: &str, criteria: &[&str]| PhaseStep {
        name: name.into(),
        days,
        start: None,
        owner: owner.into(),
        criteria: criteria.iter().map(|c| (*c).to_string()).collect(),
    };
    PhasePlan {
        name: "Optimization and scaling (demo)".into(),
        start: monday,
        end: None,
        steps: vec![
            step(
                "Auto-scaling and load testing",
                5,
                "platform",
                &["Trigger delay", "Provisioning time", "Peak throughput"],
            ),
            step(
                "Security and compliance hardening",
                5,
                "security",
                &["Security score", "Critical/high vulns"],
            ),
            step(
                "Monitoring and observability",
                5,
                "sre",
                &["P99 latency", "Error rate", "Availability"],
            ),
            step(
                "Cost optimization and alerts",
                4,
                "finops",
                &["Cost vs baseline"],
            ),
            step(
                "Governance and final validation",
                5,
                "platform",
                &["Readiness checks"],
            ),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checkpoint::services::SERVICES;

    #[test]
    fn the_embedded_criteria_parse_and_validate() {
        let file: DefaultsFile = toml::from_str(DEFAULTS).expect("defaults.toml parses");
        assert_eq!(file.criteria.len(), 11);
        for criterion in &criteria() {
            criterion.validate().expect("valid");
            let sources = format!("{:?}", (&criterion.query, &criterion.figure));
            assert!(
                !sources.contains("api") && !sources.contains(SERVICES),
                "{}: no hard-coded service, the placeholder resolved: {sources}",
                criterion.name
            );
            assert!(
                criterion.figure.is_some(),
                "{}: the demo can measure it",
                criterion.name
            );
        }
        assert_eq!(templates(), file.criteria);
    }

    #[test]
    fn the_demo_phase_is_under_way_and_names_real_criteria() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).expect("date");
        let phase = demo_phase(today);
        phase.validate().expect("valid");
        assert_eq!(
            phase.start,
            NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
        );
        let names: Vec<String> = criteria().into_iter().map(|c| c.name).collect();
        for step in &phase.steps {
            assert!(
                step.criteria.iter().all(|c| names.contains(c)),
                "{}",
                step.name
            );
        }
        let status = phase.status(today, |_, _| None);
        assert_eq!((status.day, status.days), (10, 24));
    }
}
