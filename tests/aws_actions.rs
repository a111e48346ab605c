//! Fleet actions against auto scaling groups in the AWS emulator moto: each re-reads the group
//! right before its call, refuses a group that moved since the plan and a desired capacity
//! outside the limits (which moto itself would accept), and answers with AWS's request id.
#![cfg(feature = "aws")]

mod stack;

use opsconsole::domain::runbook::FleetCommand;
use opsconsole::sources::aws::actions::act;
use opsconsole::sources::aws::clients::AwsClients;
use stack::moto::Moto;

struct Account {
    _moto: Moto,
    clients: AwsClients,
}

/// moto with one group, web: min 5, desired 5, max 12.
async fn account() -> Account {
    let moto = Moto::start();
    let (clients, _) = moto.console().await;
    stack::moto::create_group(&clients.autoscaling, "web", (5, 5, 12)).await;
    Account {
        _moto: moto,
        clients,
    }
}

async fn desired(clients: &AwsClients) -> (i32, i32, i32) {
    let group = clients
        .autoscaling
        .describe_auto_scaling_groups()
        .auto_scaling_group_names("web")
        .send()
        .await
        .expect("describe")
        .auto_scaling_groups
        .unwrap_or_default()
        .remove(0);
    (
        group.min_size().unwrap_or(-1),
        group.desired_capacity().unwrap_or(-1),
        group.max_size().unwrap_or(-1),
    )
}

fn set(desired: u32, expect: Option<u32>) -> FleetCommand {
    FleetCommand::SetDesiredCapacity {
        group: "web".into(),
        desired,
        expect,
    }
}

#[tokio::test]
async fn setting_desired_capacity_is_read_back_with_the_request_id() {
    let account = account().await;
    let lines = act(&account.clients, &set(7, Some(5)))
        .await
        .expect("accepted");
    assert_eq!(desired(&account.clients).await, (5, 7, 12));
    assert_eq!(
        lines[0],
        "autoscaling:SetDesiredCapacity web DesiredCapacity=7"
    );
    assert!(lines[1].starts_with("accepted, request id "), "{lines:?}");
    assert!(!lines[1].ends_with("(none given)"), "{lines:?}");
    assert!(
        lines[2].starts_with("web now: desired 7, min 5, max 12"),
        "{lines:?}"
    );
}

#[tokio::test]
async fn a_group_that_moved_since_the_plan_is_not_changed() {
    let account = account().await;
    // Someone scales between the plan (made at 5) and the call.
    act(&account.clients, &set(6, None)).await.expect("scaled");
    let refused = act(&account.clients, &set(8, Some(5)))
        .await
        .expect_err("the group moved");
    assert!(
        refused.contains("web desired is now 6, not 5 as planned"),
        "{refused}"
    );
    assert_eq!(
        desired(&account.clients).await,
        (5, 6, 12),
        "nothing called"
    );
}

#[tokio::test]
async fn a_desired_capacity_above_max_is_refused_by_the_console_though_moto_accepts_it() {
    let account = account().await;
    let refused = act(&account.clients, &set(13, Some(5)))
        .await
        .expect_err("above max");
    assert!(refused.contains("outside web's limits 5-12"), "{refused}");
    assert_eq!(desired(&account.clients).await, (5, 5, 12));
    // The emulator has no such check (real AWS does): the console's is what stopped it.
    account
        .clients
        .autoscaling
        .set_desired_capacity()
        .auto_scaling_group_name("web")
        .desired_capacity(13)
        .send()
        .await
        .expect("moto accepts 13");
    assert_eq!(desired(&account.clients).await, (5, 13, 12));
}

#[tokio::test]
async fn limits_and_suspended_processes_change_and_are_read_back() {
    let account = account().await;
    let limits = FleetCommand::UpdateGroupLimits {
        group: "web".into(),
        min: 6,
        max: 10,
        expect_min: Some(5),
        expect_max: Some(12),
    };
    let lines = act(&account.clients, &limits).await.expect("limits");
    assert_eq!(
        lines[0],
        "autoscaling:UpdateAutoScalingGroup web MinSize=6 MaxSize=10"
    );
    let (min, _, max) = desired(&account.clients).await;
    assert_eq!((min, max), (6, 10));
    let suspend = FleetCommand::SuspendProcesses {
        group: "web".into(),
        processes: vec!["AlarmNotification".into(), "Launch".into()],
    };
    let lines = act(&account.clients, &suspend).await.expect("suspended");
    assert!(
        lines[2].ends_with("suspended AlarmNotification,Launch"),
        "{lines:?}"
    );
    let resume = FleetCommand::ResumeProcesses {
        group: "web".into(),
        processes: vec!["Launch".into()],
    };
    let lines = act(&account.clients, &resume).await.expect("resumed");
    assert!(
        lines[2].ends_with("suspended AlarmNotification"),
        "{lines:?}"
    );
}

#[tokio::test]
async fn an_unknown_group_and_a_replica_failover_are_clear_errors() {
    let account = account().await;
    let unknown = FleetCommand::SetDesiredCapacity {
        group: "api".into(),
        desired: 3,
        expect: None,
    };
    let error = act(&account.clients, &unknown)
        .await
        .expect_err("no such group");
    assert_eq!(
        error,
        "no auto scaling group named \"api\" in this account and region"
    );
    let failover = FleetCommand::FailoverReplica {
        replica: "db-replica-1".into(),
    };
    let error = act(&account.clients, &failover).await.expect_err("not AWS");
    assert!(error.contains("RDS is not supported"), "{error}");
}
