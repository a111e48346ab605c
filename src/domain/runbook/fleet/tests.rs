use super::*;

fn identity(t: &str) -> Result<String, String> {
    Ok(t.to_string())
}

#[test]
fn counts_limits_and_process_names_are_checked_when_planned() {
    let limits = FleetAction::UpdateGroupLimits {
        group: "web".into(),
        min: "9".into(),
        max: "6".into(),
        expect_min: None,
        expect_max: None,
    };
    assert_eq!(limits.resolve(identity), Err("min 9 is above max 6".into()));
    let suspend = FleetAction::SuspendProcesses {
        group: "web".into(),
        processes: vec!["Launch".into(), "Lunch".into()],
    };
    let error = suspend.resolve(identity).expect_err("a typo is refused");
    assert!(error.starts_with("unknown process \"Lunch\""), "{error}");
    let desired = FleetAction::SetDesiredCapacity {
        group: "web".into(),
        desired: "7".into(),
        expect: Some("5".into()),
    };
    let command = desired.resolve(identity).expect("resolves");
    assert_eq!(
        command.call(),
        "set-desired-capacity group=web desired=7 if-desired-is=5"
    );
}

#[test]
fn a_moved_group_or_a_desired_beyond_its_limits_is_refused() {
    let command = FleetCommand::SetDesiredCapacity {
        group: "web".into(),
        desired: 7,
        expect: Some(5),
    };
    let size = |desired, max| GroupSize {
        desired,
        min: 5,
        max,
    };
    assert_eq!(command.check(size(5, 12)), Ok(()));
    let moved = command.check(size(6, 12)).expect_err("moved");
    assert!(moved.contains("desired is now 6, not 5"), "{moved}");
    let beyond = command.check(size(5, 6)).expect_err("above max");
    assert!(beyond.contains("outside web's limits 5-6"), "{beyond}");
}

#[test]
fn limits_that_moved_since_the_plan_are_refused() {
    let action = FleetAction::UpdateGroupLimits {
        group: "web".into(),
        min: "2".into(),
        max: "8".into(),
        expect_min: Some("1".into()),
        expect_max: Some("5".into()),
    };
    let command = action.resolve(identity).expect("resolves");
    assert_eq!(
        command.call(),
        "update-group-limits group=web min=2 max=8 if-min-is=1 if-max-is=5"
    );
    let limits = |min, max| GroupSize {
        desired: 3,
        min,
        max,
    };
    assert_eq!(command.check(limits(1, 5)), Ok(()));
    assert_eq!(
        command.check(limits(1, 6)),
        Err("web max is now 6, not 5 as planned: its limits changed since; plan again".into())
    );
    let both = command.check(limits(0, 6)).expect_err("both moved");
    assert!(
        both.starts_with("web min is now 0, not 1 and max is now 6, not 5"),
        "{both}"
    );
}
