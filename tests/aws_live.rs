//! The real console on an environment with a Prometheus (the test stack) and an AWS account
//! (the emulator moto): a scale-out runbook changes the AWS group and the audit keeps the call
//! and AWS's answer; with signature checking on, a wrong secret is a clear authentication error
//! on the command line and on the Scaling tab, and the console still starts and quits cleanly.
#![cfg(feature = "aws")]

mod common;
mod runbook_support;
mod stack;

use std::process::Command;
use std::time::Duration;

use opsconsole::app::{Message, Topic, update};
use opsconsole::domain::{SourceId, SourceUpdate};
use runbook_support::{Console, lab_config, run_id, words};
use stack::moto::{Moto, cpu_datum, create_group};
use stack::{Options, Stack};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// The stack's `lab` environment with `moto` as its AWS account.
fn aws_config(stack: &Stack, moto: &Moto) -> String {
    format!(
        "{}\n[environments.lab.aws]\n{}",
        lab_config(stack, "", ""),
        moto.environment_block()
    )
}

fn env(moto: &Moto) -> Vec<(&'static str, String)> {
    moto.env().into_iter().collect()
}

fn with_env<'a>(vars: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    vars.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn desired(moto: &Moto, group: &str) -> i32 {
    aws_sdk_autoscaling::Client::new(&moto.sdk_config().await)
        .describe_auto_scaling_groups()
        .auto_scaling_group_names(group)
        .send()
        .await
        .expect("describe")
        .auto_scaling_groups
        .unwrap_or_default()
        .first()
        .and_then(aws_sdk_autoscaling::types::AutoScalingGroup::desired_capacity)
        .expect("a desired capacity")
}

/// moto's web group (5–12 at 5) at 40 % CPU a minute ago, so the runbook's check holds.
async fn seed(moto: &Moto) {
    let config = moto.sdk_config().await;
    create_group(
        &aws_sdk_autoscaling::Client::new(&config),
        "web",
        (5, 5, 12),
    )
    .await;
    aws_sdk_cloudwatch::Client::new(&config)
        .put_metric_data()
        .namespace("AWS/EC2")
        .metric_data(cpu_datum(
            "web",
            40.0,
            chrono::Utc::now() - chrono::Duration::minutes(1),
        ))
        .send()
        .await
        .expect("put CPU");
}

#[test]
fn scale_out_changes_the_aws_group_and_the_audit_keeps_call_and_answer() {
    let stack = Stack::start(Options::default());
    let moto = Moto::start();
    let runtime = runtime();
    runtime.block_on(seed(&moto));
    let console = Console::new("aws-scale").with_config(&aws_config(&stack, &moto));
    let vars = env(&moto);
    let line = "--env lab runbook run scale-out --row web -p desired=7 --confirm web";
    let ran = console
        .run_with(&words(line), &with_env(&vars))
        .expect(0, "scale-out on AWS");
    assert_eq!(runtime.block_on(desired(&moto, "web")), 7);
    let run = run_id(&ran.stdout);
    let calls = console.calls(&run);
    assert!(
        calls.contains(&"set-desired-capacity group=web desired=7 if-desired-is=5".to_string()),
        "{calls:?}"
    );
    let answer = console
        .records(&run)
        .into_iter()
        .filter(|r| r["event"] == "step_finished")
        .filter_map(|r| r["step"]["output"].as_str().map(str::to_string))
        .find(|o| o.contains("autoscaling:SetDesiredCapacity"))
        .expect("the call's answer in the audit");
    assert!(answer.contains("accepted, request id "), "{answer}");
    assert!(
        answer.contains("web now: desired 7, min 5, max 12"),
        "{answer}"
    );
    assert!(
        console
            .events(&run)
            .contains(&"finished succeeded".to_string())
    );
    let secret = &moto.credentials.secret_access_key;
    assert!(
        !console
            .state_files()
            .iter()
            .any(|(_, text)| text.contains(secret.as_str())),
        "the secret key never reaches the state dir"
    );
    console.verify();
}

#[test]
fn a_wrong_secret_is_a_clear_authentication_error_not_a_crash() {
    let stack = Stack::start(Options::default());
    let moto = Moto::signed();
    let runtime = runtime();
    runtime.block_on(seed(&moto));
    let console = Console::new("aws-auth").with_config(&aws_config(&stack, &moto));
    let snapshot = "--env lab snapshot --tab scaling --format json";
    let good = env(&moto);
    let ran = console
        .run_with(&words(snapshot), &with_env(&good))
        .expect(0, "the right key");
    let json: serde_json::Value = serde_json::from_str(&ran.stdout).expect("JSON");
    let web = json["data"]["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["name"] == "web")
        .cloned()
        .expect("moto's web group");
    assert_eq!(
        (web["desired"].as_u64(), web["max"].as_u64()),
        (Some(5), Some(12))
    );

    let wrong_secret = "not-the-secret-0123456789";
    let mut bad = good.clone();
    bad.retain(|(k, _)| *k != "AWS_SECRET_ACCESS_KEY");
    bad.push(("AWS_SECRET_ACCESS_KEY", wrong_secret.into()));
    let ran = console
        .run_with(&words(snapshot), &with_env(&bad))
        .expect(2, "a wrong secret");
    ran.says("autoscaling:DescribeAutoScalingGroups: authentication failed (SignatureDoesNotMatch");
    assert!(!ran.both().contains("panicked"), "{}", ran.both());
    assert!(
        !ran.both().contains(wrong_secret),
        "the secret is never printed"
    );

    // The same error, as the console's source reports it, where the console shows it.
    let error = ran
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("opsconsole: "))
        .expect("the error line")
        .to_string();
    let mut state = common::state_with(common::simulator().snapshot(), Topic::Scaling);
    state
        .data
        .register(SourceId::AwsScaling, Duration::from_secs(30));
    update(
        &mut state,
        Message::Source(SourceUpdate {
            source: SourceId::AwsScaling,
            result: Err(error),
        }),
    );
    let screen = common::text(&common::draw(&mut state, 220, 40, false));
    assert!(
        screen.contains(
            "aws:asg FAILED: autoscaling:DescribeAutoScalingGroups: authentication failed"
        ),
        "{screen}"
    );

    // The whole console with the wrong secret: it starts, shows the groups it can read, and
    // quits with the terminal restored.
    let config = console.config.clone().expect("config");
    let harness = Command::new("python3")
        .args([
            "tests/pty_session.py",
            env!("CARGO_BIN_EXE_opsconsole"),
            "quit-key",
        ])
        .env(
            "OPSCONSOLE_PTY_ARGS",
            format!("--config {} --env lab", config.display()),
        )
        .env("OPSCONSOLE_PTY_SETTLE", "3")
        .envs(bad.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .expect("python3 runs the pseudo-terminal harness");
    let report = String::from_utf8_lossy(&harness.stdout);
    assert!(
        harness.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&harness.stderr)
    );
    assert!(report.contains("exit_status 0"), "clean exit: {report}");
    assert!(
        report.contains("restored True"),
        "terminal restored: {report}"
    );
}
