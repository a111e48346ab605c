//! The Security and Readiness runbooks on the seeded demo at a fixed clock, through the
//! library: each one's plan (what it will call, its precondition read now) and its run (the
//! simulated fleet changed, the verification met). `x` offering them: tests/runbook_tabs_keys.rs.

mod exec_support;

use exec_support::{Bench, bench_at_speed as bench, plan, request_on as request, run_plan};
use opsconsole::app::Topic;
use opsconsole::domain::audit::RunOutcome;
use opsconsole::domain::runbook::{ResolvedAction, RunEventKind};
use opsconsole::domain::{WorkflowStatus, figure};
use opsconsole::runbook::catalog::Catalog;
use opsconsole::runbook::planner::Plan;
use opsconsole::runbook::session;

async fn read(b: &Bench, id: &str) -> Option<f64> {
    let snapshot = b.target.snapshot().await.expect("snapshot");
    figure::read(&snapshot, id).expect("a figure")
}

/// The built-in `id` planned on `row` of `tab` with `inputs`.
async fn plan_on(b: &Bench, id: &str, tab: Topic, row: &str, inputs: &[(&str, &str)]) -> Plan {
    plan(b, &request(id, tab, row, inputs)).await
}

/// Runs `planned` (no manual steps), which must succeed; its steps' output lines.
async fn succeeds(b: &Bench, planned: Plan) -> Vec<String> {
    let (outcome, events) = run_plan(b, planned, &[]).await;
    assert_eq!(outcome, RunOutcome::Succeeded, "{events:?}");
    let output = |e| match e {
        RunEventKind::StepOutput { line, .. } => Some(line),
        _ => None,
    };
    events.into_iter().filter_map(output).collect()
}

fn calls(plan: &Plan) -> Vec<&str> {
    plan.view.steps.iter().map(|s| s.call.as_str()).collect()
}

#[tokio::test(flavor = "current_thread")]
async fn renew_certificate_plans_against_the_days_left_and_renews_on_the_demo() {
    let b = bench("renew", 10.0);
    // www.example.com expires at 2026-12-07 06:15:45 (the seeded cycle): 19 whole days.
    assert_eq!(
        read(&b, "certificate.www.example.com.days_left").await,
        Some(19.0)
    );
    let planned = plan_on(
        &b,
        "renew-certificate",
        Topic::Security,
        "www.example.com",
        &[("certificate", "www.example.com")],
    )
    .await;
    assert_eq!(
        planned.view.change,
        ["www.example.com: expires in 19 days → a new certificate"]
    );
    assert_eq!(
        planned.view.precondition.as_deref(),
        Some("certificate.www.example.com.days_left <= 19 (now 19)")
    );
    assert_eq!(planned.view.precondition_holds, Some(true));
    assert_eq!(
        calls(&planned),
        ["renew-certificate certificate=www.example.com"]
    );

    succeeds(&b, planned).await;
    // A new ACME certificate lasts 90 days from now.
    assert_eq!(
        read(&b, "certificate.www.example.com.days_left").await,
        Some(89.0)
    );
}

#[tokio::test(flavor = "current_thread")]
async fn an_environment_s_renewal_command_is_the_planned_argv_and_runs_without_a_shell() {
    let mut b = bench("renew-argv", 10.0);
    b.target.renew_certificate = Some(vec![
        "/bin/echo".into(),
        "renew".into(),
        "--cert-name".into(),
        "{certificate}".into(),
        "--env={env.name}".into(),
    ]);
    let planned = plan_on(
        &b,
        "renew-certificate",
        Topic::Security,
        "www.example.com",
        &[("certificate", "www.example.com")],
    )
    .await;
    assert_eq!(
        calls(&planned),
        [
            r#"renew-certificate certificate=www.example.com argv ["/bin/echo","renew","--cert-name","www.example.com","--env=demo"]"#
        ]
    );
    // What runs is the planned argv: its output is the step's (run here without the
    // verification, which would wait for days left that echo never raises).
    let ResolvedAction::Fleet(command) = &planned.run.steps[0].action else {
        panic!("a fleet step")
    };
    let output = b.target.act(command).await.expect("echo runs");
    assert_eq!(
        output,
        [
            "renew --cert-name www.example.com --env=demo",
            "/bin/echo exited 0"
        ]
    );
    assert_eq!(
        read(&b, "certificate.www.example.com.days_left").await,
        Some(19.0)
    );
}

#[tokio::test(flavor = "current_thread")]
async fn mark_finding_needs_a_note_and_the_next_snapshot_shows_the_new_status() {
    let b = bench("mark", 10.0);
    let finding = "CVE-2026-56325";
    let status = |s: &'static str| format!("finding.{finding}.{s}");
    assert_eq!(read(&b, &status("notified")).await, Some(1.0));
    let catalog = Catalog::load(None).0;
    let runbook = catalog.get("mark-finding").expect("built-in");
    let without_note = request(
        "mark-finding",
        Topic::Security,
        finding,
        &[("finding", finding), ("status", "resolved")],
    );
    let refused = session::request(runbook, &without_note, &b.target, 1, &b.actor, &b.audit)
        .await
        .err()
        .expect("a note is required");
    assert_eq!(refused, "note: required");

    let planned = plan_on(
        &b,
        "mark-finding",
        Topic::Security,
        finding,
        &[
            ("finding", finding),
            ("status", "resolved"),
            ("note", "not reachable: the web image never calls it"),
        ],
    )
    .await;
    assert_eq!(
        planned.view.change,
        ["CVE-2026-56325: workflow notified → resolved"]
    );
    assert_eq!(
        planned.view.precondition.as_deref(),
        Some("finding.CVE-2026-56325.notified == 1 (now 1)")
    );
    assert_eq!(
        calls(&planned),
        [
            r#"set-finding-workflow finding=CVE-2026-56325 status=RESOLVED note="not reachable: the web image never calls it (tester)""#
        ]
    );
    assert_eq!(
        succeeds(&b, planned).await,
        [
            "CVE-2026-56325: workflow NOTIFIED → RESOLVED (note: not reachable: the web image never calls it (tester))"
        ]
    );
    assert_eq!(read(&b, &status("resolved")).await, Some(1.0));
    assert_eq!(read(&b, &status("notified")).await, Some(0.0));
    let snapshot = b.target.snapshot().await.expect("snapshot");
    let findings = snapshot
        .security
        .and_then(|s| s.findings)
        .expect("findings");
    use opsconsole::domain::Severity;
    assert_eq!(findings.count(Severity::High, WorkflowStatus::Notified), 4);
    assert_eq!(findings.count(Severity::High, WorkflowStatus::Resolved), 1);
}

#[tokio::test(flavor = "current_thread")]
async fn reevaluate_check_moves_its_last_evaluation_past_the_plan_s() {
    let b = bench("reevaluate", 10.0);
    // "DR failover tested", last evaluated by its schedule at 2026-11-17 11:00 UTC.
    let evaluated = "check.check-02.evaluated_at";
    assert_eq!(read(&b, evaluated).await, Some(1_794_913_200.0));
    let planned = plan_on(
        &b,
        "reevaluate-check",
        Topic::Readiness,
        "check-02",
        &[("check", "check-02")],
    )
    .await;
    assert_eq!(
        planned.view.change,
        ["check-02 (DR failover tested): evaluated now (last evaluated 2026-11-17 11:00 UTC)"]
    );
    assert_eq!(calls(&planned), ["reevaluate-check check=check-02"]);
    assert_eq!(
        planned.view.verify.as_deref(),
        Some("check.check-02.evaluated_at > 1794913200 within 1m")
    );
    let said = succeeds(&b, planned).await;
    let line = &said[0];
    assert!(
        line.starts_with("check-02 (DR failover tested) evaluated at 03:"),
        "{line}"
    );
    assert!(line.ends_with(": warn (last drill 94 days ago)"), "{line}");
    // At or after the fleet's 03:00 start: the run's own evaluation, not the schedule's.
    let now = read(&b, evaluated).await.expect("evaluated");
    assert!(now >= 1_794_970_800.0, "{now}");
    assert_eq!(
        read(&b, "check.check-02.passing").await,
        Some(0.0),
        "a warning"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn dr_drill_promotes_the_replica_then_fails_back_to_the_original_primary() {
    // 60× real time: the old primary resyncs for 4 simulated minutes before the fail-back.
    let b = bench("drill", 60.0);
    let planned = plan_on(
        &b,
        "dr-drill",
        Topic::Readiness,
        "check-02",
        &[("replica", "db-replica-1"), ("primary", "db-primary")],
    )
    .await;
    let precondition = planned.view.precondition.clone().expect("a precondition");
    assert!(
        precondition.starts_with("database.db-replica-1.lag_seconds < 1 (now 0.1"),
        "{precondition}"
    );
    assert_eq!(planned.view.precondition_holds, Some(true));
    assert_eq!(
        calls(&planned),
        [
            "until database.db-primary.healthy == 1, checking every 2s",
            "failover-replica promote=db-replica-1",
            "until database.db-replica-1.primary == 1, checking every 5s",
            "until database.db-primary.lag_seconds < 1, checking every 5s",
            "failover-replica promote=db-primary",
        ]
    );
    let said = succeeds(&b, planned).await;
    for promoted in [
        "db-replica-1 promoted to primary; db-primary is now a replica",
        "db-primary promoted to primary; db-replica-1 is now a replica",
    ] {
        assert!(said.iter().any(|l| l == promoted), "{said:?}");
    }
    assert_eq!(read(&b, "database.db-primary.primary").await, Some(1.0));
    assert_eq!(read(&b, "database.db-replica-1.primary").await, Some(0.0));
}

#[tokio::test(flavor = "current_thread")]
async fn a_drill_onto_a_replica_still_catching_up_is_refused_by_its_precondition() {
    let b = bench("drill-lag", 10.0);
    // A real failover just happened: the old primary resyncs (6.5 s behind) as a replica.
    b.target
        .act(
            &opsconsole::domain::runbook::FleetCommand::FailoverReplica {
                replica: "db-replica-1".into(),
            },
        )
        .await
        .expect("failover");
    let planned = plan_on(
        &b,
        "dr-drill",
        Topic::Readiness,
        "check-02",
        &[("replica", "db-primary"), ("primary", "db-replica-1")],
    )
    .await;
    assert_eq!(
        planned.view.precondition.as_deref(),
        Some("database.db-primary.lag_seconds < 1 (now 6.5)")
    );
    assert_eq!(planned.view.precondition_holds, Some(false));
    let (outcome, _) = run_plan(&b, planned, &[]).await;
    assert_eq!(outcome, RunOutcome::PreconditionFailed);
    assert_eq!(
        read(&b, "database.db-replica-1.primary").await,
        Some(1.0),
        "nothing ran"
    );
}
