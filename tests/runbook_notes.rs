//! What operators write and see while a run goes on: a manual step's note reaches the audit
//! and the summary redacted, an investigation succeeds on the operator's finding (never on a
//! figure that moves by itself), and every wait reports what it waits for and the value now,
//! in the library's events and in a headless `runbook run`.

mod exec_support;
mod runbook_support;
mod stack;

use std::io::Write as _;
use std::process::Stdio;

use exec_support::{bench, run, run_answering};
use opsconsole::domain::audit::{AuditEvent, RunOutcome};
use opsconsole::domain::runbook::{Answer, RunEventKind};
use opsconsole::runbook::audit::{audit_file, read};
use runbook_support::Console;

fn answer(done: bool, note: &str) -> Answer {
    Answer {
        done,
        note: note.into(),
    }
}

const INVESTIGATE: [(&str, &str); 2] = [("service", "api"), ("threshold_ms", "1")];

#[tokio::test(flavor = "current_thread")]
async fn an_investigation_records_each_note_and_succeeds_on_the_finding() {
    let b = bench("notes");
    let answers = [
        answer(true, "orders by customer: 2.8 s mean"),
        answer(true, ""),
        answer(true, "index on orders(customer_id) added"),
        answer(true, "missing index; db password=hunter2hunter2 was not it"),
    ];
    let (outcome, events) = run_answering(&b, "query-investigation", &INVESTIGATE, &answers).await;
    assert_eq!(outcome, RunOutcome::Succeeded, "{events:?}");
    let notes: Vec<(usize, Option<String>)> = read(&audit_file(&b.state))
        .expect("audit")
        .into_iter()
        .filter(|r| r.entry.event == AuditEvent::StepFinished)
        .filter_map(|r| r.entry.step)
        .map(|s| (s.index, s.note))
        .collect();
    assert_eq!(
        notes,
        [
            (1, None),
            (2, Some("orders by customer: 2.8 s mean".into())),
            (3, None),
            (4, Some("index on orders(customer_id) added".into())),
            (5, Some("missing index; db password=*** not it".into())),
        ]
    );
    let Some(RunEventKind::Finished { captured, .. }) = events.last() else {
        panic!("no finish: {events:?}");
    };
    assert_eq!(
        captured.last(),
        Some(&(
            "note, step 5".to_string(),
            "missing index; db password=*** not it".to_string()
        ))
    );
}

#[tokio::test(flavor = "current_thread")]
async fn an_investigation_without_a_finding_does_not_succeed() {
    let b = bench("no-finding");
    let reviewed = answer(true, "");
    let yes_without_note = [
        reviewed.clone(),
        reviewed.clone(),
        reviewed.clone(),
        reviewed,
    ];
    let (outcome, events) =
        run_answering(&b, "query-investigation", &INVESTIGATE, &yes_without_note).await;
    assert_eq!(outcome, RunOutcome::Failed);
    let Some(RunEventKind::Finished { error, .. }) = events.last() else {
        panic!("no finish: {events:?}");
    };
    let error = error.as_deref().unwrap_or_default();
    assert!(error.contains("without the required note"), "{error}");

    let b = bench("no-cause");
    let none_found = [
        answer(true, ""),
        answer(true, ""),
        answer(true, ""),
        answer(false, "nothing in pg_stat_statements"),
    ];
    let (outcome, events) =
        run_answering(&b, "query-investigation", &INVESTIGATE, &none_found).await;
    assert_eq!(outcome, RunOutcome::Failed);
    let Some(RunEventKind::Finished { error, .. }) = events.last() else {
        panic!("no finish: {events:?}");
    };
    assert!(
        error
            .as_deref()
            .is_some_and(|e| e.ends_with("the operator answered no: nothing in pg_stat_statements")),
        "{error:?}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_wait_reports_what_it_waits_for_and_the_value_now() {
    let b = bench("waiting");
    let inputs = [("group", "web"), ("desired", "7"), ("hold", "0s")];
    let (outcome, events) = run(&b, "scale-out", &inputs).await;
    assert_eq!(outcome, RunOutcome::Succeeded, "{events:?}");
    let waits: Vec<&String> = events
        .iter()
        .filter_map(|e| match e {
            RunEventKind::Waiting {
                index: Some(1),
                detail,
            } => Some(detail),
            _ => None,
        })
        .collect();
    // 5 in service at 03:00; the two new instances take 75 simulated seconds to launch.
    assert_eq!(
        waits.first().map(|d| d.as_str()),
        Some("group.web.in_service >= 7 (now 5)"),
        "{events:?}"
    );
}

/// A headless run prints each step's start, its waits and the outcome; a manual step reads
/// the answer and the note from standard input.
#[test]
fn a_headless_run_is_never_silent_and_takes_notes_from_stdin() {
    let console = Console::new("progress")
        .with_config("[demo]\nstart = \"2026-11-18T03:00:00Z\"\nspeed = 10\n");
    let ran = console
        .run(&[
            "runbook",
            "run",
            "scale-out",
            "--row",
            "web",
            "--confirm",
            "web",
        ])
        .expect(0, "scale-out");
    ran.shows("step 1 \"Set desired capacity\" started")
        .shows("step 3 waiting for group.web.in_service >= 7 (now 5)")
        .shows("finished succeeded");

    let mut child = console
        .command(&[
            "runbook",
            "run",
            "query-investigation",
            "--row",
            "api",
            "-p",
            "threshold_ms=1",
            "--yes",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start opsconsole");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin
        .write_all(b"y\n\ny\n\ny\n\ny\nslow plan after the 02:10 deploy, rolled back\n")
        .expect("answers");
    drop(stdin);
    let out = child.wait_with_output().expect("finishes");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("then a line of what you found (required):")
            && stdout.contains("note, step 5 = slow plan after the 02:10 deploy, rolled back"),
        "{stdout}"
    );
    let audit = console.audit();
    let noted = audit
        .iter()
        .filter_map(|r| r["step"]["note"].as_str())
        .collect::<Vec<_>>();
    assert_eq!(noted, ["slow plan after the 02:10 deploy, rolled back"]);
}
