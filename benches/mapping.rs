//! Mapping answers of 10,000, 50,000 and 100,000 series into a snapshot: every latency panel
//! and the certificate panel answered with one series per service. Mapping must grow
//! linearly (it was quadratic: 20,000 series took 104 s). Figures in BENCHMARKS.md.
//! Run: `cargo bench --bench mapping -- --warm-up-time 1 --measurement-time 5`.

#[path = "support/vector_body.rs"]
mod support;

use std::hint::black_box;
use std::time::Duration;

use chrono::{DateTime, Utc};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use opsconsole::sources::prometheus::mapping::snapshot;
use opsconsole::sources::prometheus::records::{Clients, JobData};
use opsconsole::sources::prometheus::settings::{AuthSpec, EndpointSpec, PrometheusSettings};
use opsconsole::sources::prometheus::{Poller, PrometheusClient, QueryData, decode_query, panels};

const PANELS: [&str; 8] = [
    "latency-p50",
    "latency-p90",
    "latency-p95",
    "latency-p99",
    "latency-rps",
    "latency-errors",
    "latency-first-sample",
    "security-certificates",
];

fn poller(services: usize) -> Poller {
    let endpoint = EndpointSpec {
        url: "http://127.0.0.1:9".into(),
        auth: AuthSpec::None,
        ca_file: None,
        insecure: false,
        timeout: Duration::from_secs(1),
        max_body_bytes: 64 << 20,
    };
    let slo = opsconsole::domain::slo::Objectives::default();
    let settings = PrometheusSettings {
        prometheus: endpoint.clone(),
        alertmanager: None,
        interval: Duration::from_secs(5),
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
        alertmanager: None,
    };
    let mut poller = Poller::new(settings, clients);
    let at = now();
    for (salt, id) in PANELS.iter().enumerate() {
        let Ok(QueryData::Vector(samples)) = decode_query(&support::vector_body(services, salt))
        else {
            panic!("the generated body decodes to a vector");
        };
        let position = poller.settings.panels.iter().position(|p| &p.id == id);
        let job = poller.panel_jobs[position.expect("a default panel")];
        poller.records[job].data = JobData::Instant(samples);
        poller.records[job].last_success = Some(at);
    }
    poller
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-02T14:00:00Z")
        .expect("valid")
        .into()
}

fn mapping(c: &mut Criterion) {
    let mut group = c.benchmark_group("mapping");
    group.sample_size(10);
    for services in [10_000, 50_000, 100_000] {
        let poller = poller(services);
        let mapped = snapshot(&poller, now());
        let latency = mapped.latency.expect("a latency view");
        assert_eq!(latency.services.len() + latency.omitted, services);
        assert_eq!(latency.services.len(), PrometheusSettings::DEFAULT_MAX_ROWS);
        group.throughput(Throughput::Elements((services * PANELS.len()) as u64));
        group.bench_with_input(BenchmarkId::new("snapshot", services), &poller, |b, p| {
            b.iter(|| snapshot(black_box(p), now()))
        });
        let body = support::vector_body(services, 0);
        group.bench_with_input(BenchmarkId::new("decode", services), &body, |b, body| {
            b.iter(|| decode_query(black_box(body)))
        });
    }
    group.finish();
}

criterion_group!(benches, mapping);
criterion_main!(benches);
