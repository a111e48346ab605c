//! The weekly checkpoint against a real Prometheus backfilled with two weeks of
//! `simulate history`: the report's figures for this week and last week match the simulator's
//! own record of the same fleet (replayed in-process, sampled at the same 5-minute instants)
//! within a stated tolerance; a criterion whose data is missing is unknown and makes `check`
//! fail; `--tz` moves the week's bounds; an alert rule that fires shows in the week's alerts.

mod stack;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::Utc;
use opsconsole::checkpoint::{CheckpointSettings, Recorder};
use opsconsole::domain::checkpoint::{Criterion, IsoWeek, Verdict, WeeklyReport};
use opsconsole::sources::simulator::{SampleEvery, SimulatorConfig};
use stack::weekly::{CRITERIA, MISSING, criteria, run, weekly};
use stack::{Options, Stack, http, opsconsole};

const RULES: &str = "groups:\n  - name: checkpoint-test\n    interval: 1s\n    rules:\n      - alert: CheckpointAlwaysFiring\n        expr: vector(1)\n        labels:\n          severity: warning\n";

/// How close each of `CRITERIA` must come to the simulator's record. The p99 (the quantile of
/// the week's merged buckets) and the error ratio come from the same counters on both sides:
/// exact for a whole week; the running week also holds the live scrape, whose counters do not
/// continue a 14-day history exactly (see `simulate history --days`). Measured: throughput
/// 0.00 %, p99 0.00 % (last week) and 3 % (this week), error rate 0.00 % and 0.7 % off.
const TOLERANCE: [(&str, f64); 3] = [
    ("Mean throughput", 0.01),
    ("P99 latency", 0.05),
    ("Error rate", 0.03),
];

fn wait_for_alert(stack: &Stack) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let (_, body) = http::get(&stack.prometheus_url, "/api/v1/alerts");
        if body.contains("CheckpointAlwaysFiring") && body.contains("\"firing\"") {
            // ALERTS is written by the next rule evaluation after the alert turns firing.
            std::thread::sleep(Duration::from_secs(2));
            return;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    panic!(
        "the always-firing rule never fired; log:\n{}",
        stack.log("prometheus")
    );
}

/// The same fleet as the stack's history, replayed here and folded per week.
/// The simulator's side of the comparison, replayed while the console's side runs.
struct Fleet {
    seed: u64,
    start: chrono::DateTime<Utc>,
    surge_after: chrono::Duration,
}

fn expected(
    fleet: &Fleet,
    criteria: &[Criterion],
    week: IsoWeek,
) -> Vec<(String, [Option<f64>; 2])> {
    let config = SimulatorConfig {
        history: chrono::Duration::days(i64::from(HISTORY_DAYS)),
        ..SimulatorConfig::new(fleet.seed, fleet.start).with_surge_after(fleet.surge_after)
    };
    let settings = CheckpointSettings::default();
    // Every minute: errors come in short surges that a 5-minute sample of the instantaneous
    // ratio would catch coarsely, while Prometheus's ratio of counter increases is exact.
    let every = SampleEvery::new(chrono::Duration::minutes(1)).expect("a minute");
    let names: Vec<String> = criteria
        .iter()
        .flat_map(|c| [c.figure.clone(), c.denominator_figure.clone()])
        .flatten()
        .collect();
    let record = Recorder::replay(config, every, &names, 2).into_record();
    let tz = settings.timezone;
    // The record ends a minute before the stack's start: so does the comparison.
    let until = fleet.start - chrono::Duration::minutes(1);
    criteria
        .iter()
        .map(|c| {
            let value = |w: IsoWeek| {
                w.range(tz)
                    .until(until)
                    .and_then(|period| record.measure(c, period).value)
            };
            (c.name.clone(), [value(week), value(week.previous())])
        })
        .collect()
}

/// This week's and last week's figures agree with the simulator's within `TOLERANCE`.
fn assert_matches(report: &WeeklyReport, expected: &[(String, [Option<f64>; 2])]) {
    for (name, [this, last]) in expected {
        let tolerance = TOLERANCE
            .iter()
            .find(|(n, _)| n == name)
            .expect("tolerance")
            .1;
        let got = report
            .criteria
            .iter()
            .find(|c| &c.name == name)
            .expect("criterion");
        for (label, want, have) in [
            ("this week", this, got.this_week),
            ("last week", last, got.last_week),
        ] {
            let (want, have) = (
                want.expect("the record has the week"),
                have.expect("Prometheus has the week"),
            );
            let error = (have - want).abs() / want.abs().max(f64::EPSILON);
            println!(
                "{name} {label}: report {have:.5} vs simulator {want:.5} ({:.2} % off)",
                error * 100.0
            );
            assert!(
                error <= tolerance,
                "{name} {label}: {have} vs {want}, more than {tolerance} off"
            );
        }
        assert_eq!(got.verdict, Verdict::Met, "{name}");
    }
}

fn config_with(stack: &Stack, name: &str, extra: &str) -> PathBuf {
    let path = stack.config("5s", extra);
    let renamed = stack.dir.join(name);
    std::fs::rename(&path, &renamed).expect("config");
    renamed
}

/// Enough history that the two weeks before the running one are whole in it, whatever the day.
const HISTORY_DAYS: u32 = 21;

/// How much of the running week must lie before the stack's start for its criteria to have
/// values (`check` and the alerts read the running week), and how long the test may run before
/// the week turns.
const WEEK_HEAD: chrono::Duration = chrono::Duration::minutes(15);
const TEST_SPAN: chrono::Duration = chrono::Duration::minutes(10);

/// The test compares the running week, cut at now: started within `WEEK_HEAD` of a week's turn
/// or `TEST_SPAN` before one, it would find no history in it or another week by the end. Then
/// it waits until the new week is `WEEK_HEAD` old, so the day and hour it runs at cannot matter.
fn clear_of_the_week_turn() {
    let now = Utc::now();
    let week = IsoWeek::at(now, chrono_tz::Tz::UTC).range(chrono_tz::Tz::UTC);
    let ready = if now < week.from + WEEK_HEAD {
        week.from + WEEK_HEAD
    } else if now + TEST_SPAN > week.to {
        week.to + WEEK_HEAD
    } else {
        return;
    };
    let wait = (ready - now).to_std().unwrap_or_default();
    println!("waiting {wait:?}: the week turns at {}", week.to);
    std::thread::sleep(wait);
}

#[test]
fn weekly_figures_match_the_simulator_and_missing_data_fails_check() {
    clear_of_the_week_turn();
    let stack = Stack::start(Options {
        history_days: HISTORY_DAYS,
        rules: Some(RULES.into()),
        ..Options::default()
    });
    wait_for_alert(&stack);
    let good = config_with(&stack, "good.toml", CRITERIA);
    // The figures are compared over last week and the week before, whole in both the history
    // and the record: the running week also holds the minutes the stack served live (with its
    // surge), which a percentile of a week only minutes old would be dominated by.
    let this_week = IsoWeek::at(Utc::now(), chrono_tz::Tz::UTC);
    let compared = this_week.previous();
    let fleet = Fleet {
        seed: stack.seed,
        start: stack.start,
        surge_after: stack.surge_after,
    };
    let simulated = std::thread::spawn(move || expected(&fleet, &criteria(CRITERIA), compared));
    let first = weekly(&good, &[]);
    let report = &first;
    assert_eq!(report.week, this_week.to_string());
    assert!(report.partial, "the running week is week to date");
    assert_eq!(report.summary.met, 3);
    let warning = report
        .alerts
        .by_severity
        .iter()
        .find(|c| c.severity == "warning")
        .expect("a warning fired");
    assert_eq!(
        warning.count, 1,
        "the firing rule counts once: {:?}",
        report.alerts
    );
    let named = report
        .alerts
        .alerts
        .iter()
        .filter(|a| a.name == "CheckpointAlwaysFiring")
        .count();
    assert_eq!(named, 1, "{:?}", report.alerts);

    let passing = run(&good, &["check"]);
    assert_eq!(
        passing.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&passing.stdout)
    );

    let with_missing = config_with(&stack, "missing.toml", &format!("{CRITERIA}{MISSING}"));
    let report = weekly(&with_missing, &[]);
    let queue = report
        .criteria
        .iter()
        .find(|c| c.name == "Queue depth")
        .expect("criterion");
    assert_eq!(
        (queue.verdict, queue.this_week),
        (Verdict::Unknown, None),
        "missing data is unknown, not 0"
    );
    assert_eq!(report.summary.blocking_failed, ["Queue depth"]);
    let failing = run(&with_missing, &["check"]);
    let stdout = String::from_utf8_lossy(&failing.stdout);
    assert_eq!(failing.status.code(), Some(1), "{stdout}");
    // A criterion's definition, where its figure has one, goes on an indented line below it.
    assert_eq!(
        stdout.lines().filter(|l| !l.starts_with(' ')).count(),
        5,
        "one line per criterion and a summary: {stdout}"
    );
    let line = stdout
        .lines()
        .find(|l| l.contains("Queue depth"))
        .expect("a line for it");
    assert!(
        line.starts_with("UNKNOWN") && line.contains("blocking"),
        "{line}"
    );
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("MET")).count(),
        3,
        "{stdout}"
    );

    // Berlin's week starts at Berlin's midnight: one or two hours (CET, CEST) before UTC's.
    let berlin = weekly(
        &good,
        &[
            "--week",
            &this_week.previous().to_string(),
            "--tz",
            "Europe/Berlin",
        ],
    );
    let monday = this_week
        .previous()
        .monday()
        .and_hms_opt(0, 0, 0)
        .expect("midnight");
    let midnight = chrono::TimeZone::from_local_datetime(&chrono_tz::Europe::Berlin, &monday)
        .single()
        .expect("Berlin has that midnight");
    assert_eq!(berlin.timezone, "Europe/Berlin");
    assert_eq!(berlin.from, midnight.with_timezone(&Utc));
    assert_ne!(
        berlin.from,
        this_week.previous().range(chrono_tz::Tz::UTC).from
    );
    assert!(!berlin.partial);
    let whole = weekly(&good, &["--week", &compared.to_string()]);
    assert_matches(&whole, &simulated.join().expect("the replay"));
}

#[test]
fn markdown_has_a_row_per_criterion_and_bad_weeks_are_refused() {
    let stack = Stack::start(Options::default());
    let config = config_with(&stack, "md.toml", &format!("{CRITERIA}{MISSING}"));
    let output = run(&config, &["report", "--format", "md"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).expect("utf-8");
    for name in [
        "Mean throughput",
        "P99 latency",
        "Error rate",
        "Queue depth",
    ] {
        let rows = text
            .lines()
            .filter(|l| l.starts_with('|') && l.contains(name))
            .count();
        assert_eq!(rows, 1, "{name}: one table row\n{text}");
    }
    let file = stack.dir.join("report.html");
    let written = run(&config, &["report", "--format", "html", "-o"]);
    assert_eq!(written.status.code(), Some(2), "-o needs a file");
    let written = opsconsole()
        .arg("--config")
        .arg(&config)
        .args(["--env", "lab", "report", "--format", "html", "-o"])
        .arg(&file)
        .output()
        .expect("run opsconsole");
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    assert!(
        written.stdout.is_empty(),
        "the report goes to the file, not stdout"
    );
    let html = std::fs::read_to_string(&file).expect("the HTML report was written");
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains("Queue depth"),
        "{html}"
    );
    for (week, message) in [
        ("2027-W53", "1 to 52"),
        ("2026-47", "ISO week"),
        ("2999-W01", "not begun"),
    ] {
        let refused = run(&config, &["report", "--week", week]);
        assert_eq!(refused.status.code(), Some(2), "{week}");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains(message), "{week}: {stderr}");
    }
}

/// A Prometheus whose services are not called like the demo's (no `api`): the built-in criteria
/// name no service, so P99, error rate, availability and peak throughput have values, over
/// every service and over the services `critical-services` names.
#[test]
fn default_criteria_have_values_whatever_the_services_are_called() {
    let stack = Stack::start(Options {
        history_days: 2,
        renames: vec![
            ("api", "ledger"),
            ("web", "gateway"),
            ("auth", "identity"),
            ("catalog", "inventory"),
            ("orders", "billing"),
            ("payments", "wallet"),
        ],
        ..Options::default()
    });
    let (_, body) = http::get(
        &stack.prometheus_url,
        "/api/v1/query?query=count(http_requests_total%7Bservice%3D%22api%22%7D)",
    );
    assert!(body.contains("\"result\":[]"), "no api series: {body}");
    let owned = [
        "P99 latency",
        "Error rate",
        "Availability",
        "Peak throughput",
    ];
    let every = config_with(&stack, "every.toml", "");
    let critical = config_with(
        &stack,
        "critical.toml",
        "[checkpoint]\ncritical-services = [\"ledger\", \"checkout\"]\n",
    );
    let mut peaks = Vec::new();
    for config in [&every, &critical] {
        let report = weekly(config, &[]);
        for name in owned {
            let c = report
                .criteria
                .iter()
                .find(|c| c.name == name)
                .expect("a built-in");
            println!(
                "{}: {name} = {:?} ({})",
                config.display(),
                c.this_week,
                c.measured_by
            );
            assert!(
                c.this_week.is_some() && c.verdict != Verdict::Unknown,
                "{name} has a value: {:?} {:?}",
                c.this_week,
                c.note
            );
        }
        let peak = report.criteria.iter().find(|c| c.name == "Peak throughput");
        peaks.push(peak.and_then(|c| c.this_week).expect("a peak"));
    }
    // ledger (the demo's api, share 1) and checkout (0.08) of all eight (shares sum to 2.78).
    let share = peaks[1] / peaks[0];
    assert!(
        (share - 1.08 / 2.78).abs() < 0.01,
        "critical services carry their share of the fleet: {share}"
    );
}
