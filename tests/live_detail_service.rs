//! `describe service/api` against a real Prometheus backfilled with a day of `simulate history`
//! and scraping `simulate serve`: the per-route figures come from the `route` label and equal
//! Prometheus's own answer to the same PromQL, and the service's p99 its answer to the tab's.
//! And the running source asks the detail's queries only while a service is open.

mod common;
mod fault_server;
mod stack;

use std::path::Path;

use opsconsole::domain::detail::{Extras, Kind, ServiceExtras, Subject};
use opsconsole::domain::slo::Objective;
use opsconsole::sources::prometheus::detail::ServiceQueries;
use opsconsole::sources::prometheus::settings::PrometheusSettings;
use serde_json::Value;
use stack::figures::close;
use stack::{Options, Stack, http};

fn settings(config: &Path) -> PrometheusSettings {
    let args = opsconsole::cli::ConsoleArgs {
        config: Some(config.to_path_buf()),
        env: Some("lab".into()),
        ..Default::default()
    };
    let loaded = opsconsole::config::load_with(&args, &opsconsole::config::LoadEnv::default())
        .expect("the lab config loads");
    let environment = loaded.settings.selected_environment().expect("lab");
    let opsconsole::config::SourceConfig::Prometheus(settings) = &environment.source else {
        panic!("lab is a Prometheus environment");
    };
    (**settings).clone()
}

/// Prometheus's own answer to `promql` now: (label `by`'s value, value) per series.
fn ask(stack: &Stack, promql: &str, by: &str) -> Vec<(String, f64)> {
    let path = format!("/api/v1/query?query={}", http::encode(promql));
    let (status, body) = http::get(&stack.prometheus_url, &path);
    assert_eq!(status, 200, "{promql}: {body}");
    let json: Value = serde_json::from_str(&body).expect("json");
    json["data"]["result"]
        .as_array()
        .expect("a vector")
        .iter()
        .map(|s| {
            let label = s["metric"][by].as_str().unwrap_or_default().to_string();
            let value = s["value"][1]
                .as_str()
                .expect("a value")
                .parse()
                .expect("a number");
            (label, value)
        })
        .collect()
}

#[test]
fn describe_service_reads_routes_from_the_route_label() {
    let stack = Stack::start(Options {
        history_days: 1,
        ..Options::default()
    });
    stack.wait_for_scrape();
    let config = stack.config("1s", "");
    let settings = settings(&config);
    let subject = Subject::new(Kind::Service, "api");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let snapshot = runtime
        .block_on(opsconsole::sources::describe_prometheus(
            &settings,
            Some(&subject),
        ))
        .expect("one poll with the detail");
    let detail = snapshot.detail.as_ref().expect("the service's detail");
    assert_eq!(detail.subject, subject);
    let Extras::Service(ServiceExtras {
        endpoints,
        availability_sli,
        latency_sli,
        p50_ms,
        budget_remaining,
        ..
    }) = &detail.extras
    else {
        panic!("service extras");
    };
    let queries = ServiceQueries::new("api", &Objective::default());
    assert!(
        detail
            .provenance
            .iter()
            .any(|p| p.from == queries.route_rps),
        "provenance is the PromQL: {:?}",
        detail.provenance
    );
    let endpoints = endpoints.as_ref().expect("routes from the route label");
    let mut routes: Vec<&str> = endpoints.iter().map(|e| e.route.as_str()).collect();
    routes.sort_unstable();
    assert_eq!(
        routes,
        [
            "GET /v1/health",
            "GET /v1/orders",
            "GET /v1/search",
            "POST /v1/orders"
        ]
    );
    let rps = ask(&stack, &queries.route_rps, "route");
    let p99 = ask(&stack, &queries.route_p99, "route");
    for e in endpoints {
        let own = |answer: &[(String, f64)]| {
            answer
                .iter()
                .find(|(r, _)| *r == e.route)
                .map(|(_, v)| *v)
                .unwrap_or_else(|| panic!("Prometheus has {}", e.route))
        };
        let what = format!("{} req/s", e.route);
        close(
            e.requests_per_second.expect("a rate"),
            own(&rps),
            0.03,
            &what,
        );
        let what = format!("{} p99", e.route);
        close(e.p99_ms.expect("a p99"), own(&p99) * 1000.0, 0.03, &what);
        assert!(e.error_ratio.is_some_and(|r| (0.0..0.05).contains(&r)));
    }
    // The service's p99 is the tab's row, Prometheus's answer to the tab's query.
    let row = snapshot
        .latency
        .as_ref()
        .and_then(|l| l.services.iter().find(|s| s.name == "api"))
        .expect("api's row");
    let tab = "histogram_quantile(0.99, sum by (le, service) (rate(http_request_duration_seconds_bucket[5m])))";
    let own = ask(&stack, tab, "service");
    let api = own.iter().find(|(s, _)| s == "api").expect("api").1 * 1000.0;
    close(row.p99_ms.expect("a p99"), api, 0.03, "api p99");
    // The routes' requests are the service's, split: their rates add up to the tab's.
    let summed: f64 = endpoints.iter().filter_map(|e| e.requests_per_second).sum();
    close(
        summed,
        row.requests_per_second.expect("rps"),
        0.03,
        "routes' sum",
    );
    assert!(availability_sli.is_some_and(|a| (0.99..=1.0).contains(&a)));
    assert!(latency_sli.is_some_and(|l| (0.9..=1.0).contains(&l)));
    let p50 = p50_ms.as_ref().expect("a p50 history");
    assert!(p50.values.iter().filter(|v| v.is_finite()).count() > 60);
    let budget = budget_remaining.as_ref().expect("a budget history");
    assert!(budget.last().is_some_and(|b| b <= 1.0));
}

/// The running source against a server that answers every query with nothing: the per-route
/// queries go out while `service/api` is open, each interval, and stop when it closes.
#[test]
fn the_source_asks_only_while_a_service_is_open() {
    const EMPTY: &str = r#"{"status":"success","data":{"resultType":"vector","result":[]}}"#;
    const MATRIX: &str = r#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#;
    let (url, requests) = fault_server::serve(|r| {
        let range = r.head.contains("query_range");
        fault_server::response("200 OK", if range { MATRIX } else { EMPTY })
    });
    let dir = stack::scratch_dir("detail-focus");
    let config = stack::lab_config(&dir, &url, None, "interval = \"1s\"\n");
    let (tx, _updates) = tokio::sync::mpsc::channel(64);
    let (focus, watching) = tokio::sync::watch::channel(None);
    let source = opsconsole::sources::start_prometheus(&settings(&config), tx, watching)
        .expect("the source starts");
    let routes_asked = |wait: std::time::Duration| {
        std::thread::sleep(wait);
        requests
            .try_iter()
            .filter(|r| r.body.contains("http_route_requests_total"))
            .count()
    };
    let second = std::time::Duration::from_secs(1);
    assert_eq!(
        routes_asked(3 * second),
        0,
        "nothing open: no detail queries"
    );
    focus
        .send(Some(Subject::new(Kind::Service, "api")))
        .expect("the source watches");
    // Rate and errors by route, once at opening and once more each 1 s interval.
    assert!(routes_asked(3 * second) >= 4, "open: asked each interval");
    focus.send(None).expect("the source watches");
    let _ = routes_asked(second / 2);
    assert_eq!(
        routes_asked(3 * second),
        0,
        "closed: no more detail queries"
    );
    source.stop();
    let _ = std::fs::remove_dir_all(&dir);
}
