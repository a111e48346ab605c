//! The Markdown against the fixture: table shape, escaping, unknown values, empty sections.

use super::*;
use crate::domain::checkpoint::fixtures;

/// The rows of the criteria table: between its header separator and the blank line.
fn criteria_rows(md: &str) -> Vec<&str> {
    let table = md
        .split("## Success criteria")
        .nth(1)
        .expect("a criteria section");
    let lines = table.lines().skip_while(|l| !l.starts_with("|---")).skip(1);
    lines.take_while(|l| !l.trim().is_empty()).collect()
}

/// A row's cells, splitting on pipes not escaped with a backslash.
fn cells(row: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut escaped = false;
    for c in row.trim().trim_matches('|').chars() {
        match c {
            '|' if !escaped => cells.push(String::new()),
            _ => cells.last_mut().expect("a cell").push(c),
        }
        escaped = c == '\\' && !escaped;
    }
    cells.iter().map(|c| c.trim().to_string()).collect()
}

#[test]
fn one_table_row_per_criterion() {
    let report = fixtures::report();
    let md = markdown(&report);
    let rows = criteria_rows(&md);
    assert_eq!(rows.len(), report.criteria.len(), "{md}");
    for (row, c) in rows.iter().zip(&report.criteria) {
        let cells = cells(row);
        assert_eq!(cells.len(), 9, "{row}");
        assert_eq!(cells[0], text(&c.name));
    }
    assert_eq!(md.matches("| Criterion |").count(), 1, "one criteria table");
}

#[test]
fn a_pipe_in_a_name_is_escaped_and_keeps_the_columns() {
    let md = markdown(&fixtures::with_name("Latency | p99 *api*"));
    let first = criteria_rows(&md)[0];
    assert!(
        first.starts_with("| Latency \\| p99 \\*api\\* |"),
        "{first}"
    );
    assert_eq!(cells(first).len(), 9, "{first}");
    assert!(
        md.contains("Latency \\| p99 \\*api\\* (missed)"),
        "blocking list escaped"
    );
}

#[test]
fn unknown_reads_unknown_with_its_note_never_zero() {
    let report = fixtures::report();
    let md = markdown(&report);
    let unknown = report
        .criteria
        .iter()
        .position(|c| c.verdict == Verdict::Unknown);
    let cells = cells(criteria_rows(&md)[unknown.expect("an unknown criterion")]);
    assert_eq!(
        (cells[2].as_str(), cells[4].as_str()),
        ("—", "—"),
        "this week and Δ"
    );
    assert!(cells[5].contains("unknown"), "{cells:?}");
    assert!(
        !cells.iter().any(|c| c == "0" || c.starts_with("0 ")),
        "{cells:?}"
    );
    let note = format!("- Trigger delay: {}", text(fixtures::UNKNOWN_NOTE));
    assert!(md.contains(&note), "the note below the table: {md}");
}

#[test]
fn the_header_phase_runs_and_alerts_are_there() {
    let md = markdown(&fixtures::report());
    for expected in [
        "# Weekly checkpoint 2026-W49 · staging-eu",
        "(Europe/Berlin) · **week to date**",
        "**8 of 11 met · 2 missed · 1 unknown**",
        "**Blocking, not met:** P99 latency (missed), Trigger delay (unknown), Security score (missed)",
        "Day 10 of 24 · 14 days left",
        "| Auto-scaling and load testing | platform | 2026-11-23 – 2026-11-27 | late | Trigger delay (unknown in 2026-W48) |",
        "| silence-alert | HighLatencyP99 | alice | failed |",
        "**critical** 1 · **warning** 2 · **info** 1",
    ] {
        assert!(md.contains(expected), "{expected:?} missing from\n{md}");
    }
}

#[test]
fn empty_sections_say_so() {
    let mut report = fixtures::report();
    report.phase = None;
    report.runs.clear();
    report.alerts.alerts.clear();
    report.alerts.note = Some("no Alertmanager configured".into());
    let md = markdown(&report);
    assert!(md.contains("## Phase\n\nNo phase plan."), "{md}");
    assert!(md.contains("## Runbook runs\n\nNone this week."), "{md}");
    assert!(
        md.contains("> no Alertmanager configured\n\nNone listed."),
        "{md}"
    );
}
