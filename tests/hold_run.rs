//! Holds through runbooks on the simulated fleet: a scale-out at low CPU plans with the policy
//! warning and a 30-minute hold; the held run and its release end in one audit chain.

mod exec_support;

use std::collections::BTreeSet;

use exec_support::{Bench, bench, request, web};
use opsconsole::domain::audit::{AuditEvent, RunOutcome};
use opsconsole::domain::scaling::Hold;
use opsconsole::runbook::audit::{audit_file, read, verify};
use opsconsole::runbook::catalog::Catalog;
use opsconsole::runbook::planner::{self, Plan};
use opsconsole::runbook::session::{self};

/// The form's (and a headless run's) default.
const HOLD: &str = "30m";

#[test]
fn scale_out_holds_for_30_minutes_by_default() {
    let catalog = Catalog::load(None).0;
    let hold = catalog
        .get("scale-out")
        .expect("built-in")
        .params
        .iter()
        .find(|p| p.name == "hold")
        .cloned()
        .expect("a hold parameter");
    assert_eq!(hold.default.as_deref(), Some(HOLD));
}

async fn plan(b: &Bench, id: &str, inputs: &[(&str, &str)]) -> Plan {
    let catalog = Catalog::load(None).0;
    let runbook = catalog.get(id).expect("built-in");
    let now = b.target.snapshot().await.expect("snapshot").taken_at;
    planner::make(runbook, &request(id, inputs), &b.target, 1, now, "tester")
        .await
        .expect("plan")
}

async fn run(b: &Bench, id: &str, inputs: &[(&str, &str)]) -> RunOutcome {
    exec_support::run(b, id, inputs).await.0
}

#[tokio::test(flavor = "current_thread")]
async fn a_scale_out_at_low_cpu_warns_and_holds_by_default() {
    let b = bench("warn");
    let group = web(&b.target.snapshot().await.expect("snapshot"));
    let cpu = group.cpu_percent.expect("cpu");
    // 5 → 7 instances: CPU × 5 / 7 must stay under the 50 % scale-in threshold.
    assert!(cpu * 5.0 / 7.0 < 50.0, "a quiet night: {cpu}");
    let held = plan(
        &b,
        "scale-out",
        &[("group", "web"), ("desired", "7"), ("hold", HOLD)],
    )
    .await;
    let view = &held.view;
    assert_eq!(view.warnings.len(), 1, "{:?}", view.warnings);
    let warning = &view.warnings[0];
    assert!(
        warning
            .starts_with("web's policy will likely undo this: CPU after the change estimated at "),
        "{warning}"
    );
    assert!(warning.contains("x 5/7 = "), "{warning}");
    assert!(
        warning.ends_with("below its scale-in threshold 50%, so it scales in after 5m (then 3m cooldown); this plan holds web for 30m, then the policy acts again"),
        "{warning}"
    );
    assert!(view.params.contains(&("hold".into(), "30m".into())));
    let calls: Vec<&str> = view.steps.iter().map(|s| s.call.as_str()).collect();
    assert_eq!(calls[1], "hold-scaling group=web min=7 for=30m");

    let unheld = plan(
        &b,
        "scale-out",
        &[("group", "web"), ("desired", "7"), ("hold", "0s")],
    )
    .await;
    assert!(
        unheld.view.warnings[0]
            .ends_with("; a hold keeps the new size (scale-out's hold parameter)"),
        "{:?}",
        unheld.view.warnings
    );
    assert!(
        unheld
            .view
            .steps
            .iter()
            .all(|s| !s.call.starts_with("hold-scaling")),
        "no hold, no hold step"
    );
    assert_ne!(unheld.view.digest, held.view.digest);
}

#[tokio::test(flavor = "current_thread")]
async fn a_held_scale_out_then_its_release_are_in_the_audit() {
    let b = bench("audit");
    let outcome = run(
        &b,
        "scale-out",
        &[("group", "web"), ("desired", "7"), ("hold", HOLD)],
    )
    .await;
    assert_eq!(outcome, RunOutcome::Succeeded);
    let snapshot = b.target.snapshot().await.expect("snapshot");
    let group = web(&snapshot);
    assert_eq!((group.desired, group.min), (7, 7));
    let Hold::Until(until) = group.hold else {
        panic!("held: {group:?}");
    };
    let records = read(&audit_file(&b.state)).expect("audit");
    let hold = records
        .iter()
        .find(|r| {
            r.entry.event == AuditEvent::StepFinished
                && r.entry.step.as_ref().is_some_and(|s| s.index == 2)
        })
        .and_then(|r| r.entry.step.clone())
        .expect("the hold step");
    assert_eq!(hold.call, "hold-scaling group=web min=7 for=30m");
    assert_eq!(hold.status.as_deref(), Some("ok"));
    let output = hold.output.expect("output");
    assert!(
        output.contains(&format!(
            "web held until {}",
            until.format("%Y-%m-%d %H:%M UTC")
        )),
        "{output}"
    );

    // Still held: nothing to record.
    let unheld = session::unheld(&snapshot).expect("groups");
    assert!(!unheld.contains("web"));
    let none = session::record_released(&b.state, &b.actor, "demo", (&unheld, snapshot.taken_at))
        .expect("audit");
    assert!(none.is_empty(), "{none:?}");

    assert_eq!(
        run(&b, "release-hold", &[("group", "web")]).await,
        RunOutcome::Succeeded
    );
    let snapshot = b.target.snapshot().await.expect("snapshot");
    assert_eq!((web(&snapshot).min, web(&snapshot).hold), (5, Hold::Free));
    let ended: BTreeSet<String> = session::unheld(&snapshot).expect("groups");
    let lines = session::record_released(&b.state, &b.actor, "demo", (&ended, snapshot.taken_at))
        .expect("audit");
    assert_eq!(lines.len(), 1, "{lines:?}");
    let again = session::record_released(&b.state, &b.actor, "demo", (&ended, snapshot.taken_at))
        .expect("audit");
    assert!(again.is_empty(), "released once");

    let records = read(&audit_file(&b.state)).expect("audit");
    let scale_out = &records[0].entry.run;
    let chain: Vec<AuditEvent> = records
        .iter()
        .filter(|r| &r.entry.run == scale_out)
        .map(|r| r.entry.event)
        .collect();
    use AuditEvent::*;
    assert_eq!(
        chain,
        [
            Requested,
            Confirmed,
            StepStarted,
            StepFinished,
            StepStarted,
            StepFinished,
            StepStarted,
            StepFinished,
            Finished,
            Released
        ]
    );
    let released = records.last().expect("records");
    let seen = released
        .entry
        .step
        .as_ref()
        .and_then(|s| s.output.clone())
        .expect("seen");
    assert!(seen.starts_with("web seen without a hold at "), "{seen}");
    assert!(
        verify(&audit_file(&b.state))
            .expect("verify")
            .problems
            .is_empty()
    );
    assert!(
        opsconsole::runbook::audit::unfinished_runs(&records).is_empty(),
        "released reopens nothing"
    );
}
