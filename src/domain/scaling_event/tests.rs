use chrono::{DateTime, Duration, TimeZone, Utc};

use super::*;

fn at(second: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .single()
        .unwrap_or_default()
        + Duration::seconds(second)
}

/// An event starting at `start`, breached `delay` s before, in service `provisioning` s after.
fn event(
    (from, to): (u32, u32),
    cause: Cause,
    start: i64,
    delay: Option<i64>,
    completion: Option<i64>,
) -> ScalingEvent {
    ScalingEvent {
        group: "web".into(),
        at: at(start),
        from,
        to,
        reason: String::new(),
        cause,
        trigger: delay.map(|d| Trigger {
            at: at(start - d),
            basis: TriggerBasis::Breach,
        }),
        done: completion.map(|c| at(start + c)),
    }
}

fn policy() -> Cause {
    Cause::Automatic {
        policy: "web step policy".into(),
    }
}

fn seconds(s: f64) -> Duration {
    #[allow(clippy::cast_possible_truncation)]
    Duration::milliseconds((s * 1000.0) as i64)
}

#[test]
fn an_event_has_a_trigger_delay_and_a_provisioning_time() {
    let out = event((5, 7), policy(), 600, Some(130), Some(75));
    assert_eq!(out.direction(), Direction::Out);
    assert_eq!(out.trigger_delay(), Some(Duration::seconds(130)));
    assert_eq!(out.provisioning_time(), Some(Duration::seconds(75)));
    assert_eq!(out.removal_time(), None, "a scale-out removes nothing");
    let pending = event((5, 7), policy(), 600, Some(130), None);
    assert_eq!(pending.provisioning_time(), None);
    let scale_in = event((7, 6), policy(), 900, Some(300), Some(0));
    assert_eq!(scale_in.direction(), Direction::In);
    assert_eq!(scale_in.provisioning_time(), None);
    assert_eq!(scale_in.removal_time(), Some(Duration::zero()));
}

#[test]
fn automatic_manual_and_scale_in_timings_are_kept_apart() {
    let events = [
        event((5, 7), policy(), 0, Some(120), Some(75)),
        event((7, 9), policy(), 1000, Some(200), Some(90)),
        event((9, 11), policy(), 2000, Some(150), Some(80)),
        event((11, 12), policy(), 3000, Some(130), Some(75)),
        // Still launching: counted, not timed.
        event((12, 14), policy(), 4000, Some(125), None),
        event((14, 20), Cause::Manual, 5000, None, Some(600)),
        event((20, 19), policy(), 6000, Some(300), Some(0)),
        event((19, 18), Cause::Manual, 7000, None, Some(0)),
        event((18, 25), Cause::Unknown, 8000, None, Some(1)),
    ];
    let timings = ScalingTimings::of(&events, "test");
    assert_eq!(
        timings.since,
        Some(at(0)),
        "the window starts with the oldest"
    );
    // Trigger delays 120, 125, 130, 150, 200: p50 the middle one; p95 at rank 0.95 × 4 = 3.8,
    // 150 + 0.8 × 50 = 190.
    let automatic = timings.automatic;
    assert_eq!(automatic.events, 5);
    let trigger = automatic.trigger_delay.expect("trigger delays");
    assert_eq!(
        (trigger.p50, trigger.p95, trigger.samples),
        (seconds(130.0), seconds(190.0), 5)
    );
    // Provisioning 75, 75, 80, 90: p50 at rank 1.5 = 77.5; p95 at rank 2.85 = 80 + 0.85 × 10.
    let provisioning = automatic.completion.expect("provisioning times");
    assert_eq!(
        (provisioning.p50, provisioning.p95, provisioning.samples),
        (seconds(77.5), seconds(88.5), 4)
    );
    let manual = timings.manual;
    assert_eq!((manual.events, manual.trigger_delay), (1, None));
    assert_eq!(
        manual.completion.map(|p| (p.p50, p.p95)),
        Some((seconds(600.0), seconds(600.0)))
    );
    let unattributed = timings.unattributed;
    assert_eq!(
        (unattributed.events, unattributed.completion.map(|p| p.p50)),
        (1, Some(seconds(1.0)))
    );
    let scale_in = timings.scale_in;
    assert_eq!(scale_in.events, 2, "the automatic and the manual scale-in");
    assert_eq!(
        scale_in.trigger_delay.map(|p| (p.p50, p.samples)),
        Some((seconds(300.0), 1))
    );
    assert_eq!(
        scale_in.completion.map(|p| (p.p95, p.samples)),
        Some((Duration::zero(), 2))
    );
}

#[test]
fn no_events_have_no_percentiles() {
    let timings = ScalingTimings::of(&[], "test");
    assert_eq!(timings.automatic, Timings::default());
    assert_eq!(Percentiles::of([]), None);
}

#[test]
fn a_policy_slower_than_the_target_rules_it_out() {
    let reason = unreachable_trigger_delay(Duration::minutes(2), Comparator::AtMost, 30.0);
    assert_eq!(
        reason.as_deref(),
        Some(
            "out of reach of the policy: it acts after 120 s above its threshold (its \
             evaluation period), so no trigger delay is <= 30 s"
        )
    );
    assert_eq!(
        unreachable_trigger_delay(Duration::seconds(30), Comparator::AtMost, 30.0),
        None,
        "30 s is within <= 30 s"
    );
}
