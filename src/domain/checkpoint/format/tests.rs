//! Formatting against the fixture's criteria: units, precision near the target, deltas,
//! sparklines and time zones.

use super::*;
use crate::domain::checkpoint::fixtures;

fn criterion(name: &str) -> CriterionResult {
    let report = fixtures::report();
    report
        .criteria
        .into_iter()
        .find(|c| c.name == name)
        .expect("a fixture criterion")
}

#[test]
fn values_read_in_their_unit() {
    let value_of = |name: &str, v: f64| value(&criterion(name), Some(v));
    assert_eq!(value_of("Error rate", 0.021), "0.021 %");
    assert_eq!(value_of("P99 latency", 471.0), "471 ms");
    assert_eq!(value_of("P99 latency", 471.234), "471.2 ms");
    assert_eq!(value_of("Peak throughput", 2412.0), "2,412 req/s");
    assert_eq!(value_of("Peak throughput", 1_234_567.0), "1,234,567 req/s");
    assert_eq!(value_of("Cost vs baseline", -17.2), "-17.2 %");
    assert_eq!(value_of("Readiness checks", 4500.0 / 52.0), "86.54 %");
    assert_eq!(value_of("Critical/high vulns", 7.0), "7 open");
    // What tabs write of a judged figure: the same text away from the target.
    assert_eq!(quantity(4500.0 / 52.0, "%"), "86.54 %");
    assert_eq!(quantity(-1.364_2, "%"), "-1.364 %");
    assert_eq!(quantity(f64::NAN, "%"), MISSING);
    assert_eq!(
        value(&criterion("P99 latency"), None),
        "—",
        "unknown is not 0"
    );
    assert_eq!(target(&criterion("Peak throughput")), "> 2,300 req/s");
    assert_eq!(target(&criterion("Availability")), ">= 99.9 %");
}

#[test]
fn rounding_never_moves_a_value_onto_or_across_its_target() {
    let availability = criterion("Availability");
    assert_eq!(value(&availability, Some(99.899_99)), "99.89999 %");
    assert_eq!(value(&availability, Some(99.95)), "99.95 %");
    let latency = criterion("P99 latency");
    assert_eq!(
        value(&latency, Some(474.96)),
        "474.96 ms",
        "not 475, the target"
    );
}

#[test]
fn deltas_carry_a_sign_an_arrow_and_a_judgement() {
    let p99 = delta(&criterion("P99 latency")).expect("both weeks known");
    assert_eq!(
        (p99.arrow, p99.text.as_str(), p99.judgement()),
        ("▲", "+13 ms", "worse")
    );
    let errors = delta(&criterion("Error rate")).expect("known");
    assert_eq!(
        (errors.arrow, errors.text.as_str(), errors.judgement()),
        ("▼", "-0.002 %", "better")
    );
    assert!(
        delta(&criterion("Trigger delay")).is_none(),
        "no delta against unknown"
    );
    let mut flat = criterion("Readiness checks");
    flat.delta = Some(0.0);
    let flat = delta(&flat).expect("known");
    assert_eq!(
        (flat.arrow, flat.text.as_str(), flat.judgement()),
        ("=", "±0 %", "no change")
    );
}

#[test]
fn sparklines_scale_to_the_history_and_mark_missing_weeks() {
    assert_eq!(
        sparkline(&criterion("Readiness checks").history),
        "▁▃▃▅▅▆▆█"
    );
    let gaps = sparkline(&criterion("Peak throughput").history);
    assert_eq!(gaps.chars().nth(4), Some(NO_DATA), "{gaps}");
    assert_eq!(gaps.chars().count(), 8);
}

#[test]
fn times_are_in_the_report_zone_or_say_they_are_not() {
    let mut report = fixtures::report();
    assert_eq!(
        period(&report),
        "Mon 2026-11-30 00:00 – Wed 2026-12-02 15:00 (Europe/Berlin)"
    );
    assert_eq!(
        time(&report, report.generated_at),
        "Wed 2026-12-02 15:05 CET"
    );
    report.partial = false;
    report.to = report.from + Duration::days(7);
    assert_eq!(
        period(&report),
        "Mon 2026-11-30 – Sun 2026-12-06 (Europe/Berlin)"
    );
    report.timezone = "Mars/Olympus".into();
    assert!(
        period(&report).ends_with("(UTC; time zone \"Mars/Olympus\" unknown)"),
        "{}",
        period(&report)
    );
}
