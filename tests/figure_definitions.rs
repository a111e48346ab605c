//! Cost vs baseline, readiness and the security figures, defined once: for one seeded fleet at
//! one fixed clock, the tab, the Checkpoint tab, `check` and the weekly report show the same
//! text for each, with the same verdict.

mod checkpoint_support;
mod common;

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;
use opsconsole::app::{AppState, CheckpointView, Topic};
use opsconsole::checkpoint::{CheckpointSettings, Inputs, Recorder, Source, check, weekly_report};
use opsconsole::domain::checkpoint::format;
use opsconsole::domain::checkpoint::{CriterionResult, IsoWeek, Verdict};
use opsconsole::domain::cost::RUN_RATE_WINDOW;
use opsconsole::sources::simulator::{Simulator, SimulatorConfig};

use common::{SEED, draw, state_with, text};

/// Mid-month, so the record and the live fleet replay the same month.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 18, 3, 0, 0)
        .single()
        .expect("valid time")
}

fn demo_inputs() -> Inputs {
    let settings = CheckpointSettings::default();
    let mut recorder = Recorder::for_demo(SEED, now(), 1, &settings).expect("recorder");
    recorder.advance_to(now());
    Inputs {
        environment: "demo".into(),
        source: Source::Simulator(recorder.into_record()),
        settings: Arc::new(settings),
        audit_file: None,
        demo: true,
    }
}

fn find<'a>(results: &'a [CriterionResult], name: &str) -> &'a CriterionResult {
    results
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no criterion {name:?}"))
}

fn screen(state: &mut AppState) -> String {
    text(&draw(state, 200, 50, false))
}

#[test]
fn the_tabs_the_checkpoint_check_and_the_report_show_one_value_per_figure() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let inputs = demo_inputs();
    let (checked, _) = runtime.block_on(check(&inputs, now(), Duration::days(7)));
    let week = IsoWeek::at(now(), Tz::UTC);
    let report = runtime.block_on(weekly_report(&inputs, week, now()));
    let snapshot = Simulator::new(SimulatorConfig::new(SEED, now())).snapshot();
    let mut checkpoint = state_with(snapshot.clone(), Topic::Checkpoint);
    checkpoint.checkpoint.view = CheckpointView::Ready {
        report: Box::new(report.clone()),
        at: now(),
    };
    let checkpoint_screen = screen(&mut checkpoint);

    // (criterion, its tab, what the tab shows, what `check` shows, verdict): the values are the
    // seeded fleet's, hand-checked in the unit tests of each definition.
    let rows = [
        (
            "Cost vs baseline",
            Topic::Cost,
            "Cost vs baseline -1.4% ",
            "-1.364 %",
            Verdict::Missed,
        ),
        (
            "Security score",
            Topic::Security,
            "Security score 88.3% (target >= 85%: met)",
            "88.26 %",
            Verdict::Met,
        ),
        (
            "Critical/high vulns",
            Topic::Security,
            "Open critical and high 5 (target 0: missed)",
            "5 open",
            Verdict::Missed,
        ),
        (
            "Readiness checks",
            Topic::Readiness,
            "45 of 54 applicable passing (83.3%)",
            "83.33 %",
            Verdict::Missed,
        ),
    ];
    for (name, tab, on_tab, on_check, verdict) in rows {
        let checked = find(&checked, name);
        let weekly = find(&report.criteria, name);
        assert_eq!(
            format::value(checked, checked.this_week),
            on_check,
            "{name}: check"
        );
        assert_eq!(
            weekly.this_week, checked.this_week,
            "{name}: report and check"
        );
        assert_eq!(
            (checked.verdict, weekly.verdict),
            (verdict, verdict),
            "{name}"
        );
        let bare = format::bare(weekly, weekly.this_week);
        assert!(
            checkpoint_screen.contains(&bare),
            "{name}: the Checkpoint tab shows {bare}:\n{checkpoint_screen}"
        );
        let tab_screen = screen(&mut state_with(snapshot.clone(), tab));
        assert!(
            tab_screen.contains(on_tab),
            "{name}: the {tab:?} tab shows {on_tab}:\n{tab_screen}"
        );
    }
    // One window, named on the tab and beside the checkpoint's figure.
    let cost = find(&report.criteria, "Cost vs baseline");
    assert!(
        cost.definition
            .as_deref()
            .is_some_and(|d| d.contains(RUN_RATE_WINDOW)),
        "{:?}",
        cost.definition
    );
    let cost_tab = screen(&mut state_with(snapshot.clone(), Topic::Cost));
    assert!(cost_tab.contains(RUN_RATE_WINDOW), "{cost_tab}");
    let security = screen(&mut state_with(snapshot, Topic::Security));
    assert!(
        security.contains("Security not met: score met, open critical and high missed"),
        "a score at target with highs open is not met:\n{security}"
    );
}
