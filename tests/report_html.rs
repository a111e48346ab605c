//! The HTML report in a real browser: headless Chromium renders it to a PNG while its NetLog
//! records every request, and the report must draw and ask for nothing. A control page that
//! loads an image from a loopback server proves the same detector sees a request. The examples
//! in assets/ are this file's report; `OPSCONSOLE_UPDATE_ASSETS=1` rewrites them (the PNG too).
//! Chromium missing fails the test: install it with `scripts/install-test-deps.sh`.

mod browser_support;
mod stack;

use std::fs;
use std::path::Path;

use browser_support::{LoopbackServer, looks_drawn, screenshot};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use opsconsole::checkpoint::render;
use opsconsole::domain::checkpoint::{
    AlertSummary, CriterionResult, FiredAlert, IsoWeek, Measurement, RunSummary, Summary,
    WeeklyReport, defaults, parse_tz,
};
use stack::scratch_dir;

const UPDATE: &str = "OPSCONSOLE_UPDATE_ASSETS";
const UNKNOWN: &str = "no automatic scale-out in the period: nothing to time";

/// Eight weeks of the ten built-in criteria, oldest first; `-` is a week without data.
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

/// Wednesday of 2026-W49 in Berlin: Trigger delay unknown this week, the demo phase, two
/// runs, four alerts.
fn report() -> WeeklyReport {
    let week = IsoWeek::new(2026, 49).expect("week");
    let now = Utc
        .with_ymd_and_hms(2026, 12, 2, 14, 0, 0)
        .single()
        .expect("time");
    let range = week
        .range(parse_tz("Europe/Berlin").expect("zone"))
        .until(now)
        .expect("begun");
    let criteria: Vec<CriterionResult> = defaults::criteria()
        .iter()
        .map(|criterion| {
            let (_, values) = HISTORY
                .lines()
                .filter_map(|line| line.split_once('|'))
                .find(|(name, _)| name.trim() == criterion.name)
                .expect("a history for every built-in criterion");
            let values = values.split_whitespace().map(|v| v.parse::<f64>().ok());
            let weeks: Vec<(IsoWeek, Measurement)> = (0..8u32)
                .rev()
                .zip(values)
                .map(|(back, value)| match value {
                    None if back == 0 => (week, Measurement::unknown(UNKNOWN)),
                    value => (week.back(back), Measurement::value(value)),
                })
                .collect();
            CriterionResult::new(
                criterion,
                criterion.figure.as_deref().unwrap_or_default(),
                &weeks,
            )
        })
        .collect();
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).expect("date");
    let phase = defaults::demo_phase(today).status(today, |name, _| {
        criteria.iter().find(|c| c.name == name).map(|c| c.verdict)
    });
    let run = |run: &str, hours, runbook: &str, target: &str, outcome: &str| RunSummary {
        run: run.into(),
        at: range.from + Duration::hours(hours),
        runbook: runbook.into(),
        target: target.into(),
        user: "alice".into(),
        outcome: outcome.into(),
        confirmation: Some(format!("typed {target}")),
    };
    let alert = |name: &str, severity: &str| FiredAlert {
        name: name.into(),
        severity: severity.into(),
    };
    WeeklyReport {
        schema: opsconsole::domain::checkpoint::report::SCHEMA,
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

fn assets() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/assets"))
}

#[test]
fn the_report_renders_in_chromium_and_requests_nothing() {
    let dir = scratch_dir("report-html");
    let page = dir.join("report.html");
    fs::write(&page, render::html(&report())).expect("write the report");
    let shot = screenshot(&dir, &page, (1200, 1600));
    assert!(
        shot.status.success(),
        "chromium exited with {}; log:\n{}",
        shot.status,
        shot.log
    );
    assert!(
        looks_drawn(&shot.png),
        "a blank or missing PNG ({} bytes); log:\n{}",
        shot.png.len(),
        shot.log
    );
    assert!(
        shot.external.is_empty(),
        "the report made external requests:\n{}\n(the browser's own, kept on loopback: {:?})",
        shot.external.join("\n"),
        shot.browser_own
    );
    if std::env::var_os(UPDATE).is_some() {
        // The example shows the whole page, not just the first 1600 pixels.
        let full_dir = scratch_dir("report-png");
        let full = screenshot(&full_dir, &page, (1200, 2270));
        assert!(
            looks_drawn(&full.png) && full.external.is_empty(),
            "{}",
            full.log
        );
        fs::write(assets().join("report-example.png"), &full.png).expect("write the example PNG");
        fs::remove_dir_all(&full_dir).ok();
    }
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_detector_catches_a_page_that_loads_from_a_loopback_server() {
    let server = LoopbackServer::start();
    let dir = scratch_dir("report-html-control");
    let page = dir.join("control.html");
    let url = format!("http://127.0.0.1:{}/x.png", server.port);
    fs::write(
        &page,
        format!("<!DOCTYPE html>\n<p>control</p>\n<img src=\"{url}\">\n"),
    )
    .expect("page");
    let shot = screenshot(&dir, &page, (1200, 1600));
    assert!(
        shot.status.success(),
        "chromium exited with {}; log:\n{}",
        shot.status,
        shot.log
    );
    assert!(
        shot.external.contains(&url),
        "the image request was not seen: {:?}",
        shot.external
    );
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.starts_with("GET /x.png ")),
        "the loopback server got {:?}",
        server.requests()
    );
    assert!(
        !looks_drawn(&shot.png),
        "a near-empty page passes for a drawn one ({} bytes)",
        shot.png.len()
    );
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_committed_examples_are_what_the_renderer_writes() {
    let report = report();
    for (name, text) in [
        ("report-example.html", render::html(&report)),
        ("report-example.md", render::markdown(&report)),
    ] {
        let path = assets().join(name);
        if std::env::var_os(UPDATE).is_some() {
            fs::write(&path, &text).expect("write the example");
        }
        let committed = fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "{} is not what the renderer writes now: run `{UPDATE}=1 cargo test --test report_html`",
            path.display()
        );
    }
}
