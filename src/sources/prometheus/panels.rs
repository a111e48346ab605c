//! The built-in panels: PromQL over standard metric names, so a URL alone gives a useful
//! console. http_request_duration_seconds / http_requests_total (instrumentation libraries),
//! kube-state-metrics HPA and deployment series, OpenCost node costs, trivy-operator, and
//! blackbox_exporter certificates. A user panel with the same id replaces a built-in's query;
//! it must keep the labels the tab reads (`service`, `horizontalpodautoscaler`, …).

use std::time::Duration;

use super::settings::{PanelSpec, QueryKind};
use crate::domain::latency::BURN_WINDOWS;
use crate::domain::slo::Objectives;
use crate::domain::{Topic, Unit};

fn error_ratio(function: &str, window: &str) -> String {
    let errors =
        format!("sum by (service) ({function}(http_requests_total{{code=~\"5..\"}}[{window}]))");
    let all = format!("sum by (service) ({function}(http_requests_total[{window}]))");
    // A service without a single 5xx series has no error rate series at all: count it as 0.
    format!("({errors} or {all} * 0) / {all}")
}

fn quantile(q: &str, window: &str) -> String {
    format!(
        "histogram_quantile({q}, sum by (le, service) (rate(http_request_duration_seconds_bucket[{window}])))"
    )
}

struct Panel {
    id: &'static str,
    title: &'static str,
    tab: Topic,
    query: String,
    kind: QueryKind,
    unit: Unit,
    interval: Option<Duration>,
}

impl Panel {
    fn instant(
        id: &'static str,
        title: &'static str,
        tab: Topic,
        query: String,
        unit: Unit,
    ) -> Self {
        Self {
            id,
            title,
            tab,
            query,
            kind: QueryKind::Instant,
            unit,
            interval: None,
        }
    }

    fn range(mut self, span: chrono::Duration, step: chrono::Duration) -> Self {
        self.kind = QueryKind::Range { span, step };
        self
    }

    fn every(mut self, interval: Duration) -> Self {
        self.interval = Some(interval);
        self
    }

    fn into_spec(self) -> PanelSpec {
        PanelSpec {
            id: self.id.into(),
            title: self.title.into(),
            custom: false,
            tab: Some(self.tab),
            query: self.query,
            kind: self.kind,
            unit: self.unit,
            warn: None,
            critical: None,
            higher_is_better: false,
            target: None,
            interval: self.interval,
        }
    }
}

/// One series per window, labelled `window="…"`: error ratios only, so each service's
/// objective turns them into burn rates and budgets in the domain, not in PromQL.
fn windowed_error_ratios(windows: impl IntoIterator<Item = String>) -> String {
    windows
        .into_iter()
        .map(|w| {
            format!(
                "label_replace({}, \"window\", \"{w}\", \"\", \"\")",
                error_ratio("increase", &w)
            )
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

pub fn defaults(slo: &Objectives) -> Vec<PanelSpec> {
    use chrono::Duration as Span;
    let default = &slo.default;
    let budget = default.error_budget();
    let minute = Duration::from_secs(60);
    let burn_windows = windowed_error_ratios(BURN_WINDOWS.iter().map(|w| (*w).to_string()));
    let mut objective_windows: Vec<u32> = std::iter::once(default.window_days)
        .chain(slo.services.values().map(|o| o.window_days))
        .collect();
    objective_windows.sort_unstable();
    objective_windows.dedup();
    let slo_windows = windowed_error_ratios(objective_windows.iter().map(|d| format!("{d}d")));
    // The first hour of the longest window with a sample, as Unix time: how much history the
    // window has (the mapping subtracts it from now, so the answer holds still between polls).
    let first_sample = format!(
        "min_over_time(timestamp(count by (service) (http_requests_total))[{}d:1h])",
        slo.longest_window_days()
    );
    let hpa = "{__name__=~\"kube_horizontalpodautoscaler_(info|spec_min_replicas|spec_max_replicas|status_current_replicas|status_desired_replicas|spec_target_metric|status_target_metric)\"}";
    let replicas = "{__name__=~\"kube_horizontalpodautoscaler_status_(current|desired)_replicas\"}";
    let vulnerabilities = "sum by (severity) (trivy_image_vulnerabilities)";
    let node_cost = "sum by (instance_type) (node_total_hourly_cost)";
    let (lat, scl, cst, sec) = (Topic::Latency, Topic::Scaling, Topic::Cost, Topic::Security);
    let mut panels = vec![
        Panel::instant("latency-p50", "p50 latency", lat, quantile("0.5", "5m"), Unit::Seconds),
        Panel::instant("latency-p90", "p90 latency", lat, quantile("0.9", "5m"), Unit::Seconds),
        Panel::instant("latency-p95", "p95 latency", lat, quantile("0.95", "5m"), Unit::Seconds),
        Panel::instant("latency-p99", "p99 latency", lat, quantile("0.99", "5m"), Unit::Seconds),
        Panel::instant("latency-rps", "requests per second", lat, "sum by (service) (rate(http_requests_total[5m]))".into(), Unit::PerSecond),
        Panel::instant("latency-errors", "error ratio", lat, error_ratio("rate", "5m"), Unit::Ratio),
        Panel::instant("latency-burn-windows", "error ratio per burn-rate window (SRE Workbook)", lat, burn_windows, Unit::Ratio).every(Duration::from_secs(30)),
        Panel::instant("latency-slo-windows", "error ratio per objective window", lat, slo_windows, Unit::Ratio).every(5 * minute),
        Panel::instant("latency-first-sample", "first sample in the objective window (Unix time)", lat, first_sample, Unit::None).every(5 * minute),
        Panel::instant("latency-p99-fine", "p99 history (6 h)", lat, quantile("0.99", "5m"), Unit::Seconds).range(Span::hours(6), Span::minutes(1)),
        Panel::instant("latency-p99-coarse", "p99 history (7 d)", lat, quantile("0.99", "1h"), Unit::Seconds).range(Span::days(7), Span::hours(1)),
        Panel::instant("scaling-hpa", "autoscalers", scl, hpa.into(), Unit::Count),
        Panel::instant("scaling-deployments", "deployments", scl, "{__name__=~\"kube_deployment_(spec_replicas|status_replicas_available)\"}".into(), Unit::Count),
        Panel::instant("scaling-replicas-fine", "replicas (6 h)", scl, replicas.into(), Unit::Count).range(Span::hours(6), Span::minutes(1)),
        Panel::instant("scaling-replicas-coarse", "instances (7 d)", scl, "max by (horizontalpodautoscaler) (max_over_time(kube_horizontalpodautoscaler_status_current_replicas[1h]))".into(), Unit::Count).range(Span::days(7), Span::hours(1)),
        Panel::instant("cost-hourly", "cost per hour by instance type", cst, node_cost.into(), Unit::DollarsPerHour).every(minute),
        Panel::instant("cost-month", "hourly cost this month", cst, node_cost.into(), Unit::DollarsPerHour).range(Span::days(32), Span::hours(1)),
        Panel::instant("security-vulnerabilities", "vulnerabilities by severity", sec, vulnerabilities.into(), Unit::Count).every(minute),
        Panel::instant("security-vulnerability-trend", "vulnerabilities (14 d)", sec, vulnerabilities.into(), Unit::Count).range(Span::days(14), Span::days(1)),
        Panel::instant("security-score", "compliance score (trivy, computed)", sec, "100 * sum(trivy_cluster_compliance{status=\"Pass\"}) / sum(trivy_cluster_compliance)".into(), Unit::Percent).every(minute),
        Panel::instant("security-certificates", "certificate expiry", sec, "probe_ssl_last_chain_expiry_timestamp_seconds or probe_ssl_earliest_cert_expiry".into(), Unit::None).every(minute),
    ]
    .into_iter()
    .map(Panel::into_spec)
    .collect::<Vec<_>>();
    for panel in &mut panels {
        match panel.id.as_str() {
            "latency-p99" => {
                let target = default.latency_threshold_ms / 1000.0;
                panel.warn = Some(target * 0.9);
                panel.critical = Some(target);
                panel.target = Some(target);
            }
            "latency-errors" => {
                panel.warn = Some(budget / 2.0);
                panel.critical = Some(budget);
            }
            "security-score" => panel.higher_is_better = true,
            _ => {}
        }
    }
    panels
}

/// A user's `[[panels]]` entry: every field but the id is optional, so changing the query of
/// a built-in is one line; a new id needs at least a query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PanelOverride {
    pub id: String,
    pub title: Option<String>,
    pub tab: Option<Topic>,
    pub query: Option<String>,
    pub kind: Option<QueryKind>,
    pub unit: Option<Unit>,
    pub warn: Option<f64>,
    pub critical: Option<f64>,
    pub higher_is_better: Option<bool>,
    pub target: Option<f64>,
    pub interval: Option<Duration>,
}

/// Built-ins with the user's panels applied: a known id changes that panel, a new id adds one.
pub fn merged(slo: &Objectives, user: &[PanelOverride]) -> Result<Vec<PanelSpec>, String> {
    let mut panels = defaults(slo);
    for change in user {
        let position = panels.iter().position(|p| p.id == change.id);
        let mut panel = match position {
            Some(i) => panels[i].clone(),
            None => PanelSpec {
                id: change.id.clone(),
                title: change.id.clone(),
                custom: true,
                tab: None,
                query: change.query.clone().ok_or_else(|| {
                    format!(
                        "panel {:?} is not a built-in, so it needs a query",
                        change.id
                    )
                })?,
                kind: QueryKind::Instant,
                unit: Unit::None,
                warn: None,
                critical: None,
                higher_is_better: false,
                target: None,
                interval: None,
            },
        };
        apply(&mut panel, change);
        match position {
            Some(i) => panels[i] = panel,
            None => panels.push(panel),
        }
    }
    Ok(panels)
}

fn apply(panel: &mut PanelSpec, change: &PanelOverride) {
    let PanelOverride {
        id: _,
        title,
        tab,
        query,
        kind,
        unit,
        warn,
        critical,
        higher_is_better,
        target,
        interval,
    } = change.clone();
    panel.title = title.unwrap_or(std::mem::take(&mut panel.title));
    panel.tab = tab.or(panel.tab);
    panel.query = query.unwrap_or(std::mem::take(&mut panel.query));
    panel.kind = kind.unwrap_or(panel.kind.clone());
    panel.unit = unit.unwrap_or(panel.unit);
    panel.warn = warn.or(panel.warn);
    panel.critical = critical.or(panel.critical);
    panel.higher_is_better = higher_is_better.unwrap_or(panel.higher_is_better);
    panel.target = target.or(panel.target);
    panel.interval = interval.or(panel.interval);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_change_built_ins_and_add_panels() {
        let slo = Objectives::default();
        let user = [
            PanelOverride {
                id: "latency-p99".into(),
                query: Some("my_p99".into()),
                ..PanelOverride::default()
            },
            PanelOverride {
                id: "queue-depth".into(),
                tab: Some(Topic::Scaling),
                query: Some("sum(queue_depth)".into()),
                warn: Some(100.0),
                ..PanelOverride::default()
            },
        ];
        let panels = merged(&slo, &user).expect("valid");
        let p99 = panels.iter().find(|p| p.id == "latency-p99").expect("kept");
        assert_eq!(p99.query, "my_p99");
        assert_eq!(
            p99.critical,
            Some(0.475),
            "thresholds survive a query change"
        );
        let added = panels.last().expect("added");
        assert!(
            added.custom && !p99.custom,
            "only the user's own panel is custom"
        );
        assert_eq!(
            (added.id.as_str(), added.tab, added.warn),
            ("queue-depth", Some(Topic::Scaling), Some(100.0))
        );
        let missing = PanelOverride {
            id: "nothing".into(),
            ..PanelOverride::default()
        };
        assert!(merged(&slo, &[missing]).is_err());
    }

    #[test]
    fn error_ratios_are_one_query_over_every_window() {
        let mut slo = Objectives::default();
        let checkout = crate::domain::slo::Objective {
            window_days: 28,
            ..slo.default.clone()
        };
        slo.services.insert("checkout".into(), checkout);
        let panels = defaults(&slo);
        let query = |id: &str| {
            panels
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.query.clone())
                .expect("present")
        };
        for window in BURN_WINDOWS {
            assert!(
                query("latency-burn-windows").contains(&format!("\"window\", \"{window}\"")),
                "{window}"
            );
        }
        let objective_windows = query("latency-slo-windows");
        assert!(objective_windows.contains("[28d]") && objective_windows.contains("[30d]"));
        assert!(query("latency-first-sample").contains("[30d:1h]"));
        let ids: std::collections::BTreeSet<_> = panels.iter().map(|p| &p.id).collect();
        assert_eq!(ids.len(), panels.len(), "ids are unique");
    }
}
