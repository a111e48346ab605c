//! Laying the AWS parts over a Prometheus snapshot: done once per source update (not per
//! frame), on the store's side. The base is the demo fleet's full snapshot, the parts are 50
//! cloud groups with 50 events, a cost view and a security view.
//! Run: `cargo bench --no-default-features --bench merge -- --warm-up-time 1 --measurement-time 5`.

use std::hint::black_box;

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use opsconsole::domain::FleetSnapshot;
use opsconsole::sources::simulator::{Simulator, SimulatorConfig};

fn parts(base: &FleetSnapshot) -> FleetSnapshot {
    let mut scaling = base.scaling.clone().expect("the demo has groups");
    let template = scaling.groups[0].clone();
    scaling.groups = (0..50)
        .map(|i| {
            let mut group = template.clone();
            group.name = format!("asg-{i}");
            group
        })
        .collect();
    let event = scaling
        .events
        .first()
        .cloned()
        .expect("the demo has events");
    scaling.events = vec![event; 50];
    FleetSnapshot {
        scaling: Some(scaling),
        cost: base.cost.clone(),
        security: base.security.clone(),
        ..FleetSnapshot::empty(base.taken_at)
    }
}

fn merge(c: &mut Criterion) {
    let start = Utc
        .with_ymd_and_hms(2026, 11, 18, 15, 0, 0)
        .single()
        .expect("time");
    let base = Simulator::new(SimulatorConfig::new(42, start)).snapshot();
    let over = parts(&base);
    let mut merged = base.clone();
    merged.overlay(&over);
    assert_eq!(
        merged.scaling.as_ref().map(|s| s.groups.len()),
        Some(52),
        "50 cloud groups before the demo's two"
    );
    c.bench_function("overlay 50 cloud groups on the demo snapshot", |b| {
        b.iter(|| {
            let mut merged = black_box(&base).clone();
            merged.overlay(black_box(&over));
            merged
        })
    });
}

criterion_group!(benches, merge);
criterion_main!(benches);
