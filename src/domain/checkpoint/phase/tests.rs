use super::*;

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("date")
}

fn plan() -> PhasePlan {
    let step = |name: &str, days, criteria: &[&str]| PhaseStep {
        name: name.into(),
        days,
        start: None,
        owner: "platform".into(),
        criteria: criteria.iter().map(|c| (*c).to_string()).collect(),
    };
    PhasePlan {
        name: "Optimization and scaling".into(),
        start: date(11, 16),
        end: None,
        steps: vec![
            step("Auto-scaling", 5, &["Scaling response"]),
            step("Security", 5, &["Security score"]),
            step("Monitoring", 5, &[]),
            step("Cost", 4, &[]),
            step("Validation", 5, &["Readiness"]),
        ],
    }
}

#[test]
fn steps_follow_each_other_and_late_means_a_criterion_not_met() {
    let status = plan().status(date(11, 26), |name, _| match name {
        "Scaling response" => Some(Verdict::Missed),
        "Security score" => Some(Verdict::Met),
        _ => Some(Verdict::Unknown),
    });
    assert_eq!(status.days, 24);
    assert_eq!(status.end, date(12, 9));
    assert_eq!((status.day, status.days_left), (11, 13));
    let states: Vec<StepState> = status.steps.iter().map(|s| s.state).collect();
    use StepState::{Done, InProgress, Late, Upcoming};
    assert_eq!(states, [Late, Done, InProgress, Upcoming, Upcoming]);
    assert_eq!(
        status.steps[0].failing,
        ["Scaling response (missed in 2026-W47)"],
        "judged on its last day, in an earlier week"
    );
    assert_eq!(
        (status.steps[1].start, status.steps[1].end),
        (date(11, 21), date(11, 25))
    );
}

#[test]
fn a_step_is_done_only_when_its_criteria_are_met() {
    let status = plan().status(date(12, 20), |_, _| Some(Verdict::Met));
    assert!(status.steps.iter().all(|s| s.state == StepState::Done));
    assert_eq!((status.day, status.days_left), (24, 0));
    let unknown = plan().status(date(12, 20), |_, _| None);
    assert_eq!(
        unknown.steps[0].state,
        StepState::Late,
        "a criterion that is not defined is not met"
    );
    assert_eq!(
        unknown.steps[2].state,
        StepState::Done,
        "no criteria: done when its days are over"
    );
}

#[test]
fn a_finished_step_is_judged_on_its_last_day() {
    // Scaling response was met while the first step ran (to 20 Nov), missed since.
    let status = plan().status(date(12, 2), |_, day| {
        Some(if day <= date(11, 20) {
            Verdict::Met
        } else {
            Verdict::Missed
        })
    });
    assert_eq!(status.steps[0].state, StepState::Done);
    assert_eq!(
        status.steps[1].state,
        StepState::Late,
        "ended 25 Nov, missed then"
    );
}

#[test]
fn rejects_empty_and_inconsistent_plans() {
    let mut p = plan();
    p.end = Some(date(11, 20));
    assert!(
        p.validate()
            .expect_err("ends early")
            .contains("before its last step")
    );
    p.end = None;
    p.steps[1].start = Some(date(11, 1));
    assert!(
        p.validate()
            .expect_err("backwards")
            .contains("before the phase")
    );
    p.steps[1].start = None;
    p.steps[0].days = 1_000_000;
    assert!(p.validate().expect_err("huge").contains("1 to 3650"));
    p.steps.clear();
    assert!(p.validate().is_err());
}
