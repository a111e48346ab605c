//! A view keeps at most `max_rows` rows, the worst ones, and says how many it left out.

use super::snapshot;
use super::tests::{answer, poller, sample};

#[test]
fn latency_keeps_the_worst_services_and_counts_the_rest() {
    let mut poller = poller();
    poller.settings.max_rows = 10;
    let names: Vec<String> = (0..25).map(|i| format!("svc-{i:02}")).collect();
    // p99 grows with the index, except svc-03 which only has a high error ratio.
    let p99 = names
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 3)
        .map(|(i, n)| sample(&[("service", n)], 0.01 * i as f64))
        .collect();
    let errors = names
        .iter()
        .map(|n| sample(&[("service", n)], if n == "svc-03" { 0.5 } else { 0.0 }))
        .collect();
    answer(&mut poller, "latency-p99", p99);
    answer(&mut poller, "latency-errors", errors);
    let now = at();
    let latency = snapshot(&poller, now).latency.expect("latency view");
    let kept: Vec<&str> = latency.services.iter().map(|s| s.name.as_str()).collect();
    let expected: Vec<String> = (15..25).map(|i| format!("svc-{i:02}")).collect();
    assert_eq!(kept, expected, "the ten highest p99, in name order");
    assert_eq!(latency.omitted, 15);
    assert_eq!(latency.services[0].p99_ms, Some(150.0));
}

#[test]
fn a_service_without_p99_is_ranked_by_its_error_ratio() {
    let mut poller = poller();
    poller.settings.max_rows = 10;
    let errors = (0..12)
        .map(|i| sample(&[("service", &format!("svc-{i:02}"))], f64::from(i) / 100.0))
        .collect();
    answer(&mut poller, "latency-errors", errors);
    let latency = snapshot(&poller, at()).latency.expect("view");
    assert_eq!(
        latency.services.first().map(|s| s.name.as_str()),
        Some("svc-02")
    );
    assert_eq!(
        latency.omitted, 2,
        "svc-00 and svc-01 have the lowest error ratios"
    );
}

#[test]
fn certificates_keep_the_soonest_to_expire() {
    let mut poller = poller();
    poller.settings.max_rows = 10;
    let expiries = (0..30)
        .map(|i| {
            let instance = format!("host-{i:02}");
            sample(
                &[("instance", &instance)],
                2_000_000_000.0 - f64::from(i) * 86_400.0,
            )
        })
        .collect();
    answer(&mut poller, "security-certificates", expiries);
    let security = snapshot(&poller, at()).security.expect("security view");
    assert_eq!(security.certificates.len(), 10);
    assert_eq!(security.certificates_omitted, 20);
    let mut names: Vec<&str> = security
        .certificates
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(names.first(), Some(&"host-20"), "hosts 20–29 expire first");
}

/// A fixed clock: nothing here depends on when the test runs.
fn at() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-12-02T14:00:00Z")
        .expect("a valid time")
        .into()
}
