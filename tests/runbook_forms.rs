//! Forms that help: defaults stay inside their range, and a group at its max is offered
//! group-limits; a failover of a healthy primary needs a reason; a headless plan missing its
//! row names the flags to pass.

mod common;
mod replan_support;

use chrono::{TimeZone, Utc};
use common::simulator;
use opsconsole::app::AppState;
use opsconsole::app::runbook::{Stage, open, text_of};
use opsconsole::domain::runbook::RunRequest;
use opsconsole::runbook::audit::{audit_file, read};
use opsconsole::runbook::session;
use ratatui::crossterm::event::KeyCode;
use replan_support::*;

fn desired_field(state: &AppState) -> (String, Option<String>) {
    let Stage::Form(form) = stage(state) else {
        panic!("the form")
    };
    let field = form
        .fields
        .iter()
        .find(|f| f.param.name == "desired")
        .expect("desired");
    (text_of(&field.input), field.error.clone())
}

#[test]
fn scale_out_defaults_stay_within_max_and_at_max_the_form_offers_group_limits() {
    let snapshot = simulator().snapshot();
    // 11 of 12: +2 would be 13; the default is the max.
    let mut state = console(with_web(snapshot.clone(), 11, 12));
    open(&mut state, runbook("scale-out"), web());
    assert_eq!(desired_field(&state), ("12".into(), None));

    // 12 of 12: no value fits; the form says so and Enter opens group-limits on web.
    let mut state = console(with_web(snapshot, 12, 12));
    open(&mut state, runbook("scale-out"), web());
    let message = "web is at its max (12): raise the limits with group-limits";
    assert_eq!(desired_field(&state).1.as_deref(), Some(message));
    let shown = screen(&mut state);
    assert!(
        shown.contains(message) && shown.contains("open the offered runbook"),
        "{shown}"
    );
    assert!(press(&mut state, KeyCode::Enter).is_empty());
    let flow = state.flow.as_ref().expect("group-limits");
    assert_eq!(flow.runbook.id, "group-limits");
    assert_eq!(flow.row, web());
    let Stage::Form(form) = &flow.stage else {
        panic!("its form")
    };
    let max = form
        .fields
        .iter()
        .find(|f| f.param.name == "max")
        .expect("max");
    assert_eq!(text_of(&max.input), "12");
}

#[tokio::test(flavor = "current_thread")]
async fn failover_of_a_healthy_primary_needs_a_reason() {
    let (target, audit, dir, _updates) = fleet();
    let failover = runbook("replica-failover");
    let mut request = RunRequest {
        runbook: failover.id.clone(),
        inputs: [("replica".to_string(), "db-replica-1".to_string())].into(),
        row: None,
    };
    let refused = session::request(&failover, &request, &target, 1, &actor(), &audit).await;
    assert_eq!(
        refused.err().as_deref(),
        Some("reason: required: the primary db-primary is healthy; say why you fail over anyway")
    );
    request
        .inputs
        .insert("reason".into(), "DR rehearsal, ticket OPS-12".into());
    let plan = session::request(&failover, &request, &target, 2, &actor(), &audit)
        .await
        .expect("plan");
    assert!(
        plan.view
            .change
            .contains(&"primary db-primary is healthy now".to_string()),
        "{:?}",
        plan.view.change
    );
    let records = read(&audit_file(&dir)).expect("audit");
    assert_eq!(
        records[0].entry.params.get("reason").map(String::as_str),
        Some("DR rehearsal, ticket OPS-12")
    );

    // The form asks for the reason only while the primary is healthy.
    let snapshot = target.snapshot().await.expect("snapshot");
    let mut state = console(snapshot.clone());
    open(&mut state, failover.clone(), None);
    let names = |state: &AppState| match stage(state) {
        Stage::Form(form) => form
            .fields
            .iter()
            .map(|f| f.param.name.clone())
            .collect::<Vec<_>>(),
        _ => panic!("the form"),
    };
    assert_eq!(names(&state), ["replica", "reason"]);
    let mut sick = snapshot;
    for db in sick.scaling.iter_mut().flat_map(|s| &mut s.databases) {
        if db.name == "db-primary" {
            db.healthy = false;
        }
    }
    let mut state = console(sick);
    open(&mut state, failover, None);
    assert_eq!(names(&state), ["replica"]);
}

#[test]
fn headless_plan_without_a_row_names_the_flags_to_pass() {
    let dir = std::env::temp_dir().join(format!("opsconsole-replan-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let config = dir.join("config.toml");
    let at = Utc
        .with_ymd_and_hms(2026, 11, 18, 3, 0, 0)
        .single()
        .expect("time");
    std::fs::write(
        &config,
        format!("[demo]\nstart = \"{}\"\n", at.to_rfc3339()),
    )
    .expect("config");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_opsconsole"))
        .env("OPSCONSOLE_STATE_DIR", dir.join("state"))
        .env("OPSCONSOLE_CONFIG_DIR", dir.join("conf"))
        .env_remove("OPSCONSOLE_CONFIG")
        .env_remove("OPSCONSOLE_ENV")
        .arg("--config")
        .arg(&config)
        .args(["runbook", "plan", "scale-out"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("group: required — pass --row web (groups: web, worker) or -p group=web"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "desired: required — pass --row web (groups: web, worker) or -p desired=VALUE"
        ),
        "{stderr}"
    );
}
