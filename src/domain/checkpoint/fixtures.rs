//! A week as a lead would see it mid-phase: the ten built-in criteria with eight weeks of
//! history (one unknown this week with its reason, one with a gap weeks ago), a running week,
//! the demo phase, two runbook runs and alerts of three severities.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use crate::domain::checkpoint::report::HISTORY_WEEKS;
use crate::domain::checkpoint::{
    AlertSummary, CriterionResult, FiredAlert, IsoWeek, Measurement, RunSummary, Summary,
    WeeklyReport, defaults, parse_tz,
};

/// Eight weeks per criterion, oldest first; `-` is a week without data.
const HISTORY: &str = "\
P99 latency      | 512    498    490    483    470    466    468    481
Error rate       | 0.041  0.038  0.033  0.029  0.026  0.024  0.023  0.021
Availability     | 99.82  99.87  99.9   99.91  99.93  99.95  99.94  99.96
Peak throughput  | 1980   2050   2120   2210   -      2340   2388   2412
Cache hit rate   | 91.2   92.5   93.1   94.0   94.8   95.3   95.9   96.4
Trigger delay    | 310    260    210    180    150    138    131    -
Provisioning time | 150   140    132    125    118    96     90     88
Cost vs baseline | -2.1   -4.8   -7.5   -9.9   -11.3  -13.0  -14.6  -17.2
Security score   | 72     74     78     80     82     84     86     84.5
Critical/high vulns | 14  12     9      7      5      3      2      0
Readiness checks | 73.08  78.85  82.69  86.54  90.38  92.31  94.23  100
";

pub const UNKNOWN_NOTE: &str = "no automatic scale-out in the period: nothing to time";

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("a valid time")
}

/// Wednesday of 2026-W49 in Berlin, the week still running.
pub fn report() -> WeeklyReport {
    let tz = parse_tz("Europe/Berlin").expect("zone");
    let week = IsoWeek::new(2026, 49).expect("week");
    let now = utc(2026, 12, 2, 14, 0);
    let range = week.range(tz).until(now).expect("the week has begun");
    let criteria: Vec<CriterionResult> = defaults::criteria()
        .iter()
        .map(|criterion| {
            let values = HISTORY
                .lines()
                .filter_map(|line| line.split_once('|'))
                .find(|(name, _)| name.trim() == criterion.name)
                .map(|(_, values)| values.split_whitespace().map(|v| v.parse::<f64>().ok()))
                .expect("a history for every built-in criterion");
            let history: Vec<(IsoWeek, Measurement)> = (0..HISTORY_WEEKS)
                .rev()
                .zip(values)
                .map(|(back, value)| match value {
                    None if back == 0 => (week, Measurement::unknown(UNKNOWN_NOTE)),
                    value => (week.back(back), Measurement::value(value)),
                })
                .collect();
            let measured_by = criterion.figure.clone().unwrap_or_default();
            CriterionResult::new(criterion, &measured_by, &history)
        })
        .collect();
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).expect("date");
    let phase = defaults::demo_phase(today).status(today, |name, _| {
        criteria.iter().find(|c| c.name == name).map(|c| c.verdict)
    });
    let alert = |name: &str, severity: &str| FiredAlert {
        name: name.into(),
        severity: severity.into(),
    };
    let run = |run: &str, hours: i64, runbook: &str, target: &str, outcome: &str| RunSummary {
        run: run.into(),
        at: range.from + Duration::hours(hours),
        runbook: runbook.into(),
        target: target.into(),
        user: "alice".into(),
        outcome: outcome.into(),
        confirmation: Some(format!("typed {target}")),
    };
    WeeklyReport {
        schema: crate::domain::checkpoint::report::SCHEMA,
        week: week.to_string(),
        timezone: "Europe/Berlin".into(),
        from: range.from,
        to: range.to,
        partial: true,
        environment: "staging-eu".into(),
        generated_at: now + Duration::minutes(5),
        summary: Summary::of(&criteria),
        criteria,
        phase: Some(phase),
        runs: vec![
            run("r-0142", 10, "scale-group", "web", "succeeded"),
            run("r-0143", 35, "silence-alert", "HighLatencyP99", "failed"),
        ],
        runs_note: None,
        alerts: AlertSummary::of(
            vec![
                alert("HighLatencyP99", "critical"),
                alert("NodeDiskPressure", "warning"),
                alert("CacheEvictionsHigh", "warning"),
                alert("CertificateExpiresSoon", "info"),
            ],
            None,
        ),
    }
}

/// The fixture with `name` as the first criterion's name (the summary follows it).
pub fn with_name(name: &str) -> WeeklyReport {
    let mut report = report();
    report.criteria[0].name = name.into();
    report.summary = Summary::of(&report.criteria);
    report
}
