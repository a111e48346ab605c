//! Parameter checks: templated bounds, clamped defaults, flags that make a parameter required.

use super::*;

fn param(kind: ParamKind) -> Param {
    Param {
        name: "p".into(),
        description: String::new(),
        kind,
        required: true,
        default: None,
        secret: false,
        required_when: None,
        at_limit: None,
    }
}

#[test]
fn integers_respect_templated_bounds() {
    let mut context = Values::default();
    context.insert("row.max", Value::Integer(12));
    let p = param(ParamKind::Integer {
        min: Some("5".into()),
        max: Some("{row.max}".into()),
    });
    assert_eq!(p.validate("8", &context), Ok(Some(Value::Integer(8))));
    assert_eq!(p.validate("13", &context), Err("at most 12".into()));
    assert_eq!(p.validate("4", &context), Err("at least 5".into()));
    assert_eq!(p.validate("x", &context), Err("a whole number".into()));
    assert_eq!(p.validate(" ", &context), Err("required".into()));
}

fn scale_out_desired() -> Param {
    let mut p = param(ParamKind::Integer {
        min: Some("{row.desired+1}".into()),
        max: Some("{row.max}".into()),
    });
    p.default = Some("{row.desired+2}".into());
    p.at_limit = Some(AtLimit {
        message: "{row.name} is at its max ({row.max})".into(),
        runbook: "group-limits".into(),
    });
    p
}

fn group(desired: i64, max: i64) -> Values {
    let mut context = Values::default();
    context.insert("row.name", Value::Text("web".into()));
    context.insert("row.desired", Value::Integer(desired));
    context.insert("row.max", Value::Integer(max));
    context
}

#[test]
fn defaults_are_clamped_into_the_range_and_an_empty_range_names_the_remedy() {
    let p = scale_out_desired();
    assert_eq!(p.initial(&group(5, 12)), "7");
    assert_eq!(p.initial(&group(11, 12)), "12");
    assert_eq!(
        p.validate("12", &group(11, 12)),
        Ok(Some(Value::Integer(12)))
    );
    assert_eq!(p.at_limit_now(&group(11, 12)), None);
    // 12 of 12: 13..12 holds nothing; whatever is typed, the form says why and offers.
    let at_max = group(12, 12);
    let remedy = ("web is at its max (12)".to_string(), "group-limits");
    assert_eq!(p.at_limit_now(&at_max), Some(remedy.clone()));
    assert_eq!(p.validate("12", &at_max), Err(remedy.0));
}

#[test]
fn a_flag_makes_a_parameter_asked_for_and_required() {
    let mut p = param(ParamKind::String { pattern: None });
    p.required = false;
    p.required_when = Some(RequiredWhen {
        flag: "{fleet.primary_healthy}".into(),
        why: "{fleet.primary} is healthy".into(),
    });
    let mut context = Values::default();
    context.insert("fleet.primary", Value::Text("db-primary".into()));
    assert!(!p.shown(&context), "no flag: not asked for");
    context.insert("fleet.primary_healthy", Value::Boolean(true));
    assert!(p.shown(&context));
    assert_eq!(
        p.validate("", &context),
        Err("required: db-primary is healthy".into())
    );
    assert_eq!(
        p.validate("drill", &context),
        Ok(Some(Value::Text("drill".into())))
    );
    context.insert("fleet.primary_healthy", Value::Boolean(false));
    assert!(!p.shown(&context));
    assert_eq!(p.validate("", &context), Ok(None));
}

#[test]
fn strings_match_whole_patterns_and_secrets_stay_secret() {
    let context = Values::default();
    let mut p = param(ParamKind::String {
        pattern: Some("[a-z]+".into()),
    });
    assert!(p.validate("web", &context).is_ok());
    assert!(p.validate("web; rm", &context).is_err());
    p.secret = true;
    assert!(
        p.validate("abc", &context)
            .expect("ok")
            .expect("some")
            .is_secret()
    );
}

#[test]
fn enums_durations_booleans() {
    let context = Values::default();
    let choices = param(ParamKind::Enum {
        choices: vec!["a".into(), "b".into()],
    });
    assert!(choices.validate("c", &context).is_err());
    let d = param(ParamKind::Duration {
        min: Some(Duration::from_secs(60)),
        max: Some(Duration::from_secs(86_400)),
    });
    assert_eq!(
        d.validate("1h30m", &context),
        Ok(Some(Value::Duration(Duration::from_secs(5400))))
    );
    assert_eq!(d.validate("30s", &context), Err("between 1m and 1d".into()));
    assert!(d.validate("2x", &context).is_err());
    let b = param(ParamKind::Boolean);
    assert_eq!(b.validate("yes", &context), Ok(Some(Value::Boolean(true))));
}
