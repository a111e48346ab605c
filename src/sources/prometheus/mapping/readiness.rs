//! Readiness checks that live data can answer: performance against the SLOs, capacity
//! headroom, the monitoring stack's own health, and security hygiene. A check whose data is
//! missing is `unknown`, which never counts as passing; checklists that need people (DR plans,
//! runbooks reviewed) are not guessed at here.

use chrono::{DateTime, Duration, Utc};

use crate::domain::monitoring::AlertmanagerStatus;
use crate::domain::readiness::every;
use crate::domain::slo::Objectives;
use crate::domain::{
    Alert, AlertState, Category, CheckState, Health, LatencyView, MonitoringHealth, ReadinessCheck,
    ReadinessView, ScalingView, SecurityView,
};

const CERTIFICATE_DAYS: i64 = 14;

pub struct Inputs<'a> {
    pub latency: Option<&'a LatencyView>,
    pub scaling: Option<&'a ScalingView>,
    pub security: Option<&'a SecurityView>,
    pub alerts: &'a [Alert],
    pub monitoring: &'a MonitoringHealth,
    pub slo: &'a Objectives,
    pub now: DateTime<Utc>,
}

pub fn view(inputs: &Inputs) -> Option<ReadinessView> {
    let services = inputs.latency.map(|l| l.services.as_slice());
    // Each service against its own objective; the titles name the default.
    let default = &inputs.slo.default;
    let monitoring = inputs.monitoring;
    let mut checks = vec![
        (
            Category::Performance,
            "perf-p99",
            format!(
                "p99 under its objective's threshold on every service (default {} ms)",
                default.latency_threshold_ms
            ),
            true,
            every(
                services,
                |s| s.p99_ms.map(|p| p < s.objective.latency_threshold_ms),
                |s| s.name.clone(),
            ),
        ),
        (
            Category::Performance,
            "perf-errors",
            format!(
                "error ratio under its error budget on every service (default {:.3}%)",
                default.error_budget() * 100.0
            ),
            true,
            every(
                services,
                |s| s.error_ratio.map(|e| e < s.objective.error_budget()),
                |s| s.name.clone(),
            ),
        ),
        (
            Category::Performance,
            "perf-budget",
            "error budget left on every service".into(),
            false,
            every(
                services,
                |s| s.error_budget_remaining.map(|b| b > 0.0),
                |s| s.name.clone(),
            ),
        ),
        (
            Category::Infrastructure,
            "infra-headroom",
            "autoscalers below their maximum".into(),
            true,
            every(
                inputs.scaling.map(|s| s.groups.as_slice()),
                |g| Some(!g.at_max()),
                |g| g.name.clone(),
            ),
        ),
        (
            Category::Operations,
            "ops-targets",
            "every scrape target up".into(),
            true,
            match monitoring.targets_up {
                None => (CheckState::Unknown, "targets not read yet".into()),
                Some(up) => {
                    let (down, not_yet) =
                        (monitoring.targets_down.len(), monitoring.targets_unknown);
                    let total = up + down + not_yet;
                    // An engine fed by import or remote write (single-node VictoriaMetrics,
                    // Mimir) lists none: that says nothing about whether anything is scraped.
                    let detail = match (total, down) {
                        (0, _) => "the server lists no scrape targets".into(),
                        (_, 0) if not_yet > 0 => format!("{up} up, {not_yet} not scraped yet"),
                        (_, 0) => format!("{up} up"),
                        _ => format!("{down} down"),
                    };
                    (CheckState::of_items(total, down, not_yet), detail)
                }
            },
        ),
        (
            Category::Operations,
            "ops-rules",
            "alert rules evaluate without errors".into(),
            true,
            match monitoring.rules_total {
                None => (CheckState::Unknown, "rules not read yet".into()),
                Some(total) => {
                    let bad = monitoring.rules_unhealthy.len();
                    // No rules (or rules evaluated elsewhere, as vmalert does) is not "healthy".
                    let detail = match (total, bad) {
                        (0, _) => "the server lists no alert rules".into(),
                        (_, 0) => format!("{total} rules healthy"),
                        _ => format!("{bad} failing"),
                    };
                    (CheckState::of_items(total, bad, 0), detail)
                }
            },
        ),
        (
            Category::Operations,
            "ops-alertmanager",
            "Alertmanager reachable".into(),
            false,
            match &monitoring.alertmanager {
                AlertmanagerStatus::NotConfigured => {
                    (CheckState::NotApplicable, "not configured".into())
                }
                AlertmanagerStatus::Reachable => (CheckState::Pass, "answering".into()),
                AlertmanagerStatus::Unknown => (CheckState::Unknown, "not read yet".into()),
                AlertmanagerStatus::Failed(error) => (CheckState::Error, error.clone()),
            },
        ),
        (
            Category::Operations,
            "ops-critical-alerts",
            "no unsilenced critical alert firing".into(),
            true,
            {
                let firing = inputs
                    .alerts
                    .iter()
                    .filter(|a| a.severity == Health::Critical && a.state == AlertState::Firing)
                    .count();
                // With no rule and no Alertmanager nothing could fire: silence is no evidence.
                let blind = monitoring.rules_total == Some(0)
                    && monitoring.alertmanager == AlertmanagerStatus::NotConfigured;
                match firing {
                    0 if blind => (
                        CheckState::Unknown,
                        "no alert rules and no Alertmanager to raise one".into(),
                    ),
                    0 => (CheckState::Pass, "none".into()),
                    _ => (CheckState::Fail, format!("{firing} firing")),
                }
            },
        ),
    ];
    if let Some(security) = inputs.security {
        checks.push((
            Category::Security,
            "sec-vulnerabilities",
            "no critical or high vulnerabilities".into(),
            true,
            match security.critical_high_open() {
                None => (CheckState::Unknown, "no vulnerability data".into()),
                Some(0) => (CheckState::Pass, "none open".into()),
                Some(n) => (CheckState::Fail, format!("{n} critical or high open")),
            },
        ));
        let soon = inputs.now + Duration::days(CERTIFICATE_DAYS);
        checks.push((
            Category::Security,
            "sec-certificates",
            format!("certificates valid {CERTIFICATE_DAYS}+ days"),
            false,
            every(
                Some(security.certificates.as_slice()),
                |c| Some(c.not_after > soon),
                |c| c.name.clone(),
            ),
        ));
        checks.push((
            Category::Security,
            "sec-score",
            format!("compliance score >= {:.0}%", security.score_target_percent),
            false,
            match security.score_percent {
                None => (CheckState::Unknown, "no score".into()),
                Some(s) if s >= security.score_target_percent => {
                    (CheckState::Pass, format!("{s:.1}%"))
                }
                Some(s) => (CheckState::Fail, format!("{s:.1}%")),
            },
        ));
    }
    let now = inputs.now;
    Some(ReadinessView {
        checks: checks
            .into_iter()
            .map(
                |(category, id, name, blocking, (state, detail))| ReadinessCheck {
                    id: id.into(),
                    name,
                    category,
                    state,
                    owner: "live data".into(),
                    evaluated_at: Some(now),
                    detail,
                    blocking,
                },
            )
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn monitoring(
        targets: usize,
        rules: usize,
        alertmanager: AlertmanagerStatus,
    ) -> MonitoringHealth {
        MonitoringHealth {
            targets_up: Some(targets),
            targets_down: Vec::new(),
            targets_unknown: 0,
            rules_total: Some(rules),
            rules_unhealthy: Vec::new(),
            alertmanager,
        }
    }

    fn states(monitoring: &MonitoringHealth) -> Vec<(String, CheckState)> {
        let inputs = Inputs {
            latency: None,
            scaling: None,
            security: None,
            alerts: &[],
            monitoring,
            slo: &Objectives::default(),
            now: Utc::now(),
        };
        let view = view(&inputs).expect("a view");
        view.checks
            .into_iter()
            .filter(|c| c.id.starts_with("ops-") && c.id != "ops-alertmanager")
            .map(|c| (c.id, c.state))
            .collect()
    }

    #[test]
    fn no_targets_and_no_rules_are_unknown_not_healthy() {
        let none = states(&monitoring(0, 0, AlertmanagerStatus::NotConfigured));
        assert!(
            none.iter().all(|(_, s)| *s == CheckState::Unknown),
            "an engine that lists nothing vouches for nothing: {none:?}"
        );
        let listed = states(&monitoring(3, 2, AlertmanagerStatus::NotConfigured));
        assert!(
            listed.iter().all(|(_, s)| *s == CheckState::Pass),
            "{listed:?}"
        );
        let mut starting = monitoring(0, 1, AlertmanagerStatus::NotConfigured);
        starting.targets_unknown = 2;
        let first = |m: &MonitoringHealth| states(m)[0].1;
        assert_eq!(
            first(&starting),
            CheckState::Unknown,
            "not scraped is not up"
        );
        starting.targets_down = vec![("node".into(), "refused".into())];
        assert_eq!(first(&starting), CheckState::Fail);
        let routed = states(&monitoring(0, 0, AlertmanagerStatus::Reachable));
        assert_eq!(
            routed.last(),
            Some(&("ops-critical-alerts".into(), CheckState::Pass)),
            "an Alertmanager can raise alerts from rules evaluated elsewhere"
        );
    }
}
