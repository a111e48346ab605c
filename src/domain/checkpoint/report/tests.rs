use super::*;
use crate::domain::checkpoint::criterion::Aggregation;

fn p99() -> Criterion {
    Criterion {
        name: "P99 latency".into(),
        query: None,
        denominator: None,
        figure: Some("service.api.p99_ms".into()),
        denominator_figure: None,
        aggregation: Aggregation::Average,
        comparator: Comparator::Below,
        target: 475.0,
        scale: 1.0,
        unit: "ms".into(),
        owner: "sre".into(),
        blocking: true,
    }
}

fn week(n: u32) -> IsoWeek {
    IsoWeek::new(2026, n).expect("week")
}

#[test]
fn this_week_last_week_and_delta() {
    let history = [
        (week(46), Measurement::value(Some(490.0))),
        (week(47), Measurement::value(Some(480.0))),
        (week(48), Measurement::value(Some(470.0))),
    ];
    let r = CriterionResult::new(&p99(), "service.api.p99_ms", &history);
    assert_eq!(
        (r.this_week, r.last_week, r.delta),
        (Some(470.0), Some(480.0), Some(-10.0))
    );
    assert_eq!((r.verdict, r.last_verdict), (Verdict::Met, Verdict::Missed));
    assert_eq!(r.improved(), Some(true), "lower latency is better");
    assert_eq!(r.history.len(), 3);
    assert_eq!(r.history[2].week, "2026-W48");
}

#[test]
fn missing_data_is_unknown_and_fails_a_blocking_criterion() {
    let history = [
        (week(47), Measurement::value(Some(470.0))),
        (week(48), Measurement::unknown("query failed: timeout")),
    ];
    let r = CriterionResult::new(&p99(), "q", &history);
    assert_eq!((r.verdict, r.delta), (Verdict::Unknown, None));
    assert_eq!(r.note.as_deref(), Some("query failed: timeout"));
    let summary = Summary::of(&[r]);
    assert_eq!((summary.met, summary.unknown), (0, 1));
    assert_eq!(summary.blocking_failed, ["P99 latency"]);
    assert_eq!(summary.headline(), "0 of 1 met · 0 missed · 1 unknown");
}

#[test]
fn alerts_count_by_severity_most_severe_first() {
    let alert = |name: &str, severity: &str| FiredAlert {
        name: name.into(),
        severity: severity.into(),
    };
    let summary = AlertSummary::of(
        vec![
            alert("B", "warning"),
            alert("A", "critical"),
            alert("B", "warning"),
            alert("C", "warning"),
        ],
        None,
    );
    let counts: Vec<(&str, usize)> = summary
        .by_severity
        .iter()
        .map(|c| (c.severity.as_str(), c.count))
        .collect();
    assert_eq!(counts, [("critical", 1), ("warning", 2)]);
    assert_eq!(summary.alerts.len(), 3);
}

/// The demo's case: the step ended last week with the criterion missed; this week it is met.
/// The row and the phase step read the same per-week verdicts, and the step says its week.
#[test]
fn one_verdict_per_week_for_the_row_and_the_phase_step() {
    use crate::domain::checkpoint::phase::{PhasePlan, PhaseStep};
    let history = [
        (week(48), Measurement::value(Some(480.0))),
        (week(49), Measurement::value(Some(470.0))),
    ];
    let r = CriterionResult::new(&p99(), "q", &history);
    assert_eq!(r.verdict, Verdict::Met);
    assert_eq!(r.verdict_in("2026-W49"), r.verdict, "the row's verdict");
    assert_eq!(r.verdict_in("2026-W48"), Verdict::Missed);
    assert_eq!(
        r.verdict_in("2026-W40"),
        Verdict::Unknown,
        "a week the history does not reach is not this week's verdict"
    );
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).expect("date");
    let plan = PhasePlan {
        name: "p".into(),
        start: day(23),
        end: None,
        steps: vec![PhaseStep {
            name: "Load testing".into(),
            days: 5,
            start: None,
            owner: "sre".into(),
            criteria: vec!["P99 latency".into()],
        }],
    };
    let status = plan.status(day(30) + chrono::Duration::days(3), |_, on| {
        Some(r.verdict_in(&IsoWeek::containing(on).to_string()))
    });
    assert_eq!(
        status.steps[0].failing,
        ["P99 latency (missed in 2026-W48)"]
    );
}
