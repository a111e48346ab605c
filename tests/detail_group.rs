//! A group's detail on the seeded demo (fixed clock): the same figures as the Scaling tab, an
//! instance list that agrees with the group's counts through a scale-out and a scale-in, what
//! limits scaling, and a clear answer once the group is gone.

mod common;

use chrono::Duration;
use opsconsole::app::detail::{Block, Detail, Document, Fact, Inputs, Missing, build};
use opsconsole::domain::detail::{IN_SERVICE, Kind, ScalingLimit, Subject};
use opsconsole::domain::runbook::FleetCommand;
use opsconsole::domain::{Cause, FleetSnapshot, ScalingGroup, Unit};
use opsconsole::sources::simulator::Simulator;

fn subject(name: &str) -> Subject {
    Subject::new(Kind::Group, name)
}

/// The snapshot with the detail the simulator task would add while `group/name` is open.
fn focused(simulator: &Simulator, name: &str) -> FleetSnapshot {
    let mut snapshot = simulator.snapshot();
    snapshot.detail = simulator.detail(&subject(name));
    snapshot
}

fn group_detail(snapshot: &FleetSnapshot, name: &str) -> opsconsole::app::detail::GroupDetail {
    let inputs = Inputs {
        snapshot: Some(snapshot),
        report: None,
    };
    match build(&inputs, &subject(name)) {
        Ok(Detail::Group(detail)) => detail,
        other => panic!("group/{name}: {other:?}"),
    }
}

fn tab_group<'a>(snapshot: &'a FleetSnapshot, name: &str) -> &'a ScalingGroup {
    let groups = &snapshot.scaling.as_ref().expect("scaling").groups;
    groups.iter().find(|g| g.name == name).expect("on the tab")
}

fn fact<'a>(document: &'a Document, section: &str, label: &str) -> &'a Fact {
    let section = document
        .sections
        .iter()
        .find(|s| s.title == section)
        .unwrap_or_else(|| panic!("no section {section}"));
    section
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Facts { facts } => facts.iter().find(|f| f.label == label),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no fact {label}"))
}

/// (in service, pending, terminating) as the detail lists them.
fn states(detail: &opsconsole::app::detail::GroupDetail) -> (usize, usize, usize) {
    let instances = detail
        .extras
        .as_ref()
        .and_then(|e| e.instances.as_ref())
        .expect("the simulator lists instances");
    let count = |state: &str| instances.iter().filter(|i| i.lifecycle == state).count();
    (count(IN_SERVICE), count("Pending"), count("Terminating"))
}

#[test]
fn the_detail_shows_the_tabs_figures_and_every_instance() {
    let simulator = common::simulator();
    for name in ["web", "worker"] {
        let snapshot = focused(&simulator, name);
        let detail = group_detail(&snapshot, name);
        let tab = tab_group(&snapshot, name);
        assert_eq!(&detail.group, tab, "the tab's row, not a recomputation");
        let document = detail.document();
        let cpu = fact(&document, "Now", "CPU");
        assert_eq!(cpu.value, Unit::Percent.text(tab.cpu_percent));
        assert_eq!(cpu.health, Some(tab.cpu_health()));
        assert_eq!(
            fact(&document, "Now", "in service").value,
            tab.in_service.to_string()
        );
        let extras = detail.extras.as_ref().expect("fetched while focused");
        assert_eq!(extras.in_service(), Some(tab.in_service as usize));
        let instances = extras.instances.as_ref().expect("listed");
        let mut ids: Vec<&str> = instances.iter().map(|i| i.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), instances.len(), "ids are unique");
        assert!(
            instances
                .iter()
                .all(|i| i.instance_type == tab.instance_type)
        );
        assert_eq!(tab.unhealthy, None, "the model runs no health checks");
        assert!(
            instances.iter().all(|i| i.healthy.is_none()),
            "unknown, not healthy"
        );
        let in_zone = |zone: &str| instances.iter().filter(|i| i.zone == zone).count();
        let spread: Vec<usize> = ["us-east-1a", "us-east-1b", "us-east-1c"]
            .map(in_zone)
            .to_vec();
        assert!(
            spread.iter().max().unwrap_or(&0) - spread.iter().min().unwrap_or(&0) <= 1,
            "balanced over three zones: {spread:?}"
        );
        let provenance = &snapshot.detail.as_ref().expect("detail").provenance;
        assert!(
            provenance
                .iter()
                .any(|p| p.figure == format!("group.{name}.cpu")),
            "{provenance:?}"
        );
        let cpu_history = extras.cpu.as_ref().expect("recorded");
        assert_eq!(cpu_history.values.len(), 360, "6 h of minutes");
    }
    // The same seed gives the same instances.
    let again = focused(&common::simulator(), "web");
    assert_eq!(again.detail, focused(&simulator, "web").detail);
}

#[test]
fn limits_and_alarms_follow_the_model() {
    let simulator = common::simulator();
    let snapshot = focused(&simulator, "web");
    let web = group_detail(&snapshot, "web");
    // The quiet hour: web sits at its minimum of 5 with CPU under the scale-in line.
    assert_eq!(web.group.desired, 5);
    assert!(web.limits.contains(&ScalingLimit::AtMin { min: 5 }));
    let cpu = web.group.cpu_percent.expect("cpu");
    let alarms = web
        .extras
        .as_ref()
        .and_then(|e| e.alarms.clone())
        .expect("alarms");
    let names: Vec<&str> = alarms.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["web-cpu-high", "web-memory-high", "web-cpu-low"]);
    let low = &alarms[2];
    assert_eq!(low.condition(), "CPUUtilization < 50 for 5m");
    assert_eq!(low.state, if cpu < 50.0 { "ALARM" } else { "OK" });
    assert_eq!(alarms[0].state, if cpu > 75.0 { "ALARM" } else { "OK" });

    let worker = group_detail(&focused(&simulator, "worker"), "worker");
    assert_eq!(worker.limits, [ScalingLimit::NoPolicy]);
    let worker_extras = worker.extras.as_ref().expect("extras");
    assert_eq!(
        worker_extras.alarms,
        Some(Vec::new()),
        "no policy, no alarms"
    );
    assert_eq!(worker_extras.cooldown_remaining, None);
}

fn set_desired(simulator: &mut Simulator, desired: u32) {
    simulator
        .apply(FleetCommand::SetDesiredCapacity {
            group: "web".into(),
            desired,
            expect: None,
        })
        .expect("within limits");
}

#[test]
fn instances_follow_a_scale_out_and_a_scale_in() {
    let mut simulator = common::simulator();
    let before = group_detail(&focused(&simulator, "web"), "web");
    set_desired(&mut simulator, 8);
    let launching = group_detail(&focused(&simulator, "web"), "web");
    assert_eq!(states(&launching), (5, 3, 0));
    assert_eq!(launching.group.in_service, 5);
    assert!(
        launching
            .limits
            .contains(&ScalingLimit::Launching { pending: 3 })
    );
    assert!(launching.limits.contains(&ScalingLimit::Cooldown {
        remaining: Duration::minutes(3)
    }));

    // 75 s to boot, seen at the next 10 s step.
    simulator.advance(Duration::seconds(80));
    let out = group_detail(&focused(&simulator, "web"), "web");
    assert_eq!(states(&out), (8, 0, 0));
    assert_eq!(out.group.in_service, 8);
    let event = &out.activities[0];
    assert_eq!((event.from, event.to, &event.cause), (5, 8, &Cause::Manual));
    assert_eq!(event.provisioning_time(), Some(Duration::seconds(80)));
    assert_eq!(
        out.extras.as_ref().and_then(|e| e.cooldown_remaining),
        Some(Duration::seconds(100))
    );

    set_desired(&mut simulator, 6);
    let scaled_in = group_detail(&focused(&simulator, "web"), "web");
    assert_eq!(states(&scaled_in), (6, 0, 2));
    assert_eq!(scaled_in.group.in_service, 6);
    simulator.advance(Duration::seconds(90));
    let after = group_detail(&focused(&simulator, "web"), "web");
    assert_eq!(
        states(&after),
        (6, 0, 0),
        "terminated instances leave the list"
    );
    let ids = |d: &opsconsole::app::detail::GroupDetail| -> Vec<String> {
        let instances = d.extras.as_ref().and_then(|e| e.instances.clone());
        instances
            .unwrap_or_default()
            .into_iter()
            .map(|i| i.id)
            .collect()
    };
    let (first, last) = (ids(&before), ids(&after));
    assert!(
        first.iter().all(|id| last.contains(id)),
        "the newest went first: {first:?} {last:?}"
    );
}

#[test]
fn a_group_that_is_gone_says_so_and_lists_those_there_are() {
    let simulator = common::simulator();
    let mut snapshot = focused(&simulator, "worker");
    if let Some(scaling) = snapshot.scaling.as_mut() {
        scaling.groups.retain(|g| g.name != "worker");
    }
    let inputs = Inputs {
        snapshot: Some(&snapshot),
        report: None,
    };
    let missing = build(&inputs, &subject("worker")).expect_err("deleted");
    assert_eq!(
        missing,
        Missing::NotFound {
            kind: "group",
            name: "worker".into(),
            known: vec!["web".into()],
        }
    );
    assert_eq!(simulator.detail(&subject("nope")), None);
}
