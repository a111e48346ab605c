//! 54 production-readiness checks in six categories. Most are evaluated on a schedule (stable
//! states, seeded evaluation times); the performance ones are evaluated live from the model.

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
const SCHEDULED: [Scheduled; 46] = [
    (Infrastructure, "Multi-AZ high availability", "platform", true, Pass, "3 AZs"),
    (Infrastructure, "DR plan documented", "platform", true, Pass, "runbook v3"),
    (Infrastructure, "DR failover tested", "platform", true, Warn, "last drill 94 days ago"),
    (Infrastructure, "Backups taken", "dba", true, Pass, "daily, 35-day retention"),
    (Infrastructure, "Backup restore tested", "dba", true, Pass, "restored 2026-11-02"),
    (Infrastructure, "Load balancing", "platform", true, Pass, "ALB, 3 AZs"),
    (Infrastructure, "Encryption at rest", "platform", true, Pass, "KMS"),
    (Infrastructure, "Monitoring coverage", "sre", true, Pass, "all services scraped"),
    (Infrastructure, "Centralised logging", "sre", false, Pass, "30-day retention"),
    (Infrastructure, "Capacity plan reviewed", "sre", false, Error, "capacity report job failed"),
    (Application, "Test coverage > 80%", "app-team", false, Pass, "83.4%"),
    (Application, "No critical code issues", "app-team", true, Pass, "0 open"),
    (Application, "No hard-coded credentials", "appsec", true, Pass, "secret scan clean"),
    (Application, "Unit and integration tests pass", "app-team", true, Pass, "main green"),
    (Application, "Load test at 4,000 req/s", "sre", true, Pass, "p99 468ms"),
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

/// Figures the live checks are evaluated from.
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
}

/// (name, the figure, passing, blocking, detail). A NaN figure makes the check unknown.
fn live(f: &LiveFigures) -> [(&'static str, f64, bool, bool, String); 8] {
    let max_flag = if f.within_max { 1.0 } else { 0.0 };
    #[rustfmt::skip]
    let list = [
        ("P99 under 475 ms", f.api_p99_ms, f.api_p99_ms < 475.0, true, format!("api p99 {:.0}ms", f.api_p99_ms)),
        ("P95 under 500 ms", f.worst_p95_ms, f.worst_p95_ms < 500.0, true, format!("worst p95 {:.0}ms", f.worst_p95_ms)),
        ("Error rate under 0.025%", f.error_ratio, f.error_ratio < 0.000_25, true, format!("{:.3}%", f.error_ratio * 100.0)),
        ("CPU under 75%", f.web_cpu_percent, f.web_cpu_percent < 75.0, false, format!("web {:.0}%", f.web_cpu_percent)),
        ("Memory under 80%", f.web_memory_percent, f.web_memory_percent < 80.0, false, format!("web {:.0}%", f.web_memory_percent)),
        ("Capacity for 2,300 req/s", f.capacity_rps, f.capacity_rps >= 2_300.0, false, format!("{:.0} req/s at 75% CPU", f.capacity_rps)),
        ("Cache hit rate over 95%", f.cache_hit_ratio, f.cache_hit_ratio > 0.95, false, format!("{:.1}%", f.cache_hit_ratio * 100.0)),
        ("Auto scaling max respected", max_flag, f.within_max, true, if f.within_max { "≤ 12".into() } else { "over max".into() }),
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
    for (i, (name, figure, passing, blocking, detail)) in live(figures).into_iter().enumerate() {
        let state = match (figure.is_finite(), passing, blocking) {
            (false, _, _) => Unknown,
            (true, true, _) => Pass,
            (true, false, true) => Fail,
            (true, false, false) => Warn,
        };
        list.push(ReadinessCheck {
            id: format!("live-{i:02}"),
            name: name.into(),
            category: Performance,
            state,
            owner: "sre".into(),
            evaluated_at: Some(now),
            detail,
            blocking,
        });
    }
    list
}
