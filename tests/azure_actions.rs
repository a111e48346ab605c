//! The `group-limits` runbook on an Azure container app, through the real binary against the
//! loopback ARM server (and the test stack's Prometheus): plan, typed confirmation, Container
//! Apps - Update with the documented body, the audit with ARM's request id; refused unconfirmed
//! and read-only; a change of the limits while the run waits for approval fails its
//! precondition; the action re-checks the limits itself; no secret anywhere.
#![cfg(feature = "azure")]

mod azure_support;
mod runbook_support;
mod stack;

use std::process::Stdio;

use azure_support::{block_on, client, settings};
use opsconsole::domain::runbook::FleetCommand;
use opsconsole::sources::azure::actions::act;
use runbook_support::{Console, Reaped, approval_request, lab_config, run_id, wait_for, words};
use serde_json::{Value, json};
use stack::azure::{Arm, CLIENT_SECRET, SUBSCRIPTION};
use stack::{Options, Stack};

const APP: &str = "orders-api";
const APP_PATH: &str = "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-shop/providers/Microsoft.App/containerApps/orders-api";

/// `orders-api` (limits `min`-`max`, an HTTP rule at 50) running three replicas.
fn scenario(min: u32, max: u32) -> Value {
    let replicas: Vec<Value> = (0..3)
        .map(|n| json!({"name": format!("orders-api--r1-{n}"), "state": "Running", "ready": true}))
        .collect();
    json!({
        "subscription": SUBSCRIPTION,
        "container_apps": [{
            "name": APP, "resource_group": "rg-shop", "min": min, "max": max,
            "revision": "orders-api--r1",
            "rules": [{"name": "http-50", "http": {"metadata": {"concurrentRequests": "50"}}}],
            "replicas": replicas,
        }],
    })
}

struct Lab {
    _stack: Stack,
    arm: Arm,
    console: Console,
    env: Vec<(&'static str, String)>,
}

impl Lab {
    /// The stack's `lab` environment with the ARM server as its subscription; `lab` lines go
    /// into `[environments.lab]`.
    fn start(name: &str, lab: &str) -> Self {
        let stack = Stack::start(Options::default());
        let arm = Arm::start(scenario(2, 10));
        let config = format!(
            "{}\n{}",
            lab_config(&stack, "", lab),
            arm.environment_block("lab", "")
        );
        let console = Console::new(name).with_config(&config);
        let env = arm.env().into_iter().collect();
        Self {
            _stack: stack,
            arm,
            console,
            env,
        }
    }

    fn env(&self) -> Vec<(&'static str, &str)> {
        self.env.iter().map(|(k, v)| (*k, v.as_str())).collect()
    }

    fn run(&self, line: &str) -> runbook_support::Ran {
        self.console.run_with(&words(line), &self.env())
    }

    fn patches(&self) -> Vec<Value> {
        self.arm
            .requests()
            .into_iter()
            .filter(|r| r["method"] == "PATCH")
            .collect()
    }

    /// Nothing in the output, the state directory or the server's log holds the secret.
    fn no_secret(&self, outputs: &[&runbook_support::Ran]) {
        for ran in outputs {
            assert!(!ran.both().contains(CLIENT_SECRET), "{}", ran.both());
        }
        for (path, text) in self.console.state_files() {
            assert!(!text.contains(CLIENT_SECRET), "{}", path.display());
        }
        assert!(!self.arm.log().contains(CLIENT_SECRET), "the server's log");
    }
}

const CHANGE: &str = "--env lab runbook RUN group-limits --row orders-api -p min=3 -p max=12";

fn change(verb: &str, tail: &str) -> String {
    format!("{} {tail}", CHANGE.replace("RUN", verb))
}

#[test]
fn group_limits_is_planned_confirmed_sent_as_documented_and_audited_with_the_request_id() {
    let lab = Lab::start("az-limits", "");
    let plan = lab.run(&change("plan", "")).expect(0, "plan");
    plan.shows("orders-api limits 2-10 → 3-12 (desired 3 today)");
    plan.shows("update-group-limits group=orders-api min=3 max=12 if-min-is=2 if-max-is=10");
    assert!(lab.patches().is_empty(), "a plan changes nothing");

    let unconfirmed = lab
        .run(&change("run", "--yes"))
        .expect(2, "--yes on high risk");
    unconfirmed.says("high risk: confirm with --confirm orders-api");
    let wrong = lab
        .run(&change("run", "--confirm orders"))
        .expect(2, "a wrong target");
    wrong.says("does not match the target");
    assert!(lab.patches().is_empty(), "nothing sent unconfirmed");

    let ran = lab
        .run(&change("run", "--confirm orders-api"))
        .expect(0, "run");
    let patches = lab.patches();
    assert_eq!(patches.len(), 1, "{patches:?}");
    assert_eq!(patches[0]["path"], APP_PATH);
    assert_eq!(patches[0]["query"]["api-version"], json!(["2025-01-01"]));
    assert_eq!(
        patches[0]["body"],
        json!({"properties": {"template": {"scale": {"minReplicas": 3, "maxReplicas": 12}}}})
    );

    let run = run_id(&ran.stdout);
    let calls = lab.console.calls(&run);
    assert_eq!(
        calls[0],
        "update-group-limits group=orders-api min=3 max=12 if-min-is=2 if-max-is=10"
    );
    let output = lab
        .console
        .records(&run)
        .into_iter()
        .filter(|r| r["event"] == "step_finished")
        .find_map(|r| r["step"]["output"].as_str().map(str::to_string))
        .expect("the call's answer in the audit");
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "Container Apps - Update PATCH {APP_PATH}?api-version=2025-01-01 minReplicas=3 maxReplicas=12"
        )
    );
    let id = lines[1]
        .strip_prefix("accepted (HTTP 202, in progress), request id ")
        .unwrap_or_else(|| panic!("{output}"));
    assert!(
        id.len() == 36 && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-'),
        "ARM's x-ms-request-id: {id}"
    );
    assert!(
        lines[2].starts_with("orders-api now: min 3, max 12, 3 replicas of revision orders-api--"),
        "{output}"
    );
    assert!(
        !lines[2].ends_with("orders-api--r1"),
        "the change made a new revision: {output}"
    );
    assert_eq!(
        lab.console.events(&run).last().map(String::as_str),
        Some("finished succeeded")
    );
    lab.no_secret(&[&plan, &unconfirmed, &wrong, &ran]);
    lab.console.verify();
}

#[test]
fn read_only_mode_refuses_the_change_before_any_call() {
    let lab = Lab::start("az-ro", "");
    let ran = lab
        .run(&format!(
            "--read-only {}",
            change("run", "--confirm orders-api")
        ))
        .expect(2, "read-only");
    ran.says("read-only mode (lab)");
    assert!(lab.patches().is_empty());
    lab.no_secret(&[&ran]);
}

#[test]
fn limits_changed_while_the_run_waits_for_approval_fail_its_precondition() {
    let lab = Lab::start("az-stale", "approval = \"high-risk\"\n");
    let as_user = |user: &'static str| [("USER", user), ("LOGNAME", user)];
    let out = lab.console.dir.join("alice.out");
    let mut command = lab
        .console
        .command(&words(&change("run", "--confirm orders-api")));
    let _alice = command
        .envs(lab.env())
        .envs(as_user("alice"))
        .stdout(Stdio::from(std::fs::File::create(&out).expect("output")))
        .stderr(Stdio::null())
        .spawn()
        .map(Reaped)
        .expect("alice's run starts");
    let run = approval_request(&lab.console.state);
    // Someone lowers the maximum in the portal while the request waits.
    lab.arm.set_scenario(scenario(2, 8));
    let mut approve = words("--env lab runbook approve");
    approve.push(&run);
    lab.console
        .run_with(&approve, &[&lab.env()[..], &as_user("bob")[..]].concat())
        .expect(0, "bob approves");
    let events = wait_for("the run's end", || {
        let events = lab.console.events(&run);
        events
            .last()
            .is_some_and(|e| e.starts_with("finished"))
            .then_some(events)
    });
    assert_eq!(
        events.last().map(String::as_str),
        Some("finished precondition_failed"),
        "{events:?}"
    );
    assert!(!events.iter().any(|e| e == "step_started"), "{events:?}");
    let error = lab
        .console
        .records(&run)
        .last()
        .and_then(|r| r["error"].as_str().map(str::to_string))
        .unwrap_or_default();
    assert!(
        error.contains("group.orders-api.max == 10") && error.contains("8"),
        "{error}"
    );
    assert!(lab.patches().is_empty(), "nothing sent");
}

#[test]
fn the_action_re_reads_the_app_and_refuses_limits_that_moved_since_the_plan() {
    let arm = Arm::start(scenario(2, 10));
    let settings = settings(&arm, &arm.dir.join("state"));
    let client = client(&arm, &settings);
    // Planned at 2-10; someone raised the minimum to 3 since (the runbook's precondition
    // reads the maximum only: the action's own check is what stops this).
    let mut moved = scenario(2, 10);
    moved["container_apps"][0]["min"] = json!(3);
    arm.set_scenario(moved);
    let limits = |expect_min| FleetCommand::UpdateGroupLimits {
        group: "orders-api".into(),
        min: 4,
        max: 12,
        expect_min,
        expect_max: Some(10),
    };
    let refused = block_on(act(&client, &limits(Some(2)))).expect_err("moved");
    assert_eq!(
        refused,
        "orders-api min is now 3, not 2 as planned: its limits changed since; plan again"
    );
    let patched = || {
        arm.requests()
            .iter()
            .filter(|r| r["method"] == "PATCH")
            .count()
    };
    assert_eq!(patched(), 0, "nothing sent");
    let lines = block_on(act(&client, &limits(Some(3)))).expect("as planned now");
    assert!(
        lines[2].starts_with("orders-api now: min 4, max 12, 4 replicas"),
        "{lines:?}"
    );
    assert_eq!(patched(), 1);
    let unknown = FleetCommand::UpdateGroupLimits {
        group: "payments".into(),
        min: 1,
        max: 2,
        expect_min: None,
        expect_max: None,
    };
    let error = block_on(act(&client, &unknown)).expect_err("no such app");
    assert_eq!(
        error,
        format!("no container app named \"payments\" in /subscriptions/{SUBSCRIPTION}")
    );
}
