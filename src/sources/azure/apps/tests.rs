//! The decoders over answers shaped as Microsoft's 2025-01-01 examples (ContainerApps_Get,
//! Revisions_List, Replicas_List).

use chrono::{TimeZone, Utc};
use serde_json::{Value, json};

use super::app::{self, AppId};
use super::revision::{self, Counts};
use crate::domain::{Policy, ScaleRule};

const ID: &str = "/subscriptions/34adfa4f-cedf-4dc0-ba29-b6d1a69ab345/resourceGroups/rg/providers/Microsoft.App/containerApps/testcontainerapp0";

/// ContainerApps_Get.json's app, cut to what is read, with `scale` and `tags` as given.
fn container_app(scale: Value, ingress: bool) -> Value {
    let mut app = json!({
        "id": ID,
        "name": "testcontainerapp0",
        "type": "Microsoft.App/containerApps",
        "tags": {"team": "web\u{1b}[31m"},
        "properties": {
            "provisioningState": "Succeeded",
            "latestRevisionName": "testcontainerapp0-pjxhsye",
            "configuration": {},
            "template": {
                "containers": [
                    {"name": "app", "resources": {"cpu": 0.5, "memory": "1Gi"}},
                    {"name": "sidecar", "resources": {"cpu": 0.25, "memory": "0.5Gi"}}
                ],
                "scale": scale
            }
        }
    });
    if ingress {
        app["properties"]["configuration"]["ingress"] =
            json!({"external": true, "targetPort": 3000});
    }
    app
}

fn rule(name: &str, scaler: &str, threshold: &str) -> ScaleRule {
    ScaleRule {
        name: name.into(),
        scaler: scaler.into(),
        threshold: threshold.into(),
    }
}

#[test]
fn an_app_gives_its_place_limits_rules_and_latest_revision() {
    let scale = json!({
        "minReplicas": 1,
        "maxReplicas": 5,
        "rules": [
            {"name": "httpscalingrule", "http": {"metadata": {"concurrentRequests": "50"}}},
            {"name": "tcp", "tcp": {"metadata": {}}},
            {"name": "orders", "azureQueue": {"queueName": "orders", "queueLength": 5,
                "auth": [{"secretRef": "queue-connection", "triggerParameter": "connection"}]}},
            {"name": "bus", "custom": {"type": "azure-servicebus",
                "metadata": {"queueName": "jobs", "messageCount": "20"},
                "auth": [{"secretRef": "sb", "triggerParameter": "connection"}]}},
            {"name": "odd"}
        ]
    });
    let app = app::decode(&container_app(scale, true)).expect("decodes");
    assert_eq!(
        app.id,
        AppId {
            subscription: "34adfa4f-cedf-4dc0-ba29-b6d1a69ab345".into(),
            resource_group: "rg".into(),
            name: "testcontainerapp0".into(),
        }
    );
    assert_eq!(app.id.path(), ID);
    assert_eq!((app.min, app.max), (1, 5));
    assert_eq!(
        app.latest_revision.as_deref(),
        Some("testcontainerapp0-pjxhsye")
    );
    assert_eq!(app.sizing, "0.75 vCPU, 1Gi+0.5Gi");
    assert_eq!(app.tags, [("team".to_string(), "web\\x1b[31m".to_string())]);
    let Policy::Rules { rules } = app.policy else {
        panic!("scale rules: {:?}", app.policy);
    };
    assert_eq!(
        rules,
        [
            rule("httpscalingrule", "http", "50 concurrent requests"),
            rule("tcp", "tcp", "10 concurrent connections"),
            rule("orders", "azure-queue", "queue length 5 (orders)"),
            rule("bus", "azure-servicebus", "messageCount=20, queueName=jobs"),
            rule("odd", "unknown", "no scaler the console knows"),
        ]
    );
}

#[test]
fn without_rules_the_platform_default_applies_to_an_app_with_ingress_only() {
    let decode = |scale: Value, ingress| {
        app::decode(&container_app(scale, ingress))
            .expect("decodes")
            .policy
    };
    // Limits left out are the platform's: 0 and 10.
    let app = app::decode(&container_app(json!({}), true)).expect("decodes");
    assert_eq!((app.min, app.max), (0, 10));
    assert_eq!(
        app.policy,
        Policy::Rules {
            rules: vec![rule(
                "(default)",
                "http",
                "10 concurrent requests (platform default)"
            )]
        }
    );
    assert_eq!(
        decode(json!({"minReplicas": 2, "maxReplicas": 4}), false),
        Policy::Manual
    );
    assert_eq!(
        decode(json!({"minReplicas": 3, "maxReplicas": 3}), true),
        Policy::Fixed
    );
}

#[test]
fn ids_are_checked_before_they_become_paths() {
    let parsed = AppId::parse(&ID.replace("resourceGroups", "resourcegroups")).expect("any case");
    assert_eq!(parsed.path(), ID, "written back in ARM's case");
    for bad in [
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/containerApps/a/../../x",
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/a",
        "/subscriptions/s/resourceGroups/r?g/providers/Microsoft.App/containerApps/a",
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/containerApps/..",
        "",
    ] {
        assert!(AppId::parse(bad).is_err(), "{bad}");
    }
    let mut app = container_app(json!({}), true);
    app["id"] = json!("https://elsewhere.example/x");
    let error = app::decode(&app).expect_err("refused");
    assert!(error.starts_with("not a container app id"), "{error}");
}

fn revisions() -> Vec<Value> {
    let revision = |name: &str, active: bool, created: &str, state: &str| {
        json!({"name": name, "properties": {"createdTime": created, "active": active,
            "replicas": 1, "runningState": state}})
    };
    vec![
        revision("web--old", true, "2026-12-01T08:00:00+00:00", "Running"),
        revision("web--new", true, "2026-12-07T08:00:00+00:00", "Degraded"),
        revision("web--gone", false, "2026-12-08T08:00:00+00:00", "Stopped"),
    ]
}

#[test]
fn the_latest_revision_is_the_one_the_app_names_else_the_newest_active() {
    let named = revision::latest(&revisions(), Some("web--old")).expect("named");
    assert_eq!(named.name, "web--old");
    assert_eq!(named.running_state.as_deref(), Some("Running"));
    let newest = revision::latest(&revisions(), None).expect("newest active");
    assert_eq!(newest.name, "web--new");
    assert_eq!(
        newest.created,
        Utc.with_ymd_and_hms(2026, 12, 7, 8, 0, 0).single()
    );
    assert_eq!(revision::latest(&revisions(), Some("web--missing")), None);
    assert_eq!(revision::latest(&[], None), None);
}

#[test]
fn replicas_count_running_pending_and_not_ready() {
    let replica = |name: &str, state: &str, ready: &[bool]| {
        let containers: Vec<Value> = ready.iter().map(|r| json!({"ready": r})).collect();
        json!({"name": name, "properties": {"createdTime": "2022-01-25T19:42:45Z",
            "runningState": state, "containers": containers}})
    };
    let replicas: Vec<_> = [
        replica("a", "Running", &[true, true]),
        replica("b", "Running", &[true, false]),
        replica("c", "NotRunning", &[false]),
        replica("d", "Running", &[]),
    ]
    .iter()
    .map(revision::replica)
    .collect();
    assert_eq!(
        revision::counts(&replicas),
        Counts {
            listed: 4,
            running: 3,
            not_ready: 1,
        }
    );
    assert_eq!(replicas[3].ready, None, "no containers listed: unknown");
    let instance = replicas[2].instance("web--new", "0.5 vCPU, 1Gi");
    assert_eq!(
        (
            instance.lifecycle.as_str(),
            instance.healthy,
            instance.zone.as_str()
        ),
        ("NotRunning", Some(false), "web--new")
    );
    assert_eq!(replicas[0].instance("r", "s").lifecycle, "InService");
    assert_eq!(
        replicas[0].created,
        Utc.with_ymd_and_hms(2022, 1, 25, 19, 42, 45).single()
    );
}
