use super::*;

fn criterion(text: &str) -> Result<Criterion, String> {
    let c: Criterion = toml::from_str(text).map_err(|e| e.to_string())?;
    c.validate().map(|()| c)
}

const P99: &str = r#"
    name = "P99 latency"
    figure = "service.api.p99_ms"
    aggregation = "quantile(0.5)"
    comparator = "<"
    target = 475
    unit = "ms"
"#;

#[test]
fn parses_a_criterion_and_judges_values() {
    let c = criterion(P99).expect("valid");
    assert_eq!(c.aggregation, Aggregation::Quantile(0.5));
    assert_eq!(c.judge(Some(470.0)), Verdict::Met);
    assert_eq!(c.judge(Some(475.0)), Verdict::Missed);
    assert_eq!(c.judge(None), Verdict::Unknown);
    assert_eq!(
        c.judge(Some(f64::NAN)),
        Verdict::Unknown,
        "NaN is never met"
    );
    assert_eq!(c.target_text(), "< 475 ms");
    assert!((c.scale - 1.0).abs() < f64::EPSILON);
}

#[test]
fn rejects_what_cannot_be_measured() {
    let no_source = P99.replace("figure = \"service.api.p99_ms\"", "");
    assert!(
        criterion(&no_source)
            .expect_err("no source")
            .contains("query or a figure")
    );
    let ratio = P99.replace("quantile(0.5)", "ratio");
    assert!(
        criterion(&ratio)
            .expect_err("no denominator")
            .contains("denominator")
    );
    let bad = P99.replace("quantile(0.5)", "median");
    assert!(
        criterion(&bad)
            .expect_err("bad aggregation")
            .contains("unknown aggregation")
    );
    let typo = format!("{P99}\nownr = \"x\"");
    assert!(criterion(&typo).is_err(), "unknown keys are errors");
}

#[test]
fn comparators_and_numbers() {
    assert!(Comparator::AtLeast.holds(85.0, 85.0));
    assert!(!Comparator::Above.holds(85.0, 85.0));
    assert!(Comparator::Equal.holds(50.0, 50.0));
    assert_eq!(trim_number(0.025), "0.025");
    assert_eq!(trim_number(2300.0), "2300");
    assert_eq!(trim_number(-15.0), "-15");
}
