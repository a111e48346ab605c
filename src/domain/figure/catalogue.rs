//! The figures, grouped by the tab that shows them. A figure added to a source is added here, and
//! `read` answers for it; a test in `read` proves the two lists agree.

use super::{Better, Definition, Unit};
use crate::domain::Topic;
use crate::domain::scaling_event::{PROVISIONING_TIME, TRIGGER_DELAY};

const fn figure(
    pattern: &'static str,
    label: &'static str,
    unit: Unit,
    better: Better,
    topic: Topic,
    definition: &'static str,
) -> Definition {
    Definition {
        pattern,
        label,
        unit,
        better,
        topic,
        drawn: true,
        definition,
    }
}

/// A figure no tab draws in a cell: criteria and runbook conditions read it.
const fn derived(
    pattern: &'static str,
    label: &'static str,
    unit: Unit,
    better: Better,
    topic: Topic,
    definition: &'static str,
) -> Definition {
    Definition {
        drawn: false,
        ..figure(pattern, label, unit, better, topic, definition)
    }
}

use Better::{Higher, Lower, Neither};
use Topic::{Cost, Latency, Readiness, Scaling, Security};

#[rustfmt::skip]
pub const CATALOGUE: &[Definition] = &[
    figure("group.*.desired", "desired", Unit::Count, Neither, Scaling,
        "instances the group's policy asks for now"),
    figure("group.*.in_service", "in service", Unit::Count, Higher, Scaling,
        "instances passing health checks and taking traffic now"),
    figure("group.*.min", "minimum", Unit::Count, Neither, Scaling,
        "the group's lower size limit"),
    figure("group.*.max", "maximum", Unit::Count, Neither, Scaling,
        "the group's upper size limit"),
    figure("group.*.cpu", "CPU", Unit::Percent, Lower, Scaling,
        "average CPU utilisation over the group's instances, last sample"),
    derived("group.*.cpu_max_1h", "CPU max 1h", Unit::Percent, Lower, Scaling,
        "the highest 1-minute CPU sample of the last hour; unknown without a full hour of samples"),
    figure("group.*.memory", "memory", Unit::Percent, Lower, Scaling,
        "average memory utilisation over the group's instances, last sample"),
    figure("group.*.trigger_delay_s", "trigger delay", Unit::Seconds, Lower, Scaling,
        TRIGGER_DELAY),
    figure("group.*.provisioning_s", "provisioning time", Unit::Seconds, Lower, Scaling,
        PROVISIONING_TIME),
    figure("service.*.p50_ms", "p50 latency", Unit::Milliseconds, Lower, Latency,
        "50th percentile of request duration, last 5 minutes, from the merged histogram"),
    figure("service.*.p95_ms", "p95 latency", Unit::Milliseconds, Lower, Latency,
        "95th percentile of request duration, last 5 minutes, from the merged histogram"),
    figure("service.*.p99_ms", "p99 latency", Unit::Milliseconds, Lower, Latency,
        "99th percentile of request duration, last 5 minutes, from the merged histogram"),
    figure("service.*.error_ratio", "error ratio", Unit::Ratio, Lower, Latency,
        "5xx responses over all responses, last 5 minutes, from summed counters"),
    figure("service.*.rps", "requests", Unit::PerSecond, Neither, Latency,
        "requests per second, last 5 minutes"),
    derived("service.*.error_rps", "errors", Unit::PerSecond, Lower, Latency,
        "5xx responses per second, last 5 minutes"),
    derived("service.*.ok_rps", "good requests", Unit::PerSecond, Neither, Latency,
        "non-5xx responses per second, last 5 minutes"),
    derived("service.*.availability_objective", "availability objective", Unit::Ratio, Neither, Latency,
        "the service's objective: the share of requests that must succeed over its window"),
    figure("service.*.budget_remaining", "error budget left", Unit::Ratio, Higher, Latency,
        "1 - (error ratio over the objective's window / (1 - objective)); negative when overspent"),
    figure("service.*.burn_1h", "burn 1h", Unit::Times, Lower, Latency,
        "error ratio over the last hour / (1 - objective): how fast the budget goes"),
    figure("service.*.burn_6h", "burn 6h", Unit::Times, Lower, Latency,
        "error ratio over the last 6 hours / (1 - objective)"),
    figure("database.*.cpu", "CPU", Unit::Percent, Lower, Scaling,
        "the database node's CPU utilisation, last sample"),
    figure("database.*.lag_seconds", "replica lag", Unit::Seconds, Lower, Scaling,
        "how far the replica's applied changes trail the primary"),
    derived("database.*.primary", "primary", Unit::Count, Neither, Scaling,
        "1 while the node is the primary, else 0"),
    derived("database.*.healthy", "healthy", Unit::Count, Higher, Scaling,
        "1 while the node answers its health check, else 0"),
    figure("database.*.qps", "queries", Unit::PerSecond, Lower, Scaling,
        "queries per second the node serves (ALAWAEL plan: under 360)"),
    figure("database.*.query_p95_ms", "query time p95", Unit::Milliseconds, Lower, Scaling,
        "95th percentile of query time (plan: under 50 ms)"),
    figure("database.*.query_p99_ms", "query time p99", Unit::Milliseconds, Lower, Scaling,
        "99th percentile of query time"),
    figure("database.*.connections", "connections", Unit::Count, Lower, Scaling,
        "client connections open on the node"),
    figure("database.*.pool_size", "connection pool", Unit::Count, Neither, Scaling,
        "the connection pool's size (plan: 150)"),
    derived("alert.*.firing", "firing", Unit::Count, Lower, Scaling,
        "1 while an alert of that name fires, else 0"),
    figure("cache.hit_percent", "cache hit rate", Unit::Percent, Higher, Scaling,
        "cache hits over hits and misses, last 5 minutes"),
    figure("cost.vs_baseline_percent", "cost vs baseline", Unit::Percent, Lower, Cost,
        "(7-day run rate / monthly baseline - 1) x 100; run rate: mean hourly spend of the last 7 days, 730 h a month"),
    figure("cost.forecast_vs_budget_percent", "forecast vs budget", Unit::Percent, Lower, Cost,
        "(month-end forecast / monthly budget - 1) x 100"),
    figure("security.score_percent", "security score", Unit::Percent, Higher, Security,
        "the source's formula, named on the Security tab (passed / evaluated controls on trivy and Security Hub; Defender for Cloud's own secure score, current / max points, on Azure)"),
    figure("security.critical_high_open", "open critical and high", Unit::Count, Lower, Security,
        "open critical and high vulnerabilities now; unknown without vulnerability data"),
    derived("certificate.*.days_left", "days left", Unit::Days, Higher, Security,
        "whole days until the certificate expires (negative once expired); renewal raises it"),
    derived("finding.*.new", "new", Unit::Count, Neither, Security,
        "1 while the finding's workflow status is new (Security Hub NEW), else 0"),
    derived("finding.*.notified", "notified", Unit::Count, Neither, Security,
        "1 while the finding's workflow status is notified (Security Hub NOTIFIED), else 0"),
    derived("finding.*.resolved", "resolved", Unit::Count, Neither, Security,
        "1 while the finding's workflow status is resolved (Security Hub RESOLVED), else 0"),
    derived("finding.*.suppressed", "suppressed", Unit::Count, Neither, Security,
        "1 while the finding's workflow status is suppressed (Security Hub SUPPRESSED), else 0"),
    derived("check.*.passing", "passing", Unit::Count, Higher, Readiness,
        "1 while the check's last evaluation passed, 0 when it warned, failed or erred; unknown when n/a or never evaluated"),
    derived("check.*.evaluated_at", "last evaluated", Unit::None, Neither, Readiness,
        "when the check was last evaluated, in seconds since 1970-01-01 UTC; re-evaluating it advances this"),
    derived("readiness.passing", "readiness checks passing", Unit::Count, Higher, Readiness,
        "readiness checks whose last evaluation passed"),
    derived("readiness.applicable", "readiness checks applicable", Unit::Count, Neither, Readiness,
        "readiness checks that apply (all but not applicable)"),
    figure("readiness.passing_percent", "readiness", Unit::Percent, Higher, Readiness,
        "passing / applicable checks (all but n/a) x 100; none applicable is unknown"),
];
