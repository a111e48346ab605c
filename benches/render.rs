//! Full-frame render time of each tab at 80×24 and 200×50, on the demo fleet and on a
//! 1,000-service fleet, and of each kind's detail view with its extras (and the rebuild a
//! source update costs it). Target: under 1 ms per frame. Run: `cargo bench --bench render`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use opsconsole::app::{Action, Message, Topic, detail, table, update};
use opsconsole::domain::FleetSnapshot;
use opsconsole::sources::simulator::{Simulator, SimulatorConfig};
use opsconsole::ui::{self, RenderContext};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn demo_snapshot() -> FleetSnapshot {
    let start = Utc
        .with_ymd_and_hms(2026, 11, 18, 14, 0, 0)
        .single()
        .expect("valid time");
    Simulator::new(SimulatorConfig::new(42, start)).snapshot()
}

/// The demo fleet with every list grown to about a thousand rows.
fn large_snapshot() -> FleetSnapshot {
    let mut snapshot = demo_snapshot();
    let grow = |n: usize| (0..1000).map(move |i| i % n.max(1));
    if let Some(latency) = snapshot.latency.as_mut() {
        let base = latency.services.clone();
        latency.services = grow(base.len())
            .enumerate()
            .map(|(i, b)| {
                let mut s = base[b].clone();
                s.name = format!("svc-{i:04}");
                s
            })
            .collect();
    }
    if let Some(cost) = snapshot.cost.as_mut() {
        let base = cost.by_service.clone();
        cost.by_service = grow(base.len()).map(|b| base[b].clone()).collect();
    }
    if let Some(security) = snapshot.security.as_mut() {
        let base = security.certificates.clone();
        security.certificates = grow(base.len()).map(|b| base[b].clone()).collect();
    }
    if let Some(readiness) = snapshot.readiness.as_mut() {
        let base = readiness.checks.clone();
        readiness.checks = grow(base.len()).map(|b| base[b].clone()).collect();
    }
    snapshot
}

fn bench_tabs(c: &mut Criterion) {
    let (theme, keymap) = (common::theme(), common::keymap());
    let context = RenderContext {
        theme: &theme,
        keymap: &keymap,
        ascii: false,
    };
    for (fleet, snapshot) in [
        ("demo", demo_snapshot()),
        ("1000-services", large_snapshot()),
    ] {
        for (width, height) in [(80, 24), (200, 50)] {
            let mut group = c.benchmark_group(format!("frame-{width}x{height}/{fleet}"));
            for tab in Topic::ALL {
                let mut state = common::state_with(snapshot.clone(), tab);
                let mut terminal =
                    Terminal::new(TestBackend::new(width, height)).expect("terminal");
                group.bench_function(tab.name(), |b| {
                    b.iter(|| {
                        terminal
                            .draw(|frame| ui::render(frame, &mut state, &context))
                            .expect("draw");
                        black_box(terminal.backend().buffer().area);
                    });
                });
            }
            group.finish();
        }
    }
}

/// The first row of each tab opened, its extras from the simulator, the cursor an hour back.
fn bench_details(c: &mut Criterion) {
    let (theme, keymap) = (common::theme(), common::keymap());
    let context = RenderContext {
        theme: &theme,
        keymap: &keymap,
        ascii: false,
    };
    let simulator = Simulator::new(SimulatorConfig::new(
        42,
        Utc.with_ymd_and_hms(2026, 11, 18, 14, 0, 0)
            .single()
            .expect("time"),
    ));
    let tabs = [
        Topic::Scaling,
        Topic::Latency,
        Topic::Cost,
        Topic::Security,
        Topic::Readiness,
    ];
    for (width, height) in [(80, 24), (200, 50)] {
        let mut group = c.benchmark_group(format!("detail-{width}x{height}"));
        for tab in tabs {
            let mut state = common::state_with(simulator.snapshot(), tab);
            let subject = table::selected_subject(&state).expect("a row");
            let mut snapshot = simulator.snapshot();
            snapshot.detail = simulator.detail(&subject);
            state = common::state_with(snapshot, tab);
            update(&mut state, Message::User(Action::Open));
            for _ in 0..12 {
                update(&mut state, Message::User(Action::CursorLeft));
            }
            let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
            group.bench_function(subject.kind.name(), |b| {
                b.iter(|| {
                    terminal
                        .draw(|frame| ui::render(frame, &mut state, &context))
                        .expect("draw");
                    black_box(terminal.backend().buffer().area);
                });
            });
            if width == 80 {
                group.bench_function(format!("{}-rebuild", subject.kind.name()), |b| {
                    b.iter(|| detail::rebuild(black_box(&mut state)));
                });
            }
        }
        group.finish();
    }
}

fn bench_simulator(c: &mut Criterion) {
    let mut sim = Simulator::new(SimulatorConfig::new(
        42,
        Utc.with_ymd_and_hms(2026, 11, 18, 14, 0, 0)
            .single()
            .expect("time"),
    ));
    c.bench_function("simulator/advance-2s-and-snapshot", |b| {
        b.iter(|| {
            sim.advance(chrono::Duration::seconds(2));
            black_box(sim.snapshot());
        });
    });
}

criterion_group!(benches, bench_tabs, bench_details, bench_simulator);
criterion_main!(benches);
