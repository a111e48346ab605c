//! Mapping from decoded answers to views, with real-shaped samples and no server.

use std::time::Duration;

use chrono::{TimeZone, Utc};

use super::snapshot;
use crate::domain::{AlertState, Policy, Topic};
use crate::sources::prometheus::jobs::Request;
use crate::sources::prometheus::records::{Clients, JobData};
use crate::sources::prometheus::settings::{AuthSpec, EndpointSpec, PrometheusSettings};
use crate::sources::prometheus::{
    AlertmanagerClient, AmAlert, AmState, InstantSample, Poller, PromAlert, PrometheusClient,
    panels,
};

/// When the answers arrive and the view is made: fixed, so no test depends on the clock.
fn answered_at() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 18, 10, 15, 0)
        .single()
        .expect("time")
}

fn labels(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut labels: Vec<_> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect();
    labels.sort();
    labels
}

pub(super) fn sample(pairs: &[(&str, &str)], value: f64) -> InstantSample {
    InstantSample {
        labels: labels(pairs),
        value,
    }
}

pub(super) fn poller() -> Poller {
    let endpoint = EndpointSpec {
        url: "http://127.0.0.1:9".into(),
        auth: AuthSpec::None,
        ca_file: None,
        insecure: false,
        timeout: Duration::from_secs(1),
        max_body_bytes: 1 << 20,
    };
    let slo = crate::domain::slo::Objectives::default();
    let settings = PrometheusSettings {
        prometheus: endpoint.clone(),
        alertmanager: Some(endpoint.clone()),
        interval: Duration::from_secs(2),
        concurrency: 4,
        panels: panels::defaults(&slo),
        slo,
        monthly_budget: 6_600.0,
        monthly_baseline: 6_600.0,
        max_rows: PrometheusSettings::DEFAULT_MAX_ROWS,
    };
    let config = endpoint.resolve().expect("no secrets");
    let clients = Clients {
        prometheus: PrometheusClient::new(&config).expect("client"),
        alertmanager: Some(AlertmanagerClient::new(&config).expect("client")),
    };
    Poller::new(settings, clients)
}

pub(super) fn answer(poller: &mut Poller, panel: &str, samples: Vec<InstantSample>) {
    let position = poller
        .settings
        .panels
        .iter()
        .position(|p| p.id == panel)
        .expect("panel");
    let job = poller.panel_jobs[position];
    poller.records[job].data = JobData::Instant(samples);
    poller.records[job].last_success = Some(answered_at());
}

fn answer_api(poller: &mut Poller, request: &Request, data: JobData) {
    let job = poller
        .jobs
        .iter()
        .position(|j| &j.request == request)
        .expect("job");
    poller.records[job].data = data;
    poller.records[job].last_success = Some(answered_at());
}

#[test]
fn latency_scaling_and_security_from_standard_series() {
    let mut poller = poller();
    answer(
        &mut poller,
        "latency-p99",
        vec![
            sample(&[("service", "api")], 0.512),
            sample(&[("service", "web")], f64::NAN),
        ],
    );
    answer(
        &mut poller,
        "latency-errors",
        vec![sample(&[("service", "api")], 0.0004)],
    );
    answer(
        &mut poller,
        "latency-burn-windows",
        vec![sample(&[("service", "api"), ("window", "1h")], 0.015)],
    );
    // api's first sample 12 days before the answer; its 30-day window has 12 days of history.
    let first = answered_at() - chrono::Duration::days(12);
    answer(
        &mut poller,
        "latency-first-sample",
        vec![sample(&[("service", "api")], first.timestamp() as f64)],
    );
    let hpa = |metric: &str, value: f64| {
        sample(
            &[("__name__", metric), ("horizontalpodautoscaler", "web")],
            value,
        )
    };
    answer(
        &mut poller,
        "scaling-hpa",
        vec![
            hpa("kube_horizontalpodautoscaler_spec_min_replicas", 5.0),
            hpa("kube_horizontalpodautoscaler_spec_max_replicas", 12.0),
            hpa("kube_horizontalpodautoscaler_status_current_replicas", 7.0),
            hpa("kube_horizontalpodautoscaler_status_desired_replicas", 9.0),
            sample(
                &[
                    (
                        "__name__",
                        "kube_horizontalpodautoscaler_spec_target_metric",
                    ),
                    ("horizontalpodautoscaler", "web"),
                    ("metric_name", "cpu"),
                ],
                75.0,
            ),
            sample(
                &[
                    ("__name__", "kube_horizontalpodautoscaler_info"),
                    ("horizontalpodautoscaler", "web"),
                    ("scaletargetref_name", "web-app"),
                ],
                1.0,
            ),
        ],
    );
    answer(
        &mut poller,
        "scaling-deployments",
        vec![
            sample(
                &[
                    ("__name__", "kube_deployment_spec_replicas"),
                    ("deployment", "web-app"),
                ],
                9.0,
            ),
            sample(
                &[
                    ("__name__", "kube_deployment_spec_replicas"),
                    ("deployment", "worker"),
                ],
                14.0,
            ),
            sample(
                &[
                    ("__name__", "kube_deployment_status_replicas_available"),
                    ("deployment", "worker"),
                ],
                13.0,
            ),
        ],
    );
    answer(
        &mut poller,
        "security-vulnerabilities",
        vec![
            sample(&[("severity", "CRITICAL")], 2.0),
            sample(&[("severity", "High")], 3.0),
        ],
    );
    let view = snapshot(&poller, answered_at());

    let latency = view.latency.expect("latency");
    let api = latency
        .services
        .iter()
        .find(|s| s.name == "api")
        .expect("api");
    assert!(
        (api.p99_ms.expect("p99") - 512.0).abs() < 1e-9,
        "seconds become ms"
    );
    // A 1.5 % error ratio over 1 h against the default 0.1 % budget: 15×.
    assert_eq!((api.error_ratio, api.burn("6h")), (Some(0.0004), None));
    assert!((api.burn("1h").expect("1h burn") - 15.0).abs() < 1e-9);
    assert_eq!(api.window_label(), "30 d window (12 d of history)");
    let web = latency
        .services
        .iter()
        .find(|s| s.name == "web")
        .expect("web listed");
    assert_eq!(web.p99_ms, None, "NaN is missing, not zero");

    let scaling = view.scaling.expect("scaling");
    let names: Vec<_> = scaling.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        names,
        ["web", "worker"],
        "the HPA's target deployment is not listed twice"
    );
    let group = &scaling.groups[0];
    assert_eq!(
        (group.in_service, group.desired, group.min, group.max),
        (7, 9, 5, 12)
    );
    assert_eq!(
        group.policy,
        Policy::TargetTracking {
            cpu_percent: Some(75.0),
            memory_percent: None
        }
    );
    assert_eq!(
        (
            scaling.groups[1].in_service,
            scaling.groups[1].policy.clone()
        ),
        (13, Policy::Fixed)
    );

    let security = view.security.expect("security");
    let counts = security.vulnerabilities.expect("counts");
    assert_eq!(
        (counts.critical, counts.high),
        (2, 3),
        "severity matched case-insensitively"
    );
    assert_eq!(security.score_percent, None);
    assert!(
        view.cost.is_none(),
        "no cost panel answered: no view, not a zero bill"
    );
}

#[test]
fn alertmanager_decides_silenced_prometheus_adds_pending() {
    let mut poller = poller();
    let at = Utc
        .with_ymd_and_hms(2026, 11, 24, 8, 0, 0)
        .single()
        .expect("time");
    let prom = |name: &str, state| PromAlert {
        labels: labels(&[("alertname", name), ("severity", "critical")]),
        annotations: labels(&[("summary", "s")]),
        state,
        active_at: Some(at),
        value: None,
    };
    answer_api(
        &mut poller,
        &Request::PrometheusAlerts,
        JobData::PrometheusAlerts(vec![
            prom(
                "ApiLatencyP99High",
                crate::sources::prometheus::AlertState::Firing,
            ),
            prom(
                "CostBudgetBurn",
                crate::sources::prometheus::AlertState::Pending,
            ),
        ]),
    );
    answer_api(
        &mut poller,
        &Request::AlertmanagerAlerts,
        JobData::AlertmanagerAlerts(vec![AmAlert {
            labels: labels(&[
                ("alertname", "ApiLatencyP99High"),
                ("severity", "critical"),
                ("cluster", "eu"),
            ]),
            annotations: Vec::new(),
            starts_at: Some(at),
            state: AmState::Suppressed,
            silenced_by: vec!["abc".into()],
            inhibited_by: Vec::new(),
            fingerprint: "f".into(),
        }]),
    );
    let alerts = snapshot(&poller, at).alerts;
    assert_eq!(
        alerts.len(),
        2,
        "the firing alert is listed once: {alerts:?}"
    );
    let latency = alerts
        .iter()
        .find(|a| a.name == "ApiLatencyP99High")
        .expect("listed");
    assert_eq!(
        (latency.state, latency.topic),
        (AlertState::Silenced, Some(Topic::Latency))
    );
    let cost = alerts
        .iter()
        .find(|a| a.name == "CostBudgetBurn")
        .expect("listed");
    assert_eq!(
        (cost.state, cost.topic),
        (AlertState::Pending, Some(Topic::Cost))
    );
}

#[test]
fn cost_from_hourly_rates_projects_a_partial_month_from_its_daily_average() {
    let mut poller = poller();
    let now = Utc
        .with_ymd_and_hms(2026, 11, 24, 10, 0, 0)
        .single()
        .expect("time");
    let position = poller
        .settings
        .panels
        .iter()
        .position(|p| p.id == "cost-month")
        .expect("panel");
    let job = poller.panel_jobs[position];
    let JobData::Range(buffer) = &mut poller.records[job].data else {
        panic!("a range job")
    };
    // $10 an hour, but the data only starts on the 21st.
    let first = Utc
        .with_ymd_and_hms(2026, 11, 21, 1, 0, 0)
        .single()
        .expect("time")
        .timestamp();
    #[allow(clippy::cast_precision_loss)]
    let points: Vec<(f64, f64)> = (0..81).map(|h| ((first + h * 3600) as f64, 10.0)).collect();
    #[allow(clippy::cast_precision_loss)]
    let end = now.timestamp() as f64;
    buffer.merge(
        end,
        vec![crate::sources::prometheus::RangeSeries {
            labels: labels(&[("instance_type", "t3.large")]),
            points,
        }],
    );
    poller.records[job].last_success = Some(now);
    let cost = snapshot(&poller, now).cost.expect("cost");
    assert!(
        (cost.month_to_date - 810.0).abs() < 1e-9,
        "81 hours at $10: {}",
        cost.month_to_date
    );
    assert_eq!(cost.daily.len(), 4, "Nov 21–24");
    assert!(
        (cost.forecast_month_end.expect("forecast") - 240.0 * 30.0).abs() < 1e-9,
        "daily average × 30 days"
    );
    assert!(
        cost.forecast_method.contains("data only since Nov 21"),
        "{}",
        cost.forecast_method
    );
    assert_eq!(cost.by_service[0].service, "nodes t3.large");
    // The run rate is the mean of the hourly points of the last 7 days, as the criterion's
    // `avg_over_time(...[7d:1h])`: $10 × 730 h against $6,600 is 7300 / 6600 − 1 = +10.61 %.
    assert_eq!(cost.hourly_average_7d, Some(10.0));
    let vs = cost.vs_baseline_percent().expect("a run rate");
    assert!((vs - (7300.0 / 6600.0 - 1.0) * 100.0).abs() < 1e-9, "{vs}");
    assert_eq!(cost.last_month, None, "no day of October in the data");
}
