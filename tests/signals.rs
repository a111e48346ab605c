//! The real binary in a pseudo-terminal: it draws a first frame, answers keys promptly, and the quit key,
//! SIGTERM, SIGHUP and a vanished terminal each end it within a second with the terminal
//! restored (alternate screen left, cursor shown).

mod stack;

use std::collections::HashMap;
use std::sync::Mutex;

/// One session at a time: four consoles starting at once on a small machine would measure the
/// machine, not the console.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn session(ending: &str) -> HashMap<String, String> {
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    stack::pty::session(ending, &[])
}

fn assert_clean_exit(ending: &str, restored_expected: bool) {
    let report = session(ending);
    assert_ne!(
        report["first_frame_ms"], "none",
        "{ending}: no frame drawn: {report:?}"
    );
    let slowest_key: f64 = report["slowest_key_ms"].parse().expect("key latency");
    assert!(
        slowest_key < 300.0,
        "{ending}: a tab key took {slowest_key} ms to redraw"
    );
    let exit_ms: f64 = report["exit_ms"]
        .parse()
        .unwrap_or_else(|_| panic!("{ending}: never exited: {report:?}"));
    assert!(exit_ms < 1000.0, "{ending}: took {exit_ms} ms to exit");
    assert_eq!(
        report["exit_status"], "0",
        "{ending}: exit status (negative = killed by a signal): {report:?}"
    );
    if restored_expected {
        assert_eq!(
            report["restored"], "True",
            "{ending}: terminal not restored: {report:?}"
        );
    }
}

#[test]
fn quit_key_restores_the_terminal() {
    assert_clean_exit("quit-key", true);
}

#[test]
fn sigterm_restores_the_terminal() {
    assert_clean_exit("sigterm", true);
}

#[test]
fn sighup_restores_the_terminal() {
    assert_clean_exit("sighup", true);
}

#[test]
fn a_vanished_terminal_ends_the_process() {
    // Nobody can read the restore sequences, but the process must not linger (k9s #1194).
    assert_clean_exit("hangup", false);
}

#[test]
fn sigterm_during_a_run_stops_it_records_it_interrupted_and_restores_the_terminal() {
    let report = session("run-sigterm");
    assert_eq!(report["exit_status"], "0", "{report:?}");
    assert_eq!(report["restored"], "True", "{report:?}");
    let exit_ms: f64 = report["exit_ms"].parse().expect("exited");
    assert!(
        exit_ms < 4000.0,
        "took {exit_ms} ms to stop the run and exit"
    );
    let audit = std::path::Path::new(&report["state_dir"]).join("audit.jsonl");
    let records = opsconsole::runbook::audit::read(&audit).expect("the audit");
    let last = records.last().expect("records");
    assert_eq!(last.entry.runbook, "scale-out");
    assert_eq!(
        last.entry.outcome,
        Some(opsconsole::domain::audit::RunOutcome::Interrupted),
        "{last:?}"
    );
    assert!(
        records
            .iter()
            .any(|r| r.entry.confirmation.as_deref() == Some("typed the target name \"web\"")),
        "the confirmation is recorded with how it was given"
    );
    let report = opsconsole::runbook::audit::verify(&audit).expect("verify");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}
