//! `[checkpoint]` of config.toml: the success criteria (built-ins merged with the user's by
//! name), the phase plan, the time zone weeks are counted in and the sampling step.

use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use super::values::{SpanError, duration, spanned};
use crate::checkpoint::CheckpointSettings;
use crate::domain::checkpoint::{Criterion, PhasePlan, defaults, parse_tz};

/// At least a minute: a week at the step must stay under Prometheus's 11,000 points a query.
const STEP_RANGE: (Duration, Duration) = (Duration::from_secs(60), Duration::from_secs(3600));

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct CheckpointFile {
    timezone: Option<Spanned<String>>,
    step: Option<Spanned<String>>,
    /// `false` drops the built-in criteria, leaving only the file's.
    builtin_criteria: Option<bool>,
    /// The services `$__services` stands for; every service when absent or empty.
    critical_services: Option<Spanned<Vec<String>>>,
    criteria: Option<Vec<Spanned<Criterion>>>,
    phase: Option<Spanned<PhasePlan>>,
}

pub(super) fn checkpoint(file: Option<&CheckpointFile>) -> Result<CheckpointSettings, SpanError> {
    let mut settings = CheckpointSettings::default();
    let Some(file) = file else {
        return Ok(settings);
    };
    if let Some(tz) = &file.timezone {
        settings.timezone = parse_tz(tz.get_ref()).map_err(|m| spanned(tz, m))?;
    }
    if let Some(step) = &file.step {
        let step_std = duration(step, STEP_RANGE.0, STEP_RANGE.1)?;
        if step_std.as_secs() % 10 != 0 || step_std.subsec_nanos() != 0 {
            return Err(spanned(
                step,
                "step must be a whole number of 10 s (e.g. \"5m\")",
            ));
        }
        settings.step =
            chrono::Duration::from_std(step_std).map_err(|e| spanned(step, e.to_string()))?;
    }
    let critical = match &file.critical_services {
        Some(names) if names.get_ref().iter().any(|n| n.trim().is_empty()) => {
            return Err(spanned(names, "critical-services: a name is empty"));
        }
        Some(names) => names.get_ref().clone(),
        None => Vec::new(),
    };
    // The built-ins as written: `$__services` is resolved below, with the file's criteria.
    settings.criteria = defaults::templates();
    if file.builtin_criteria == Some(false) {
        settings.criteria.clear();
    }
    for criterion in file.criteria.iter().flatten() {
        criterion
            .get_ref()
            .validate()
            .map_err(|m| spanned(criterion, m))?;
        let c = criterion.get_ref().clone();
        match settings
            .criteria
            .iter_mut()
            .find(|existing| existing.name == c.name)
        {
            Some(existing) => *existing = c,
            None => settings.criteria.push(c),
        }
    }
    settings.criteria = settings
        .criteria
        .iter()
        .map(|c| c.for_services(&critical))
        .collect();
    if settings.criteria.is_empty() {
        // `check` would pass with nothing checked.
        return Err((
            0..0,
            "[checkpoint] has no criteria: keep the built-ins or add [[checkpoint.criteria]]"
                .into(),
        ));
    }
    if let Some(phase) = &file.phase {
        phase.get_ref().validate().map_err(|m| spanned(phase, m))?;
        // A typo in a step's criteria would make the step late forever: say so at load.
        let known = |name: &String| settings.criteria.iter().any(|c| &c.name == name);
        let steps = &phase.get_ref().steps;
        if let Some((step, name)) = steps
            .iter()
            .find_map(|s| s.criteria.iter().find(|n| !known(n)).map(|n| (s, n)))
        {
            return Err(spanned(
                phase,
                format!(
                    "phase step {:?} names {name:?}, which is not a criterion",
                    step.name
                ),
            ));
        }
        settings.phase = Some(phase.get_ref().clone());
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<CheckpointSettings, String> {
        let file: CheckpointFile = toml::from_str(text).map_err(|e| e.to_string())?;
        checkpoint(Some(&file)).map_err(|(_, m)| m)
    }

    #[test]
    fn defaults_then_merge_by_name() {
        let settings = parse(
            r#"
            timezone = "Europe/Berlin"
            step = "10m"
            [[criteria]]
            name = "P99 latency"
            query = "my_p99"
            aggregation = "maximum"
            comparator = "<"
            target = 500
            [[criteria]]
            name = "Queue depth"
            query = "sum(queue_depth)"
            aggregation = "last"
            comparator = "<"
            target = 100
            "#,
        )
        .expect("valid");
        assert_eq!(settings.timezone.name(), "Europe/Berlin");
        assert_eq!(settings.step, chrono::Duration::minutes(10));
        let names: Vec<&str> = settings.criteria.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names.len(),
            12,
            "11 built-ins, one replaced, one added: {names:?}"
        );
        let p99 = settings
            .criteria
            .iter()
            .find(|c| c.name == "P99 latency")
            .expect("p99");
        assert!((p99.target - 500.0).abs() < f64::EPSILON);
        assert_eq!(names.last(), Some(&"Queue depth"));
    }

    #[test]
    fn critical_services_scope_the_built_ins_and_the_files_criteria() {
        let settings = parse(
            r#"
            critical-services = ["checkout", "ledger"]
            [[criteria]]
            name = "Checkout peak"
            figure = "service.$__services.rps"
            aggregation = "maximum"
            comparator = ">"
            target = 1
            "#,
        )
        .expect("valid");
        let by_name = |name: &str| {
            settings
                .criteria
                .iter()
                .find(|c| c.name == name)
                .expect(name)
        };
        assert_eq!(
            by_name("Peak throughput").query.as_deref(),
            Some("sum(rate(http_requests_total{service=~\"checkout|ledger\"}[5m]))")
        );
        assert_eq!(
            by_name("P99 latency").figure.as_deref(),
            Some("service.checkout|ledger.latency_seconds")
        );
        assert_eq!(
            by_name("Checkout peak").figure.as_deref(),
            Some("service.checkout|ledger.rps")
        );
        assert!(
            parse("critical-services = [\" \"]")
                .expect_err("empty name")
                .contains("empty")
        );
    }

    #[test]
    fn only_the_files_criteria_when_builtins_are_off() {
        let settings = parse(
            "builtin-criteria = false\n[[criteria]]\nname = \"x\"\nfigure = \"readiness.passing\"\naggregation = \"last\"\ncomparator = \">=\"\ntarget = 1\n",
        )
        .expect("valid");
        assert_eq!(settings.criteria.len(), 1);
    }

    /// The sample's commented `[checkpoint]` block, uncommented, is a valid config.
    #[test]
    fn the_sample_block_parses() {
        let sample = include_str!("../../config.example.toml");
        let block: String = sample
            .lines()
            .skip_while(|l| *l != "# [checkpoint]")
            .skip(1)
            .take_while(|l| l.starts_with('#'))
            .map(|l| l.trim_start_matches('#').trim_start())
            // Settings and headers; prose and commented-out alternatives stay out.
            .filter(|l| l.starts_with('[') || l.contains(" = "))
            .filter(|l| !l.starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect();
        let text = block
            .replace("[[checkpoint.", "[[")
            .replace("[checkpoint.", "[");
        let settings = parse(&text).expect("the sample's checkpoint block parses");
        assert_eq!(settings.criteria.len(), 12, "11 built-ins and the sample's");
        let phase = settings.phase.expect("a phase");
        assert_eq!(phase.steps.len(), 2);
    }

    #[test]
    fn bad_values_are_errors() {
        assert!(
            parse("timezone = \"Mars/Base\"")
                .expect_err("tz")
                .contains("time zone")
        );
        assert!(
            parse("builtin-criteria = false")
                .expect_err("empty")
                .contains("no criteria")
        );
        assert!(
            parse("step = \"5s\"").is_err(),
            "too fine for a week of Prometheus points"
        );
        assert!(parse("step = \"65s\"").expect_err("step").contains("10 s"));
        let no_source =
            "[[criteria]]\nname = \"x\"\naggregation = \"last\"\ncomparator = \"<\"\ntarget = 1\n";
        assert!(
            parse(no_source)
                .expect_err("no source")
                .contains("query or a figure")
        );
        let phase = "[phase]\nname = \"p\"\nstart = \"2026-11-16\"\nsteps = []\n";
        assert!(parse(phase).expect_err("no steps").contains("no steps"));
        let typo = "[phase]\nname = \"p\"\nstart = \"2026-11-16\"\n[[phase.steps]]\nname = \"s\"\ndays = 2\ncriteria = [\"P99 latncy\"]\n";
        assert!(
            parse(typo)
                .expect_err("typo")
                .contains("\"P99 latncy\", which is not a criterion")
        );
    }
}
