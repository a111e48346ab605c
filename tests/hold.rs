//! Holds on the autoscaler, on the simulated fleet: the policy does not scale a held group in
//! and does once the hold ends by itself; a release ends it early; the header names the hold.
//! Runbooks with holds (plan warning, audit) are in hold_run.rs.

mod common;
mod exec_support;

use chrono::{DateTime, Duration, Utc};
use common::{draw, lines, simulator, state_with};
use exec_support::web;
use opsconsole::app::Topic;
use opsconsole::domain::runbook::FleetCommand;
use opsconsole::domain::scaling::Hold;
use opsconsole::sources::simulator::Simulator;

/// Quiet night after the surge, web back at 5 (min 5); set to 9 by hand and held for 30 min.
fn held_at_night() -> (Simulator, DateTime<Utc>) {
    let mut sim = simulator();
    let incident = sim.incidents()[0].clone();
    sim.advance(incident.end - sim.now() + Duration::minutes(40));
    assert_eq!(web(&sim.snapshot()).desired, 5);
    sim.apply(FleetCommand::SetDesiredCapacity {
        group: "web".into(),
        desired: 9,
        expect: Some(5),
    })
    .expect("within limits");
    let answer = sim
        .apply(FleetCommand::HoldScaling {
            group: "web".into(),
            min: 9,
            lasting: std::time::Duration::from_secs(30 * 60),
        })
        .expect("held");
    let until = sim.now() + Duration::minutes(30);
    assert_eq!(
        answer,
        format!(
            "web held until {}: min 5 → 9, restored to 5 then",
            until.format("%Y-%m-%d %H:%M UTC")
        )
    );
    (sim, until)
}

#[test]
fn the_policy_leaves_a_held_group_alone_and_scales_it_in_once_the_hold_ends() {
    let (mut sim, until) = held_at_night();
    // Without the hold the policy scales in after 5 quiet minutes (simulator_model.rs).
    sim.advance(Duration::minutes(29) + Duration::seconds(50));
    let held = web(&sim.snapshot());
    assert!(
        held.cpu_percent.is_some_and(|c| c < 50.0),
        "quiet: {held:?}"
    );
    assert_eq!(
        (held.desired, held.min, held.hold),
        (9, 9, Hold::Until(until))
    );
    sim.advance(Duration::seconds(20));
    let snapshot = sim.snapshot();
    let released = web(&snapshot);
    assert_eq!((released.min, released.hold), (5, Hold::Free));
    assert_eq!(
        released.desired, 8,
        "scaled in by one step as the hold ended"
    );
    let scale_in = &snapshot.scaling.expect("scaling").events[0];
    assert!(scale_in.reason.contains("< 50%"), "{}", scale_in.reason);
    assert_eq!(
        scale_in.at, until,
        "at the first step at or after the hold's end"
    );
}

#[test]
fn a_hold_released_early_restores_the_minimum_and_a_second_release_is_refused() {
    let (mut sim, _) = held_at_night();
    let release = FleetCommand::ReleaseHold {
        group: "web".into(),
    };
    assert_eq!(
        sim.apply(release.clone()).expect("released"),
        "web hold released: min 9 → 5"
    );
    assert_eq!(web(&sim.snapshot()).hold, Hold::Free);
    let again = sim.apply(release).expect_err("nothing to release");
    assert_eq!(again.to_string(), "web has no hold");
}

#[test]
fn the_header_names_the_hold_at_80_columns_and_keeps_the_tabs() {
    let (sim, until) = held_at_night();
    let mut state = state_with(sim.snapshot(), Topic::Scaling);
    let until = until.format("%H:%M");
    let header = lines(&draw(&mut state, 200, 24, false)).remove(0);
    assert!(
        header.contains(&format!("scaling held on web until {until}")),
        "{header}"
    );
    // At 80 columns the short tab names stay; the hold takes its short form, before the clock.
    let header = lines(&draw(&mut state, 80, 24, false)).remove(0);
    assert!(
        header.trim_end().ends_with(&format!("web held to {until}")),
        "{header}"
    );
    for tab in ["1 Scale", "2 Lat", "6 Check"] {
        assert!(header.contains(tab), "{header}");
    }
    let unheld = simulator().snapshot();
    let mut state = state_with(unheld, Topic::Scaling);
    let header = lines(&draw(&mut state, 200, 24, false)).remove(0);
    assert!(!header.contains("held"), "{header}");
}
