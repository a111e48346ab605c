//! The simulated fleet behaves like the phase plan says: policy windows, limits, cooldown,
//! cost following instance count, an incident that breaks the latency target, 8+ days of history.

use chrono::{DateTime, Duration, TimeZone, Utc};
use opsconsole::domain::runbook::FleetCommand;
use opsconsole::domain::{
    Category, Cause, CheckState, DatabaseRole, FleetSnapshot, ScalingGroup, Trigger, TriggerBasis,
};
use opsconsole::sources::simulator::{Histogram, SimError, Simulator, SimulatorConfig};

/// 03:00 UTC on a Wednesday: quiet, so the web group sits at its minimum before the surge.
fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 18, 3, 0, 0)
        .single()
        .expect("valid time")
}

fn simulator() -> Simulator {
    Simulator::new(SimulatorConfig::new(42, start()))
}

fn web(snapshot: &FleetSnapshot) -> ScalingGroup {
    snapshot
        .scaling
        .as_ref()
        .expect("scaling")
        .groups
        .iter()
        .find(|g| g.name == "web")
        .expect("web group")
        .clone()
}

#[test]
fn starts_with_five_web_instances_within_limits() {
    let web = web(&simulator().snapshot());
    assert_eq!(
        (web.in_service, web.desired, web.min, web.max),
        (5, 5, 5, 12)
    );
    assert_eq!(web.instance_type, "t3.large");
}

#[test]
fn same_seed_same_fleet() {
    assert_eq!(simulator().snapshot(), simulator().snapshot());
    let other = Simulator::new(SimulatorConfig::new(7, start())).snapshot();
    assert_ne!(
        other.latency,
        simulator().snapshot().latency,
        "the seed matters"
    );
}

/// The web group's first automatic scale-out in the surge acts this long after the breach.
const TRIGGER_S: i64 = 120;

/// Walks the incident minute by minute, recording CPU and scaling decisions.
#[test]
fn policy_scales_out_after_two_minutes_respects_cooldown_and_max() {
    let mut sim = simulator();
    let incident = sim.incidents()[0].clone();
    sim.advance(incident.start - sim.now());
    let mut breach: Option<DateTime<Utc>> = None;
    for _ in 0..(25 * 6) {
        sim.advance(Duration::seconds(10));
        let snapshot = sim.snapshot();
        let web = web(&snapshot);
        assert!(web.desired <= 12 && web.in_service <= 12, "never above max");
        if breach.is_none() && web.cpu_percent.is_some_and(|c| c > 75.0) {
            breach = Some(snapshot.taken_at);
        }
    }
    let breach = breach.expect("the surge pushes CPU over 75%");
    let events = sim.snapshot().scaling.expect("scaling").events;
    let mut web_events: Vec<_> = events
        .iter()
        .filter(|e| e.group == "web" && e.at >= incident.start)
        .collect();
    web_events.reverse();
    let first = web_events.first().expect("a scale-out happened");
    assert!(first.to > first.from);
    let delay = first.at - breach;
    assert!(
        delay >= Duration::minutes(2) && delay <= Duration::minutes(2) + Duration::seconds(20),
        "scale-out {delay} after breach"
    );
    for pair in web_events.windows(2) {
        assert!(
            pair[1].at - pair[0].at >= Duration::minutes(3),
            "cooldown between {} and {}",
            pair[0].at,
            pair[1].at
        );
    }
    assert_eq!(
        first.cause,
        Cause::Automatic {
            policy: "web-scale-out".into()
        }
    );
    assert_eq!(
        first.trigger,
        Some(Trigger {
            at: breach,
            basis: TriggerBasis::Breach
        }),
        "the breach the test saw"
    );
    // The policy's 2-minute evaluation period; the 75 s launch, seen at the next 10 s step.
    assert_eq!(first.trigger_delay(), Some(Duration::seconds(TRIGGER_S)));
    assert_eq!(first.provisioning_time(), Some(Duration::seconds(80)));
    let timings = sim.snapshot().scaling.expect("scaling").timings;
    let trigger = timings.automatic.trigger_delay.expect("trigger delays");
    assert_eq!(trigger.p50, Duration::seconds(TRIGGER_S));
    assert_eq!(timings.manual.events, 0, "no one scaled by hand");
}

#[test]
fn scales_in_after_five_quiet_minutes() {
    let mut sim = simulator();
    let incident = sim.incidents()[0].clone();
    sim.advance(incident.end - sim.now() + Duration::minutes(40));
    assert_eq!(
        web(&sim.snapshot()).desired,
        5,
        "back at the minimum after the surge"
    );
    sim.apply(FleetCommand::SetDesiredCapacity {
        group: "web".into(),
        desired: 9,
        expect: None,
    })
    .expect("within limits");
    // At night CPU is well under 50% with 9 instances: the manual change restarts the policy's
    // windows, so scale-in needs 5 quiet minutes from it (which also covers the 3 min cooldown).
    sim.advance(Duration::minutes(4) + Duration::seconds(50));
    assert_eq!(
        web(&sim.snapshot()).desired,
        9,
        "no scale-in before 5 minutes below 50%"
    );
    sim.advance(Duration::seconds(20));
    let after = web(&sim.snapshot()).desired;
    assert!(after < 9, "scaled in after 5 minutes below 50%: {after}");
    let scaling = sim.snapshot().scaling.expect("scaling");
    let (scale_in, manual) = (&scaling.events[0], &scaling.events[1]);
    assert!(scale_in.reason.contains("< 50%"), "{}", scale_in.reason);
    assert_eq!(scale_in.trigger_delay(), Some(Duration::minutes(5)));
    assert_eq!(scale_in.removal_time(), Some(Duration::zero()));
    // The runbook's scale-out is manual: no trigger, its launch timed apart.
    assert_eq!((&manual.cause, manual.trigger), (&Cause::Manual, None));
    assert_eq!(manual.provisioning_time(), Some(Duration::seconds(80)));
    let provisioning = scaling
        .timings
        .manual
        .completion
        .expect("manual provisioning");
    assert_eq!(
        (provisioning.p95, provisioning.samples),
        (Duration::seconds(80), 1)
    );
}

#[test]
fn api_p99_breaks_the_target_during_the_surge() {
    let mut sim = simulator();
    let before = sim.snapshot().latency.expect("latency").services[0]
        .p99_ms
        .expect("p99");
    assert!(before < 475.0, "quiet hour p99 {before}");
    let incident = sim.incidents()[0].clone();
    sim.advance(incident.start - sim.now() + Duration::minutes(4));
    let snapshot = sim.snapshot();
    let api = &snapshot.latency.as_ref().expect("latency").services[0];
    assert_eq!(api.name, "api");
    assert!(api.p99_ms.expect("p99") > 475.0, "p99 {:?}", api.p99_ms);
    assert!(snapshot.alerts.iter().any(|a| a.name == "HighLatencyP99"));
    let readiness = snapshot.readiness.expect("readiness");
    let p99_check = readiness
        .checks
        .iter()
        .find(|c| c.name == "P99 under 475 ms")
        .expect("live p99 check");
    assert_eq!(p99_check.state, CheckState::Fail, "{}", p99_check.detail);
}

#[test]
fn cost_follows_instance_count() {
    let mut sim = simulator();
    let rate = |s: &Simulator| s.snapshot().cost.expect("cost").hourly_rate.expect("rate");
    let before = rate(&sim);
    sim.apply(FleetCommand::SetDesiredCapacity {
        group: "web".into(),
        desired: 8,
        expect: None,
    })
    .expect("within limits");
    sim.advance(Duration::seconds(10));
    let after = rate(&sim);
    assert!(
        (after - before - 3.0 * 0.1664).abs() < 1e-6,
        "three more t3.large: {before} → {after}"
    );
    sim.apply(FleetCommand::SetDesiredCapacity {
        group: "worker".into(),
        desired: 16,
        expect: None,
    })
    .expect("within limits");
    sim.advance(Duration::seconds(10));
    let worker = rate(&sim) - after;
    assert!(
        (worker - 2.0 * 0.34).abs() < 1e-6,
        "two more c5.2xlarge: +{worker}"
    );
    let cost = sim.snapshot().cost.expect("cost");
    assert!((cost.monthly_budget - 6600.0).abs() < f64::EPSILON);
    let forecast = cost.forecast_month_end.expect("forecast");
    assert!(
        cost.month_to_date > 0.0 && (5_800.0..6_600.0).contains(&forecast),
        "{forecast}"
    );
}

#[test]
fn commands_are_validated() {
    let mut sim = simulator();
    let refused = sim.apply(FleetCommand::SetDesiredCapacity {
        group: "web".into(),
        desired: 13,
        expect: None,
    });
    assert_eq!(
        refused,
        Err(SimError::Refused(
            "desired capacity 13 is outside web's limits 5-12; the console refuses it".into()
        ))
    );
    let moved = sim.apply(FleetCommand::SetDesiredCapacity {
        group: "web".into(),
        desired: 7,
        expect: Some(6),
    });
    assert!(
        matches!(&moved, Err(SimError::Refused(why)) if why.contains("desired is now 5, not 6")),
        "{moved:?}"
    );
    assert!(matches!(
        sim.apply(FleetCommand::SetDesiredCapacity {
            group: "nope".into(),
            desired: 6,
            expect: None,
        }),
        Err(SimError::UnknownGroup(_))
    ));
    let message = sim
        .apply(FleetCommand::FailoverReplica {
            replica: "db-replica-1".into(),
        })
        .expect("failover");
    assert!(message.contains("db-replica-1 promoted"));
    let databases = sim.snapshot().scaling.expect("scaling").databases;
    let role = |name: &str| databases.iter().find(|d| d.name == name).map(|d| d.role);
    assert_eq!(role("db-replica-1"), Some(DatabaseRole::Primary));
    assert_eq!(role("db-primary"), Some(DatabaseRole::Replica));
    let promote_primary = sim.apply(FleetCommand::FailoverReplica {
        replica: "db-replica-1".into(),
    });
    assert!(
        matches!(promote_primary, Err(SimError::UnknownReplica(_))),
        "only a replica can be promoted"
    );
}

#[test]
fn readiness_has_fifty_checks_in_every_category_and_history_spans_eight_days() {
    let snapshot = simulator().snapshot();
    let checks = snapshot.readiness.clone().expect("readiness").checks;
    assert!(checks.len() >= 50);
    for category in Category::ALL {
        assert!(
            checks.iter().any(|c| c.category == category),
            "{category:?}"
        );
    }
    let web = web(&snapshot);
    let covered =
        web.instances.coarse.step * i32::try_from(web.instances.coarse.values.len()).expect("len");
    assert!(covered >= Duration::days(8), "history covers {covered}");
    let daily = snapshot.cost.expect("cost").daily;
    assert!(
        daily.len() >= 9,
        "daily cost bars for 8+ days: {}",
        daily.len()
    );
}

/// Hand-computed: 10 observations ≤ 0.1 s, 30 ≤ 0.15 s, 40 in all (the rest ≤ 0.2 s).
/// p50 is rank 20, a third of the way into (0.1, 0.15] which holds ranks 10..30 → 0.125 s;
/// p90 is rank 36, 60 % into (0.15, 0.2] (ranks 30..40) → 0.18 s.
#[test]
fn histogram_quantile_interpolates_like_promql() {
    let bounds = Histogram::bounds();
    let cumulative: Vec<f64> = bounds
        .iter()
        .map(|&b| {
            let edges = [(0.1, 0.0), (0.15, 10.0), (0.2, 30.0)];
            edges
                .iter()
                .find(|(le, _)| b < *le)
                .map_or(40.0, |(_, n)| *n)
        })
        .chain([40.0])
        .collect();
    let h = Histogram { cumulative };
    for (q, expected) in [(0.5, 0.125), (0.9, 0.18)] {
        let got = h.quantile(q);
        assert!((got - expected).abs() < 1e-12, "q{q}: {got}");
    }
}

#[test]
fn history_has_a_past_incident_and_eight_days_of_p99() {
    let sim = simulator();
    assert!(
        sim.incidents()
            .iter()
            .any(|i| i.end < start() && i.start >= start() - Duration::days(8)),
        "a past incident in the history window"
    );
    let snapshot = sim.snapshot();
    let api = &snapshot.latency.as_ref().expect("latency").services[0];
    let coarse = &api.p99_history.coarse;
    assert!(coarse.step * i32::try_from(coarse.values.len()).expect("len") >= Duration::days(8));
    assert!(
        coarse.values.iter().any(|v| *v > 475.0),
        "the past surges show in the p99 history"
    );
    assert_eq!(api.p99_history.fine.values.len(), 6 * 60, "6 h of minutes");
}

#[test]
fn failover_resyncs_the_old_primary() {
    let mut sim = simulator();
    sim.apply(FleetCommand::FailoverReplica {
        replica: "db-replica-2".into(),
    })
    .expect("failover");
    let node = |s: &Simulator, name: &str| {
        s.snapshot()
            .scaling
            .expect("scaling")
            .databases
            .into_iter()
            .find(|d| d.name == name)
            .expect("node")
    };
    let old = node(&sim, "db-primary");
    assert!(!old.healthy && old.replication_lag_seconds.is_some_and(|l| l > 1.0));
    sim.advance(Duration::minutes(10));
    let old = node(&sim, "db-primary");
    assert!(old.healthy && old.replication_lag_seconds.is_some_and(|l| l < 1.0));
    assert_eq!(node(&sim, "db-replica-2").role, DatabaseRole::Primary);
}

#[test]
fn a_suspended_alarm_notification_stops_the_policy_and_resuming_restores_it() {
    let mut sim = simulator();
    sim.apply(FleetCommand::SuspendProcesses {
        group: "web".into(),
        processes: vec!["AlarmNotification".into()],
    })
    .expect("suspended");
    assert_eq!(web(&sim.snapshot()).suspended, ["AlarmNotification"]);
    let incident = sim.incidents()[0].clone();
    sim.advance(incident.start - sim.now() + Duration::minutes(10));
    assert_eq!(
        web(&sim.snapshot()).desired,
        5,
        "no scale-out while the policy's alarms are suspended"
    );
    sim.apply(FleetCommand::ResumeProcesses {
        group: "web".into(),
        processes: vec!["AlarmNotification".into()],
    })
    .expect("resumed");
    sim.advance(Duration::minutes(3));
    let after = web(&sim.snapshot());
    assert!(after.suspended.is_empty());
    assert!(
        after.desired > 5,
        "the surge scales it out again: {}",
        after.desired
    );
}

#[test]
fn new_limits_move_the_desired_capacity_inside_them() {
    let mut sim = simulator();
    let answer = sim
        .apply(FleetCommand::UpdateGroupLimits {
            group: "web".into(),
            min: 7,
            max: 10,
            expect_min: Some(5),
            expect_max: Some(12),
        })
        .expect("updated");
    assert_eq!(answer, "web limits 5-12 → 7-10 (desired 7)");
    let web = web(&sim.snapshot());
    assert_eq!((web.min, web.max, web.desired), (7, 10, 7));
}
