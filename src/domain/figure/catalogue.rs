//! The figures, grouped by the tab that shows them. A figure added to a source is added here, and
//! `read` answers for it; a test in `read` proves the two lists agree.

use super::{Better, Definition, Unit};
use crate::domain::Topic;

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
        definition,
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
    figure("group.*.memory", "memory", Unit::Percent, Lower, Scaling,
        "average memory utilisation over the group's instances, last sample"),
    figure("group.*.time_to_scale_s", "time to scale", Unit::Seconds, Lower, Scaling,
        "latest scale-out: threshold first breached to all new instances in service"),
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
    figure("service.*.error_rps", "errors", Unit::PerSecond, Lower, Latency,
        "5xx responses per second, last 5 minutes"),
    figure("service.*.ok_rps", "good requests", Unit::PerSecond, Neither, Latency,
        "non-5xx responses per second, last 5 minutes"),
    figure("database.*.cpu", "CPU", Unit::Percent, Lower, Scaling,
        "the database node's CPU utilisation, last sample"),
    figure("database.*.lag_seconds", "replica lag", Unit::Seconds, Lower, Scaling,
        "how far the replica's applied changes trail the primary"),
    figure("database.*.primary", "primary", Unit::Count, Neither, Scaling,
        "1 while the node is the primary, else 0"),
    figure("database.*.healthy", "healthy", Unit::Count, Higher, Scaling,
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
    figure("alert.*.firing", "firing", Unit::Count, Lower, Scaling,
        "1 while an alert of that name fires, else 0"),
    figure("cache.hit_percent", "cache hit rate", Unit::Percent, Higher, Scaling,
        "cache hits over hits and misses, last 5 minutes"),
    figure("cost.vs_budget_percent", "forecast vs budget", Unit::Percent, Lower, Cost,
        "month-end forecast over the monthly budget, minus 100 %"),
    figure("security.score_percent", "security score", Unit::Percent, Higher, Security,
        "passed compliance controls over evaluated controls"),
    figure("readiness.passing", "readiness checks passing", Unit::Count, Higher, Readiness,
        "readiness checks whose last evaluation passed"),
];
