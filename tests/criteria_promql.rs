//! The built-in cost and security criteria's PromQL computes what the domain defines: promtool
//! evaluates each query (with `$__baseline` substituted as the checkpoint does) over series
//! whose answer the domain computes from the same numbers.

use std::process::Command;

use opsconsole::checkpoint::prometheus::with_baseline;
use opsconsole::domain::checkpoint::defaults::criteria;
use opsconsole::domain::cost::{CostView, HOURS_PER_MONTH};
use opsconsole::domain::{SecurityView, VulnerabilityCounts};

const PROMTOOL: &str = "/usr/bin/promtool";

fn query(name: &str) -> String {
    let criterion = criteria()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no built-in {name:?}"));
    with_baseline(&criterion.query.expect("a query"), 7_000.0)
}

fn cost(hourly: f64) -> CostView {
    CostView {
        currency: "USD".into(),
        monthly_budget: 6_600.0,
        monthly_baseline: 7_000.0,
        hourly_average_7d: Some(hourly),
        ..CostView::default()
    }
}

#[test]
fn cost_vs_baseline_and_open_critical_high_mean_the_same_in_promql() {
    // Two node types at $5 and $2.50 an hour for 8 days: the 7-day mean is $7.50 an hour, and
    // $7.50 × 730 h = $5,475 against a $7,000 baseline is −21.786 %.
    let expected_cost = cost(7.5).vs_baseline_percent().expect("a figure");
    assert!((expected_cost - (7.5 * HOURS_PER_MONTH / 7_000.0 - 1.0) * 100.0).abs() < 1e-9);
    assert_eq!(format!("{expected_cost:.3}"), "-21.786");
    let security = SecurityView {
        vulnerabilities: Some(VulnerabilityCounts {
            critical: 1,
            high: 6,
            medium: 30,
            low: 70,
        }),
        trend: Vec::new(),
        score_percent: None,
        score_basis: None,
        findings: None,
        score_target_percent: 85.0,
        certificates: Vec::new(),
        certificates_omitted: 0,
    };
    let expected_open = security.critical_high_open().expect("known");
    let test = format!(
        r#"tests:
- interval: 1h
  input_series:
  - series: 'node_total_hourly_cost{{instance_type="t3.large"}}'
    values: '5+0x200'
  - series: 'node_total_hourly_cost{{instance_type="c5.2xlarge"}}'
    values: '2.5+0x200'
  - series: 'trivy_image_vulnerabilities{{severity="Critical"}}'
    values: '1+0x200'
  - series: 'trivy_image_vulnerabilities{{severity="High"}}'
    values: '6+0x200'
  - series: 'trivy_image_vulnerabilities{{severity="MEDIUM"}}'
    values: '30+0x200'
  - series: 'trivy_image_vulnerabilities{{severity="low"}}'
    values: '70+0x200'
  promql_expr_test:
  - expr: 'round({cost}, 0.001)'
    eval_time: 190h
    exp_samples:
    - labels: '{{}}'
      value: {expected_cost:.3}
  - expr: '{open}'
    eval_time: 190h
    exp_samples:
    - labels: '{{}}'
      value: {expected_open}
"#,
        cost = query("Cost vs baseline"),
        open = query("Critical/high vulns"),
    );
    let dir = std::env::temp_dir().join(format!("opsconsole-criteria-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let file = dir.join("criteria_test.yml");
    std::fs::write(&file, test).expect("write the promtool test");
    let output = Command::new(PROMTOOL)
        .args(["test", "rules"])
        .arg(&file)
        .output()
        .expect("run promtool");
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
