//! Decoding throughput of a 1,000-series × 1,000-point `query_range` response (~30 MB), the
//! largest answer a console panel asks for. Target: at least 300 MB/s in release.
//! Run: `cargo bench --bench decode -- --warm-up-time 1 --measurement-time 5`.

#[path = "support/query_range_body.rs"]
mod support;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use opsconsole::sources::prometheus::{QueryData, decode_query};

fn decode(c: &mut Criterion) {
    let body = support::query_range_body(1000, 1000);
    match decode_query(&body) {
        Ok(QueryData::Matrix(series)) => {
            assert_eq!(series.len(), 1000);
            assert!(series.iter().all(|s| s.points.len() == 1000));
        }
        other => panic!("the generated body must decode to a matrix: {other:?}"),
    }
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.sample_size(20);
    group.bench_function("query_range 1000x1000", |b| {
        b.iter(|| decode_query(black_box(&body)))
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
