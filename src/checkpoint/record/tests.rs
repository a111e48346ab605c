//! A set of services adds up; a missing member leaves the figure unknown.

use chrono::TimeZone;

use super::*;
use crate::sources::simulator::{Simulator, SimulatorConfig};

#[test]
fn service_sets_add_up_and_a_missing_member_has_no_value() {
    let at = Utc
        .with_ymd_and_hms(2026, 12, 2, 14, 0, 0)
        .single()
        .expect("time");
    let snapshot = Simulator::new(SimulatorConfig::new(42, at)).snapshot();
    let read = |name: &str| figure::read(&snapshot, name);
    let one = |name: &str| read(&format!("service.{name}.rps")).ok().flatten();
    let names = [
        "api", "web", "auth", "catalog", "search", "orders", "checkout", "payments",
    ];
    let every: f64 = names.iter().filter_map(|n| one(n)).sum();
    assert!(every > 0.0);
    assert_eq!(one("*"), Some(every));
    let pair = one("api|checkout").expect("both are there");
    assert!(
        (pair - one("api").unwrap_or_default() - one("checkout").unwrap_or_default()).abs() < 1e-9
    );
    assert_eq!(one("api|ledger"), None, "part of a set is not the set");
    assert!(
        read("service.*.p99_ms").is_err(),
        "percentiles do not add up"
    );
    assert!(
        read("service.*.latency_seconds").is_err(),
        "a histogram, not a figure"
    );
}
