//! Holds on AWS, against moto: the group's MinSize raised to the held size and a one-time
//! scheduled action `opsconsole-hold-web` at the hold's end that restores the MinSize from
//! before; the poll reads the hold from it; a release restores the MinSize and deletes it.
#![cfg(feature = "aws")]

mod stack;

use std::time::Duration;

use chrono::Utc;
use opsconsole::domain::runbook::FleetCommand;
use opsconsole::domain::scaling::Hold;
use opsconsole::sources::aws::actions::act;
use opsconsole::sources::aws::clients::AwsClients;
use opsconsole::sources::aws::scaling::ScalingPoller;
use opsconsole::sources::aws::settings::AwsSettings;
use stack::moto::Moto;

struct Account {
    _moto: Moto,
    clients: AwsClients,
    settings: AwsSettings,
}

/// moto with one group, web: min 5, desired 8 (scaled out by hand), max 12.
async fn account() -> Account {
    let moto = Moto::start();
    let (clients, settings) = moto.console().await;
    stack::moto::create_group(&clients.autoscaling, "web", (5, 8, 12)).await;
    Account {
        _moto: moto,
        clients,
        settings,
    }
}

fn hold(minutes: u64) -> FleetCommand {
    FleetCommand::HoldScaling {
        group: "web".into(),
        min: 8,
        lasting: Duration::from_secs(minutes * 60),
    }
}

/// The scheduled actions on web: (name, start time in seconds, MinSize).
async fn scheduled(clients: &AwsClients) -> Vec<(String, i64, i32)> {
    clients
        .autoscaling
        .describe_scheduled_actions()
        .auto_scaling_group_name("web")
        .send()
        .await
        .expect("describe")
        .scheduled_update_group_actions()
        .iter()
        .map(|a| {
            (
                a.scheduled_action_name().unwrap_or_default().to_string(),
                a.start_time().map_or(0, |t| t.secs()),
                a.min_size().unwrap_or(-1),
            )
        })
        .collect()
}

async fn web_hold(account: &Account) -> (u32, Hold) {
    let view = ScalingPoller::new(&account.settings)
        .poll(&account.clients, &account.settings, Utc::now())
        .await
        .expect("poll");
    let web = view.groups.iter().find(|g| g.name == "web").expect("web");
    (web.min, web.hold)
}

#[tokio::test]
async fn a_hold_raises_min_and_schedules_its_own_restore_which_a_release_removes() {
    let account = account().await;
    assert_eq!(web_hold(&account).await, (5, Hold::Free));
    let before = Utc::now().timestamp();
    let lines = act(&account.clients, &hold(30)).await.expect("held");
    let after = Utc::now().timestamp();
    let actions = scheduled(&account.clients).await;
    assert_eq!(actions.len(), 1, "{actions:?}");
    let (name, start, restore) = actions[0].clone();
    assert_eq!((name.as_str(), restore), ("opsconsole-hold-web", 5));
    assert!(
        (before + 1800..=after + 1800).contains(&start),
        "30 minutes from the call: {start} not in {before}+1800..={after}+1800"
    );
    let until = chrono::DateTime::from_timestamp(start, 0).expect("time");
    assert_eq!(
        lines[0],
        format!(
            "autoscaling:UpdateAutoScalingGroup web MinSize=8; autoscaling:PutScheduledUpdateGroupAction opsconsole-hold-web at {} MinSize=5",
            until.format("%Y-%m-%d %H:%M:%S UTC")
        )
    );
    assert!(
        lines[2].starts_with("web now: desired 8, min 8, max 12"),
        "{lines:?}"
    );
    assert_eq!(web_hold(&account).await, (8, Hold::Until(until)));

    // Renewed, the hold still restores the MinSize from before the first one.
    act(&account.clients, &hold(60)).await.expect("renewed");
    let actions = scheduled(&account.clients).await;
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert!(actions[0].1 >= before + 3600, "{actions:?}");
    assert_eq!(actions[0].2, 5);

    let release = FleetCommand::ReleaseHold {
        group: "web".into(),
    };
    let lines = act(&account.clients, &release).await.expect("released");
    assert_eq!(
        lines[0],
        "autoscaling:UpdateAutoScalingGroup web MinSize=5; autoscaling:DeleteScheduledAction opsconsole-hold-web"
    );
    assert!(scheduled(&account.clients).await.is_empty());
    assert_eq!(web_hold(&account).await, (5, Hold::Free));
    let again = act(&account.clients, &release).await.expect_err("no hold");
    assert_eq!(again, "web has no hold (opsconsole-hold-web action)");
}

#[tokio::test]
async fn a_hold_is_refused_while_scheduled_actions_are_suspended() {
    let account = account().await;
    let suspend = FleetCommand::SuspendProcesses {
        group: "web".into(),
        processes: vec!["ScheduledActions".into()],
    };
    act(&account.clients, &suspend).await.expect("suspended");
    let refused = act(&account.clients, &hold(30)).await.expect_err("refused");
    assert!(
        refused.contains("the hold's restore would not run"),
        "{refused}"
    );
    assert!(scheduled(&account.clients).await.is_empty());
    assert_eq!(web_hold(&account).await.0, 5, "MinSize untouched");
}
