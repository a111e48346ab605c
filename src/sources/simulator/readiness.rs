//! 56 production-readiness checks in six categories. Most are evaluated on a schedule (stable
//! states, seeded evaluation times); the ones that measure the fleet (performance, the load test,
//! scrape targets, certificates, replica lag) are evaluated live from the model at snapshot time.

use chrono::{DateTime, Duration, Utc};

use super::rng::Rng;
use crate::domain::{Category, CheckState, ReadinessCheck};

use Category::{Application, Compliance, Infrastructure, Operations, Performance, Security};
use CheckState::{Error, Fail, NotApplicable, Pass, Unknown, Warn};

/// (category, name, owner, blocking, state, detail) for checks evaluated on a schedule.
type Scheduled = (
    Category,
    &'static str,
    &'static str,
    bool,
    CheckState,
    &'static str,
);

#[rustfmt::skip]
const SCHEDULED: [Scheduled; 44] = [
    (Infrastructure, "Multi-AZ high availability", "platform", true, Pass, "3 AZs"),
    (Infrastructure, "DR plan documented", "platform", true, Pass, "runbook v3"),
    (Infrastructure, "DR failover tested", "platform", true, Warn, "last drill 94 days ago"),
    (Infrastructure, "Backups taken", "dba", true, Pass, "daily, 35-day retention"),
    (Infrastructure, "Backup restore tested", "dba", true, Pass, "restored 2026-11-02"),
    (Infrastructure, "Load balancing", "platform", true, Pass, "ALB, 3 AZs"),
    (Infrastructure, "Encryption at rest", "platform", true, Pass, "KMS"),
    (Infrastructure, "Centralised logging", "sre", false, Pass, "30-day retention"),
    (Infrastructure, "Capacity plan reviewed", "sre", false, Error, "capacity report job failed"),
    (Application, "Test coverage > 80%", "app-team", false, Pass, "83.4%"),
    (Application, "No critical code issues", "app-team", true, Pass, "0 open"),
    (Application, "No hard-coded credentials", "appsec", true, Pass, "secret scan clean"),
    (Application, "Unit and integration tests pass", "app-team", true, Pass, "main green"),
    (Application, "Chaos tests pass", "sre", false, Fail, "replica kill: 41s recovery > 30s"),
    (Application, "Graceful degradation at 10,000 req/s", "sre", false, Warn, "shedding at 8,700 req/s"),
    (Application, "Health endpoints", "app-team", true, Pass, "all services"),
    (Operations, "Deployment runbook", "sre", true, Pass, "reviewed"),
    (Operations, "Rollback runbook", "sre", true, Pass, "reviewed"),
    (Operations, "DR runbook", "sre", true, Pass, "reviewed"),
    (Operations, "Incident response runbook", "sre", true, Pass, "reviewed"),
    (Operations, "Scaling runbook", "sre", true, Pass, "reviewed"),
    (Operations, "Backup restore runbook", "dba", true, Pass, "reviewed"),
    (Operations, "Dashboards", "sre", false, Pass, "5 dashboards"),
    (Operations, "Alert rules", "sre", true, Pass, "42 rules"),
    (Operations, "SLOs defined", "sre", true, Pass, "8 services"),
    (Operations, "On-call rotation", "sre", true, Pass, "2 tiers"),
    (Operations, "Escalation policy", "sre", true, Pass, "documented"),
    (Security, "SAST in pipeline", "appsec", true, Pass, "every merge"),
    (Security, "DAST scan", "appsec", false, Unknown, "no scan result in 14 days"),
    (Security, "Dependency scan", "appsec", true, Pass, "daily"),
    (Security, "Secrets rotation", "appsec", true, Pass, "90-day policy"),
    (Security, "Authentication and authorisation", "appsec", true, Pass, "OIDC"),
    (Security, "Encryption in transit", "appsec", true, Pass, "TLS 1.2+"),
    (Security, "Audit logging", "appsec", true, Pass, "CloudTrail"),
    (Security, "Private endpoints", "platform", false, Pass, "RDS, cache"),
    (Compliance, "CIS benchmark", "grc", true, Pass, "96% controls"),
    (Compliance, "NIST 800-53 mapping", "grc", false, Pass, "mapped"),
    (Compliance, "SOC 2 controls", "grc", true, Pass, "type II in audit"),
    (Compliance, "ISO 27001 controls", "grc", false, Pass, "certified"),
    (Compliance, "GDPR data map", "grc", true, Pass, "current"),
    (Compliance, "HIPAA", "grc", false, NotApplicable, "no PHI processed"),
    (Compliance, "PCI-DSS", "grc", false, NotApplicable, "card data tokenised by provider"),
    (Compliance, "Data retention policy", "grc", false, Pass, "enforced"),
    (Compliance, "Access reviews", "grc", false, Warn, "Q3 review 12 days late"),
];

/// The SLA the load test must hold (the plan: "all metrics stay within SLA during spike").
const SLA_P99_MS: f64 = 500.0;
const SLA_ERROR_RATIO: f64 = 0.000_5;

/// The worst minute of the fleet's latest surge to 4,000 req/s: the load test, as it really ran.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadTest {
    pub started: DateTime<Utc>,
    pub worst_p99_ms: f64,
    pub worst_error_ratio: f64,
}

impl LoadTest {
    /// Records a minute of the surge that began at `started`; a new surge starts a new record.
    pub fn record(slot: &mut Option<Self>, started: DateTime<Utc>, p99_ms: f64, errors: f64) {
        match slot {
            Some(test) if test.started == started => {
                test.worst_p99_ms = test.worst_p99_ms.max(p99_ms);
                test.worst_error_ratio = test.worst_error_ratio.max(errors);
            }
            _ => {
                *slot = Some(Self {
                    started,
                    worst_p99_ms: p99_ms,
                    worst_error_ratio: errors,
                });
            }
        }
    }
}

/// Figures the live checks are evaluated from; NaN where the fleet has no such figure.
pub struct LiveFigures {
    pub api_p99_ms: f64,
    pub worst_p95_ms: f64,
    pub error_ratio: f64,
    pub web_cpu_percent: f64,
    pub web_memory_percent: f64,
    /// Requests per second the web tier serves at the 75 % CPU target.
    pub capacity_rps: f64,
    pub cache_hit_ratio: f64,
    pub within_max: bool,
    pub load_test: Option<LoadTest>,
    /// Services answering requests, of all services scraped.
    pub targets_up: (usize, usize),
    /// The soonest certificate expiry: (name, whole days left).
    pub soonest_certificate: Option<(String, i64)>,
    /// The furthest-behind replica: (name, lag in seconds).
    pub worst_replica_lag: Option<(String, f64)>,
}

/// (category, name, the figure, passing, blocking, detail). A NaN figure makes it unknown.
type Live = (Category, &'static str, f64, bool, bool, String);

#[allow(clippy::cast_precision_loss)]
fn live(f: &LiveFigures) -> [Live; 12] {
    let flag = |ok: bool| if ok { 1.0 } else { 0.0 };
    let (test_p99, test_errors) = f.load_test.map_or((f64::NAN, f64::NAN), |t| {
        (t.worst_p99_ms, t.worst_error_ratio)
    });
    let load_test = f.load_test.map_or_else(
        || "no 4,000 req/s surge yet".into(),
        |t| {
            format!(
                "surge {}: worst api p99 {:.0}ms, errors {:.3}%",
                t.started.format("%m-%d %H:%M"),
                t.worst_p99_ms,
                t.worst_error_ratio * 100.0
            )
        },
    );
    let (up, scraped) = f.targets_up;
    // Zero targets is unknown, not "all up".
    let targets = if scraped == 0 { f64::NAN } else { up as f64 };
    let (cert, days) = f.soonest_certificate.clone().unwrap_or_default();
    let cert_days = f
        .soonest_certificate
        .as_ref()
        .map_or(f64::NAN, |c| c.1 as f64);
    let (replica, lag) = f
        .worst_replica_lag
        .clone()
        .unwrap_or((String::new(), f64::NAN));
    #[rustfmt::skip]
    let list = [
        (Performance, "P99 under 475 ms", f.api_p99_ms, f.api_p99_ms < 475.0, true, format!("api p99 {:.0}ms", f.api_p99_ms)),
        (Performance, "P95 under 500 ms", f.worst_p95_ms, f.worst_p95_ms < 500.0, true, format!("worst p95 {:.0}ms", f.worst_p95_ms)),
        (Performance, "Error rate under 0.025%", f.error_ratio, f.error_ratio < 0.000_25, true, format!("api {:.3}%", f.error_ratio * 100.0)),
        (Performance, "CPU under 75%", f.web_cpu_percent, f.web_cpu_percent < 75.0, false, format!("web {:.0}%", f.web_cpu_percent)),
        (Performance, "Memory under 80%", f.web_memory_percent, f.web_memory_percent < 80.0, false, format!("web {:.0}%", f.web_memory_percent)),
        (Performance, "Capacity for 2,300 req/s", f.capacity_rps, f.capacity_rps >= 2_300.0, false, format!("{:.0} req/s at 75% CPU", f.capacity_rps)),
        (Performance, "Cache hit rate over 95%", f.cache_hit_ratio, f.cache_hit_ratio > 0.95, false, format!("{:.1}%", f.cache_hit_ratio * 100.0)),
        (Performance, "Auto scaling max respected", flag(f.within_max), f.within_max, true, if f.within_max { "<= 12".into() } else { "over max".into() }),
        (Application, "Load test at 4,000 req/s", test_p99.max(test_errors), test_p99 < SLA_P99_MS && test_errors < SLA_ERROR_RATIO, true, load_test),
        (Infrastructure, "Monitoring coverage", targets, up == scraped, true, format!("{up}/{scraped} service targets up")),
        (Security, "Certificates valid 14+ days", cert_days, cert_days >= 14.0, true, format!("{cert} expires in {days} days")),
        (Performance, "Replica lag under 1 s", lag, lag < 1.0, false, format!("worst {replica} {lag:.1}s")),
    ];
    list
}

pub fn checks(seed: u64, now: DateTime<Utc>, figures: &LiveFigures) -> Vec<ReadinessCheck> {
    let mut rng = Rng::new(seed ^ 0x5EED);
    let mut list: Vec<ReadinessCheck> = SCHEDULED
        .iter()
        .enumerate()
        .map(|(i, (category, name, owner, blocking, state, detail))| {
            #[allow(clippy::cast_possible_truncation)]
            let hours_ago = (rng.unit() * 20.0) as i64 + 1;
            let evaluated_at = (*state != Unknown).then(|| now - Duration::hours(hours_ago));
            ReadinessCheck {
                id: format!("check-{i:02}"),
                name: (*name).into(),
                category: *category,
                state: *state,
                owner: (*owner).into(),
                evaluated_at,
                detail: (*detail).into(),
                blocking: *blocking,
            }
        })
        .collect();
    let live = live(figures).into_iter().enumerate();
    for (i, (category, name, figure, passing, blocking, detail)) in live {
        let state = match (figure.is_finite(), passing, blocking) {
            (false, _, _) => Unknown,
            (true, true, _) => Pass,
            (true, false, true) => Fail,
            (true, false, false) => Warn,
        };
        list.push(ReadinessCheck {
            id: format!("live-{i:02}"),
            name: name.into(),
            category,
            state,
            owner: "sre".into(),
            evaluated_at: Some(now),
            detail,
            blocking,
        });
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_load_test_keeps_the_worst_minute_of_the_latest_surge() {
        let at = |h| {
            Utc.with_ymd_and_hms(2026, 11, 18, h, 0, 0)
                .single()
                .expect("time")
        };
        let mut test = None;
        LoadTest::record(&mut test, at(10), 900.0, 0.002);
        LoadTest::record(&mut test, at(10), 4_949.0, 0.001);
        LoadTest::record(&mut test, at(10), 600.0, 0.009);
        let worst = LoadTest {
            started: at(10),
            worst_p99_ms: 4_949.0,
            worst_error_ratio: 0.009,
        };
        assert_eq!(test, Some(worst));
        LoadTest::record(&mut test, at(12), 420.0, 0.000_1);
        assert_eq!(
            test.map(|t| t.worst_p99_ms),
            Some(420.0),
            "a new surge starts anew"
        );
    }

    #[test]
    fn live_rows_read_the_figures_and_nothing_measured_is_unknown() {
        let figures = LiveFigures {
            api_p99_ms: 4_949.0,
            worst_p95_ms: f64::NAN,
            error_ratio: 0.000_2,
            web_cpu_percent: 100.0,
            web_memory_percent: 78.0,
            capacity_rps: 2_940.0,
            cache_hit_ratio: 0.909,
            within_max: true,
            load_test: None,
            targets_up: (0, 0),
            soonest_certificate: Some(("api.example.com".into(), 5)),
            worst_replica_lag: Some(("db-replica-2".into(), 1.258)),
        };
        let now = Utc
            .with_ymd_and_hms(2026, 11, 18, 3, 7, 0)
            .single()
            .expect("time");
        let list = checks(42, now, &figures);
        assert_eq!(list.len(), 56);
        let row = |name: &str| {
            let c = list.iter().find(|c| c.name == name).expect("row");
            (c.state, c.detail.as_str())
        };
        assert_eq!(row("P99 under 475 ms"), (Fail, "api p99 4949ms"));
        assert_eq!(row("P95 under 500 ms").0, Unknown);
        assert_eq!(row("Error rate under 0.025%"), (Pass, "api 0.020%"));
        assert_eq!(
            row("Load test at 4,000 req/s"),
            (Unknown, "no 4,000 req/s surge yet")
        );
        assert_eq!(
            row("Monitoring coverage"),
            (Unknown, "0/0 service targets up")
        );
        assert_eq!(
            row("Certificates valid 14+ days"),
            (Fail, "api.example.com expires in 5 days")
        );
        assert_eq!(
            row("Replica lag under 1 s"),
            (Warn, "worst db-replica-2 1.3s")
        );
    }
}
