//! Azure container apps on the Scaling tab, against the loopback ARM server answering as the
//! Container Apps 2025-01-01 reference documents: apps listed through `nextLink`, each one's
//! limits and scale rules, its latest revision and that revision's replicas, in `snapshot
//! --tab scaling` and `describe`; replica changes observed between polls (fixed clock),
//! recorded in the state directory and read back after a restart; resource groups and tags
//! narrow what is read; the Scaling tab draws an app's rules.
#![cfg(feature = "azure")]

mod azure_support;
mod common;
mod runbook_support;
mod stack;

use chrono::{DateTime, Duration, TimeZone, Utc};
use opsconsole::app::Topic;
use opsconsole::domain::{FleetSnapshot, Policy, ScaleRule, ScalingView};
use opsconsole::sources::azure::apps::{AppsPoller, FILE_NAME};
use runbook_support::{Console, lab_config, words};
use serde_json::{Value, json};
use stack::azure::{Arm, CLIENT_SECRET, SUBSCRIPTION};
use stack::{Options, Stack};

use azure_support::{block_on, client, settings};

fn replicas(revision: &str, running: usize, starting: usize) -> Vec<Value> {
    (0..running + starting)
        .map(|n| {
            json!({"name": format!("{revision}-{n}"),
                "state": if n < running { "Running" } else { "NotRunning" },
                "ready": n < running, "created": "2026-12-07T08:30:00Z"})
        })
        .collect()
}

/// orders-api (rg-shop): 2-10, an HTTP rule at 50 and a Service Bus scaler, 3 replicas running
/// and `starting` more not yet; billing-worker (rg-billing): fixed at 1, no ingress, its
/// revision degraded. Lists page one app at a time.
fn scenario(starting: usize) -> Value {
    json!({
        "subscription": SUBSCRIPTION,
        "container_apps_page_size": 1,
        "container_apps": [
            {"name": "orders-api", "resource_group": "rg-shop", "min": 2, "max": 10,
             "revision": "orders-api--r1", "tags": {"team": "shop"},
             "rules": [
                {"name": "http-50", "http": {"metadata": {"concurrentRequests": "50"}}},
                {"name": "jobs", "custom": {"type": "azure-servicebus",
                    "metadata": {"queueName": "jobs", "messageCount": "20"},
                    "auth": [{"secretRef": "bus-connection", "triggerParameter": "connection"}]}}
             ],
             "replicas": replicas("orders-api--r1", 3, starting)},
            {"name": "billing-worker", "resource_group": "rg-billing", "min": 1, "max": 1,
             "ingress": false, "cpu": 0.25, "memory": "0.5Gi",
             "revision": "billing-worker--r7", "revision_state": "Degraded",
             "replicas": replicas("billing-worker--r7", 1, 0)}
        ],
    })
}

fn group<'a>(groups: &'a [Value], name: &str) -> &'a Value {
    groups
        .iter()
        .find(|g| g["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {groups:?}"))
}

#[test]
fn apps_show_on_scaling_and_in_describe_with_rules_replicas_and_latest_revision() {
    let stack = Stack::start(Options::default());
    let arm = Arm::start(scenario(1));
    let config = format!(
        "{}\n{}",
        lab_config(&stack, "", ""),
        arm.environment_block("lab", "")
    );
    let console = Console::new("az-apps").with_config(&config);
    let env: Vec<(&str, String)> = arm.env().into_iter().collect();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let snapshot = console
        .run_with(
            &words("--env lab snapshot --tab scaling --format json"),
            &env,
        )
        .expect(0, "snapshot");
    let json: Value = serde_json::from_str(&snapshot.stdout).expect("JSON");
    let groups = json["data"]["groups"].as_array().expect("groups");
    let orders = group(groups, "orders-api");
    let figures = |g: &Value| {
        [
            "desired",
            "in_service",
            "pending",
            "unhealthy",
            "min",
            "max",
        ]
        .map(|k| g[k].as_u64())
    };
    assert_eq!(figures(orders), [4, 3, 1, 0, 2, 10].map(Some), "{orders}");
    assert_eq!(orders["instance_type"], "rev r1, 0.5 vCPU, 1Gi");
    assert_eq!(
        orders["policy"],
        json!({"kind": "rules", "rules": [
            {"name": "http-50", "scaler": "http", "threshold": "50 concurrent requests"},
            {"name": "jobs", "scaler": "azure-servicebus",
             "threshold": "messageCount=20, queueName=jobs"}
        ]})
    );
    assert_eq!(
        orders["cpu_percent"],
        Value::Null,
        "not read: unknown, not zero"
    );
    let billing = group(groups, "billing-worker");
    assert_eq!(figures(billing), [1, 1, 0, 0, 1, 1].map(Some), "{billing}");
    assert_eq!(billing["policy"], json!({"kind": "fixed"}));
    assert_eq!(
        billing["instance_type"],
        "rev r7 (Degraded), 0.25 vCPU, 0.5Gi"
    );

    let described = console
        .run_with(&words("--env lab describe group/orders-api"), &env)
        .expect(0, "describe");
    for shown in [
        "rule http-50",
        "http 50 concurrent requests",
        "azure-servicebus messageCount=20, queueName=jobs",
        "rev r1, 0.5 vCPU, 1Gi",
        "orders-api--r1-3",
        "NotRunning",
        "Container Apps Revision Replicas - List Replicas (orders-api--r1)",
        "observed by the console between its polls",
    ] {
        described.shows(shown);
    }

    let gets: Vec<Value> = arm
        .requests()
        .into_iter()
        .filter(|r| {
            r["path"]
                .as_str()
                .is_some_and(|p| p.contains("Microsoft.App"))
        })
        .collect();
    assert!(
        gets.iter()
            .all(|r| r["method"] == "GET" && r["query"]["api-version"] == json!(["2025-01-01"])),
        "{gets:?}"
    );
    let listed = |r: &&Value| {
        r["path"] == format!("/subscriptions/{SUBSCRIPTION}/providers/Microsoft.App/containerApps")
    };
    let pages: Vec<&Value> = gets.iter().filter(listed).collect();
    assert!(
        pages
            .iter()
            .any(|r| r["query"]["$skiptoken"] == json!(["1"])),
        "the second app came from the nextLink: {pages:?}"
    );
    for ran in [&snapshot, &described] {
        assert!(!ran.both().contains(CLIENT_SECRET));
        assert!(!ran.both().contains("bus-connection"), "auth is never read");
    }
}

fn at(seconds: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0)
        .single()
        .expect("a valid time")
        + Duration::seconds(seconds)
}

fn orders(view: &ScalingView) -> (u32, u32, Vec<f64>) {
    let g = view
        .groups
        .iter()
        .find(|g| g.name == "orders-api")
        .expect("orders-api");
    (g.desired, g.in_service, g.instances.fine.values.clone())
}

#[test]
fn replica_changes_are_observed_recorded_and_read_back_after_a_restart() {
    let arm = Arm::start(scenario(0));
    let dir = arm.dir.join("state");
    let settings = settings(&arm, &dir);
    let client = client(&arm, &settings);
    let mut poller = AppsPoller::new(&settings);
    let poll =
        |poller: &mut AppsPoller, t| block_on(poller.poll(&client, at(t), None)).expect("poll").0;
    let first = poll(&mut poller, 0);
    assert_eq!(orders(&first).0, 3);
    let Some(Policy::Rules { rules }) = first.groups.first().map(|g| g.policy.clone()) else {
        panic!("rules: {first:?}");
    };
    assert_eq!(
        rules[0],
        ScaleRule {
            name: "http-50".into(),
            scaler: "http".into(),
            threshold: "50 concurrent requests".into(),
        }
    );
    // The scaler asks for two more; they start over the next two polls.
    arm.set_scenario(scenario(2));
    let scaling = poll(&mut poller, 30);
    assert_eq!((orders(&scaling).0, orders(&scaling).1), (5, 3));
    assert_eq!(scaling.events.len(), 1, "in progress: {:?}", scaling.events);
    assert_eq!(scaling.events[0].done, None);
    let mut done = scenario(0);
    done["container_apps"][0]["replicas"] = json!(replicas("orders-api--r1", 5, 0));
    arm.set_scenario(done);
    let settled = poll(&mut poller, 60);
    assert_eq!(orders(&settled), (5, 5, vec![3.0, 3.0, 5.0]));
    let event = &settled.events[0];
    assert_eq!(
        (
            event.group.as_str(),
            event.from,
            event.to,
            event.at,
            event.done
        ),
        ("orders-api", 3, 5, at(0), Some(at(60)))
    );
    assert_eq!(settled.timings.basis, "observed by the console");
    let provisioning = settled.timings.unattributed.completion.expect("timed");
    assert_eq!(
        (provisioning.samples, provisioning.p50),
        (1, Duration::seconds(60))
    );

    let journal = std::fs::read_to_string(dir.join(FILE_NAME)).expect("journal");
    assert_eq!(journal.lines().count(), 1, "{journal}");
    let restarted = AppsPoller::new(&settings);
    assert_eq!(restarted.transitions(), poller.transitions());
    assert_eq!(restarted.transitions()[0].group, "orders-api");
}

#[test]
fn resource_groups_and_tags_narrow_what_is_read() {
    let arm = Arm::start(scenario(0));
    let mut narrowed = settings(&arm, &arm.dir.join("state"));
    narrowed.resource_groups = vec!["rg-billing".into()];
    let narrowed_client = client(&arm, &narrowed);
    let view = block_on(AppsPoller::new(&narrowed).poll(&narrowed_client, at(0), None))
        .expect("poll")
        .0;
    let names: Vec<&str> = view.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["billing-worker"]);
    let lists: Vec<String> = arm
        .requests()
        .iter()
        .filter_map(|r| r["path"].as_str().map(str::to_string))
        .filter(|p| p.ends_with("/containerApps"))
        .collect();
    assert_eq!(
        lists,
        [format!(
            "/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-billing/providers/Microsoft.App/containerApps"
        )]
    );

    let mut tagged = settings(&arm, &arm.dir.join("state"));
    tagged.apps.tags = vec![("team".into(), "shop".into())];
    let view = block_on(AppsPoller::new(&tagged).poll(&client(&arm, &tagged), at(0), None))
        .expect("poll")
        .0;
    let names: Vec<&str> = view.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["orders-api"]);
    // The Scaling tab, in ASCII: the app's row and its rules beside the gauges.
    let snapshot = FleetSnapshot {
        scaling: Some(view),
        ..FleetSnapshot::empty(at(0))
    };
    let mut state = common::state_with(snapshot, Topic::Scaling);
    let screen = common::text(&common::draw(&mut state, 220, 50, true));
    for shown in [
        "orders-api rev r1, 0.5 ",
        "scale rules: http 50 concurrent requests | azure-servicebus messageCount=20,",
        "rules http-50, jobs",
    ] {
        assert!(screen.contains(shown), "{shown:?} in:\n{screen}");
    }
    assert!(screen.is_ascii(), "{screen}");
}
