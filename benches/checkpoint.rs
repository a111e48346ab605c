//! The weekly checkpoint on the demo: replaying nine weeks of the simulator (the first
//! evaluation of the tab, off the loop's thread), measuring every built-in criterion over the
//! 8-week history from that record (each later evaluation), and rendering the report.
//! Run: `cargo bench --bench checkpoint -- --warm-up-time 1 --measurement-time 5`.

use std::hint::black_box;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use opsconsole::checkpoint::{CheckpointSettings, Inputs, Recorder, Source, render, weekly_report};
use opsconsole::domain::checkpoint::IsoWeek;

fn checkpoint(c: &mut Criterion) {
    let now = Utc
        .with_ymd_and_hms(2026, 12, 2, 15, 0, 0)
        .single()
        .expect("time");
    let settings = CheckpointSettings::default();
    let mut group = c.benchmark_group("checkpoint");
    group.sample_size(10);
    group.bench_function("replay 8 weeks + this week of the demo", |b| {
        b.iter(|| Recorder::for_demo(42, black_box(now), 8, &settings))
    });
    let record = Recorder::for_demo(42, now, 8, &settings)
        .expect("a record")
        .into_record();
    let inputs = Inputs {
        environment: "demo".into(),
        source: Source::Simulator(record),
        settings: Arc::new(settings),
        audit_file: None,
        demo: true,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let week = IsoWeek::at(now, chrono_tz::Tz::UTC);
    let report = runtime.block_on(weekly_report(&inputs, week, now));
    assert_eq!(report.criteria.len(), 11);
    assert!(
        report.criteria.iter().all(|c| c.this_week.is_some()),
        "the demo measures every criterion"
    );
    group.bench_function("measure 11 criteria x 8 weeks", |b| {
        b.iter(|| runtime.block_on(weekly_report(&inputs, black_box(week), now)))
    });
    group.bench_function("render html", |b| {
        b.iter(|| render::html(black_box(&report)))
    });
    group.bench_function("render markdown", |b| {
        b.iter(|| render::markdown(black_box(&report)))
    });
    group.finish();
}

criterion_group!(benches, checkpoint);
criterion_main!(benches);
