//! The audit trail end to end: records written through the library, read and checked by the
//! real `opsconsole audit`, then tampered with line by line; and concurrent writers.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{DateTime, Duration, TimeZone, Utc};
use opsconsole::domain::audit::{
    Actor, AuditEntry, AuditEvent, AuditRecord, RunOutcome, StepRecord,
};
use opsconsole::runbook::audit::{AuditLog, audit_file, verify};

/// A fresh state directory for one test.
fn state_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("opsconsole-audit-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("state dir");
    dir
}

fn entry(run: &str, event: AuditEvent) -> AuditEntry {
    AuditEntry {
        run: run.into(),
        event,
        actor: Actor {
            user: "alice".into(),
            ssh_client: Some("10.0.0.5".into()),
            host: "bastion".into(),
        },
        environment: "demo".into(),
        runbook: "scale-out".into(),
        runbook_hash: "rb-1".into(),
        target: "web".into(),
        params: BTreeMap::from([("count".into(), "2".into())]),
        plan_digest: "plan-1".into(),
        confirmation: None,
        step: None,
        outcome: None,
        error: None,
    }
}

/// A fixed stamp, for records whose time nothing reads.
fn noon() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 18, 12, 0, 0)
        .single()
        .expect("a valid time")
}

/// One whole run, five records, the first `days_ago` days back and one minute apart: relative
/// to the wall clock, as `audit --since` is, so the outcome is the same at any hour.
fn write_run(log: &AuditLog, run: &str, days_ago: i64) -> Vec<AuditRecord> {
    let start = Utc::now() - Duration::days(days_ago);
    let step = StepRecord {
        index: 2,
        title: "Set desired capacity".into(),
        call: "asg set-desired web 4".into(),
        status: None,
        attempts: 1,
        elapsed_ms: None,
        output: None,
        note: None,
    };
    let entries = [
        entry(run, AuditEvent::Requested),
        AuditEntry {
            confirmation: Some("typed the target".into()),
            ..entry(run, AuditEvent::Confirmed)
        },
        AuditEntry {
            step: Some(step.clone()),
            ..entry(run, AuditEvent::StepStarted)
        },
        AuditEntry {
            step: Some(StepRecord {
                status: Some("ok".into()),
                elapsed_ms: Some(120),
                ..step
            }),
            ..entry(run, AuditEvent::StepFinished)
        },
        AuditEntry {
            outcome: Some(RunOutcome::Failed),
            error: Some("capacity capped at 3".into()),
            ..entry(run, AuditEvent::Finished)
        },
    ];
    entries
        .into_iter()
        .zip(0..)
        .map(|(entry, minute)| {
            log.append(entry, start + Duration::minutes(minute))
                .expect("appends")
        })
        .collect()
}

fn audit(state: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opsconsole"))
        .arg("audit")
        .args(args)
        .env("OPSCONSOLE_STATE_DIR", state)
        .output()
        .expect("runs opsconsole")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn lines_of(path: &Path) -> Vec<String> {
    let text = fs::read_to_string(path).expect("reads the log");
    text.lines().map(str::to_string).collect()
}

fn write_lines(path: &Path, lines: &[String]) {
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    fs::write(path, text).expect("writes the log");
}

#[test]
fn verify_passes_an_intact_log_and_names_each_kind_of_tampering() {
    let state = state_dir("tamper");
    let path = audit_file(&state);
    write_run(&AuditLog::new(&path), "r1", 0);
    let original = lines_of(&path);
    assert_eq!(original.len(), 5);

    let intact = audit(&state, &["--verify"]);
    assert_eq!(intact.status.code(), Some(0), "{}", stdout(&intact));
    assert_eq!(stdout(&intact), "audit: 5 records, chain intact\n");

    let mut edited = original.clone();
    edited[1] = edited[1].replace(r#""target":"web""#, r#""target":"db""#);
    write_lines(&path, &edited);
    let output = audit(&state, &["--verify"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("line 2: hash does not match its content (edited?)"),
        "{}",
        stdout(&output)
    );

    let mut deleted = original.clone();
    deleted.remove(2);
    write_lines(&path, &deleted);
    let output = audit(&state, &["--verify"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("line 3: prev does not match line 2"),
        "{}",
        stdout(&output)
    );

    write_lines(&path, &original[..4]);
    let output = audit(&state, &["--verify"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("last record is seq 4 but the head says 5"),
        "{}",
        stdout(&output)
    );

    write_lines(&path, &original);
    assert_eq!(audit(&state, &["--verify"]).status.code(), Some(0));
}

#[test]
fn listing_reads_one_line_per_record_and_since_filters_by_time() {
    let state = state_dir("list");
    let log = AuditLog::new(audit_file(&state));
    write_run(&log, "old", 10);
    let recent = write_run(&log, "new", 1);

    let output = audit(&state, &[]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 10, "{text}");
    assert!(
        text.contains("  alice@bastion  demo  scale-out  web  confirmed  (typed the target)\n")
    );
    assert!(text.contains(r#"  web  step 2 "Set desired capacity" started"#));
    assert!(text.contains(r#"  web  step 2 "Set desired capacity" ok 120ms"#));
    assert!(text.contains("  web  finished failed: capacity capped at 3\n"));

    let output = audit(&state, &["--since", "7d", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let listed: Vec<AuditRecord> = serde_json::from_slice(&output.stdout).expect("a JSON array");
    assert_eq!(listed, recent);
}

#[test]
fn usage_and_missing_logs() {
    let state = state_dir("usage");
    let output = audit(&state, &["--verify"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "audit: 0 records, chain intact\n");
    assert_eq!(audit(&state, &[]).stdout, b"");
    assert_eq!(audit(&state, &["--format", "xml"]).status.code(), Some(2));
    assert_eq!(audit(&state, &["--since", "soon"]).status.code(), Some(2));
}

#[test]
fn concurrent_writers_keep_one_chain() {
    let path = audit_file(&state_dir("concurrent"));
    std::thread::scope(|scope| {
        for writer in ["a", "b"] {
            let path = path.clone();
            scope.spawn(move || {
                // Each writer opens the file itself, as a second console would.
                let log = AuditLog::new(path);
                for _ in 0..50 {
                    log.append(entry(writer, AuditEvent::StepStarted), noon())
                        .expect("appends");
                }
            });
        }
    });
    let report = verify(&path).expect("verifies");
    assert_eq!(report.records, 100);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}
