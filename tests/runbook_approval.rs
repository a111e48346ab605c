//! Two-person approval. Through the library with an injected clock: a run that needs approval
//! runs no step until another user approves, ignores a grant its own requester wrote, and ends
//! failed when its TTL passes. Through the real binary: two processes on one state directory,
//! one waiting as alice, the other approving as bob (after alice's own attempt and a read-only
//! one are refused), and the audit holds the whole chain.

mod runbook_support;
mod stack;

use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use opsconsole::domain::audit::{Actor, AuditEvent, RunOutcome};
use opsconsole::domain::runbook::{Origin, RunEventKind, RunRequest};
use opsconsole::runbook::approval;
use opsconsole::runbook::audit::{AuditLog, AuditSink, audit_file, read};
use opsconsole::runbook::catalog;
use opsconsole::runbook::executor::{ApprovalGate, RunContext};
use opsconsole::runbook::session;
use opsconsole::runbook::target::Target;
use opsconsole::sources::simulator::{SimulatorConfig, spawn};
use runbook_support::{Console, Reaped, approval_request, run_id, wait_for};
use tokio::sync::mpsc;

/// One command step, no parameters, and a second user's approval for every run.
const APPROVED_ECHO: &str = r#"id = "approved-echo"
title = "Echo once approved"
tab = "alerts"
risk = "low"
approval = true
target = "echo"

[[steps]]
title = "Echo"
command = ["/bin/echo", "approved"]
timeout = "10s"
"#;

fn actor(user: &str) -> Actor {
    Actor {
        user: user.into(),
        ssh_client: None,
        host: "bench".into(),
    }
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 18, 3, 0, 0)
        .single()
        .expect("a valid time")
}

/// A clock that reads `start() + n minutes` at its n-th reading: the TTL passes after a known
/// number of polls, whatever the wall clock does.
fn minute_per_reading() -> approval::Clock {
    let readings = Arc::new(AtomicI64::new(0));
    Arc::new(move || start() + chrono::Duration::minutes(readings.fetch_add(1, Ordering::SeqCst)))
}

/// Runs `approved-echo` as alice with a 15-minute TTL; `answer` is called once the request
/// file is on disk. Returns the outcome, the events and the audit's events of the run.
async fn run_waiting(
    name: &str,
    clock: approval::Clock,
    answer: impl FnOnce(&Path, &str),
) -> (RunOutcome, Vec<RunEventKind>, Vec<String>) {
    let state =
        std::env::temp_dir().join(format!("opsconsole-approval-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&state);
    let (tx, _rx) = mpsc::channel(1);
    let (handle, _task) = spawn(
        SimulatorConfig::new(42, start()),
        1.0,
        Duration::from_secs(3600),
        tx,
        tokio::sync::watch::channel(None).1,
    );
    let target = Target::simulator("demo", handle);
    let audit = AuditSink::spawn(AuditLog::new(audit_file(&state))).expect("audit");
    let runbook = catalog::parse(
        Path::new("approved-echo.toml"),
        APPROVED_ECHO,
        Origin::BuiltIn,
    )
    .expect("runbook");
    let request = RunRequest {
        runbook: runbook.id.clone(),
        inputs: Default::default(),
        row: None,
    };
    let alice = actor("alice");
    let plan = session::request(&runbook, &request, &target, 1, &alice, &audit)
        .await
        .expect("plan");
    let (events, mut received) = mpsc::unbounded_channel();
    let context = RunContext {
        actor: alice,
        confirmation: "test".into(),
        audit,
        events,
        approval: Some(ApprovalGate {
            state_dir: state.clone(),
            reason: "the runbook requires approval".into(),
            ttl: Duration::from_secs(15 * 60),
            poll: Duration::from_millis(20),
            clock,
        }),
    };
    let handle = session::start(plan, target, context, &state, false).expect("starts");
    let mut seen = Vec::new();
    let mut answer = Some(answer);
    while let Some(event) = received.recv().await {
        if let (RunEventKind::AwaitingApproval { .. }, Some(answer)) = (&event.kind, answer.take())
        {
            assert!(
                state.join("approvals/1.json").exists(),
                "the request is on disk"
            );
            answer(&state, "1");
        }
        seen.push(event.kind);
    }
    let outcome = handle.task.await.expect("no panic");
    let audited = read(&audit_file(&state))
        .expect("audit")
        .iter()
        .map(|r| r.entry.event.label().to_string())
        .collect();
    assert!(
        approval::pending(&state).expect("listed").is_empty(),
        "the run removed its request"
    );
    std::fs::remove_dir_all(&state).ok();
    (outcome, seen, audited)
}

fn has_step(events: &[RunEventKind]) -> bool {
    events
        .iter()
        .any(|e| matches!(e, RunEventKind::StepStarted { .. }))
}

#[tokio::test]
async fn another_users_approval_starts_the_run() {
    let fixed: approval::Clock = Arc::new(start);
    let (outcome, events, audited) = run_waiting("granted", fixed, |state, run| {
        approval::approve(state, run, &actor("bob"), start(), false).expect("bob approves");
    })
    .await;
    assert_eq!(outcome, RunOutcome::Succeeded, "{events:?}");
    assert!(events.contains(&RunEventKind::Approved { by: "bob".into() }));
    assert_eq!(
        audited,
        [
            "requested",
            "confirmed",
            "approval_requested",
            "approved",
            "step_started",
            "step_finished",
            "finished"
        ]
    );
}

#[tokio::test]
async fn without_another_users_approval_nothing_runs_and_the_request_expires_at_its_ttl() {
    // Alice writes a grant herself, by hand: the run ignores it and keeps waiting.
    let (outcome, events, audited) = run_waiting("expired", minute_per_reading(), |state, run| {
        let own = approval::approve(state, run, &actor("alice"), start(), false)
            .expect_err("self-approval");
        assert_eq!(
            own,
            "alice cannot approve their own run 1: another user must approve it"
        );
        let forged = format!(
            r#"{{"run":"1","approver":{{"user":"alice","host":"bench"}},"at":"{}"}}"#,
            start().to_rfc3339()
        );
        std::fs::write(state.join("approvals/1.approved.json"), forged).expect("forged");
    })
    .await;
    assert_eq!(outcome, RunOutcome::Failed);
    assert!(!has_step(&events), "no step ran: {events:?}");
    let Some(RunEventKind::Finished { error, .. }) = events.last() else {
        panic!("no finish: {events:?}");
    };
    // Requested at 03:00 (the first reading), expired at the reading of 03:15.
    assert_eq!(
        error.as_deref(),
        Some("approval expired at 03:15:00 UTC: nobody but alice approved within 15m")
    );
    assert_eq!(
        audited,
        [
            "requested",
            "confirmed",
            "approval_requested",
            "approval_expired",
            "finished"
        ]
    );
    assert!(
        !audited.contains(&AuditEvent::Approved.label().to_string()),
        "{audited:?}"
    );
}

#[test]
fn two_processes_on_one_state_dir_request_and_approve() {
    let console =
        Console::new("approval").with_config("[demo]\nstart = \"2026-11-18T15:00:00Z\"\n");
    console.runbook("approved-echo", APPROVED_ECHO);
    let as_user = |user: &'static str| [("USER", user), ("LOGNAME", user)];
    let out = console.dir.join("alice.out");
    let mut alice = console
        .command(&["runbook", "run", "approved-echo", "--yes"])
        .envs(as_user("alice"))
        .stdout(Stdio::from(std::fs::File::create(&out).expect("output")))
        .stderr(Stdio::null())
        .spawn()
        .map(Reaped)
        .expect("alice's run starts");
    let approvals = console.state.join("approvals");
    let run = approval_request(&console.state);
    let listed = console
        .run_with(&["runbook", "approvals"], &as_user("bob"))
        .expect(0, "approvals");
    listed.shows(&format!("{run}  approved-echo on echo (demo)"));
    listed.shows("by alice@");
    console
        .run_with(&["runbook", "approve", &run], &as_user("alice"))
        .expect(2, "self-approval")
        .says("not approved: alice cannot approve their own run");
    console
        .run_with(
            &["--read-only", "runbook", "approve", &run],
            &as_user("bob"),
        )
        .expect(2, "read-only approval")
        .says("read-only mode: approvals cannot be given here");
    console
        .run_with(&["runbook", "approve", &run], &as_user("bob"))
        .expect(0, "bob approves")
        .shows(&format!(
            "approved run {run} (approved-echo on echo, demo) requested by alice"
        ));
    let status = wait_for("alice's run to finish", || {
        alice.0.try_wait().ok().flatten().map(|s| format!("{s}"))
    });
    let printed = std::fs::read_to_string(&out).expect("alice's output");
    assert_eq!(status, "exit status: 0", "{printed}");
    assert_eq!(run_id(&printed), run);
    assert!(
        printed.contains("waiting for approval by any user but alice"),
        "{printed}"
    );
    assert!(printed.contains("approved by bob"), "{printed}");
    assert_eq!(
        console.events(&run),
        [
            "requested",
            "confirmed",
            "approval_requested",
            "approved",
            "step_started",
            "step_finished",
            "finished succeeded"
        ]
    );
    let records = console.records(&run);
    assert_eq!(records[3]["actor"]["user"], "bob", "{}", records[3]);
    assert_eq!(records[2]["actor"]["user"], "alice", "{}", records[2]);
    assert!(
        std::fs::read_dir(&approvals).expect("dir").next().is_none(),
        "the request and the grant are gone"
    );
    console.verify();
}
