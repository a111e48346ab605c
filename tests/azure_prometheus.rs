//! Azure Monitor's managed Prometheus: an environment whose auth is `azure-scope` takes its
//! bearer token from Azure's credential chain (Microsoft's client-secret credential against the
//! loopback Entra ID endpoint) and reads a real Prometheus through a loopback stand-in for the
//! workspace's query endpoint (`tests/azure_arm/prometheus_proxy.py`), which requires a token
//! issued for https://prometheus.monitor.azure.com. Without the token, or with one for another
//! audience, the console says the credentials were refused and what to fix.
#![cfg(feature = "azure")]

mod common;
mod runbook_support;
mod stack;

use runbook_support::{Console, Ran, words};
use serde_json::{Value, json};
use stack::azure::{Arm, CLIENT_ID, CLIENT_SECRET, SUBSCRIPTION, TENANT};
use stack::{Options, Stack};

const MONITOR: &str = "https://prometheus.monitor.azure.com/.default";

/// The loopback server in front of `stack`'s Prometheus; tokens live `lifetime` seconds.
fn arm(stack: &Stack, lifetime: u64) -> Arm {
    Arm::start(json!({
        "subscription": SUBSCRIPTION,
        "identity": {"tenant": TENANT, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                     "expires_in": lifetime},
        "prometheus_proxy": {"upstream": stack.prometheus_url},
    }))
}

/// Environment `lab` on the stand-in's query endpoint, with `auth` lines (none: no auth block)
/// and the subscription's chain settings (its parts off: only the token is wanted).
fn console(stack: &Stack, arm: &Arm, name: &str, auth: Option<&str>) -> Console {
    let extra = format!("ca-file = \"{}\"\n", arm.ca.display());
    let lab = stack::lab_config(&stack.dir, &format!("{}/prometheus", arm.url), None, &extra);
    let mut text = std::fs::read_to_string(lab).expect("lab config");
    if let Some(auth) = auth {
        text.push_str(&format!("[environments.lab.auth]\n{auth}\n"));
    }
    text.push_str(&arm.environment_block("lab", "cost = false\nsecurity = false"));
    Console::new(name).with_config(&text)
}

/// The Latency tab once Prometheus has the two scrapes its rates need (a busy machine may take
/// a few seconds after the first).
/// Also how many runs that took.
fn latency(console: &Console, arm: &Arm) -> (Ran, Value, usize) {
    for run in 1..=30 {
        let ran = snapshot(console, arm).expect(0, "panels through the workspace endpoint");
        let json: Value = serde_json::from_str(&ran.stdout).expect("JSON");
        if !json["data"].is_null() {
            return (ran, json, run);
        }
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
    panic!("no latency data through the workspace endpoint");
}

fn snapshot(console: &Console, arm: &Arm) -> Ran {
    let vars: Vec<(&str, String)> = arm.env().into_iter().collect();
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    console.run_with(
        &words("--env lab snapshot --tab latency --format json"),
        &vars,
    )
}

/// The token requests the server saw, by scope.
fn token_requests(arm: &Arm, scope: &str) -> usize {
    arm.requests()
        .iter()
        .filter(|r| {
            r["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("/oauth2/v2.0/token"))
        })
        .filter(|r| r["body"]["scope"] == scope)
        .count()
}

fn queries(arm: &Arm) -> Vec<Value> {
    arm.requests()
        .into_iter()
        .filter(|r| {
            r["path"]
                .as_str()
                .is_some_and(|p| p.starts_with("/prometheus/api/v1/"))
        })
        .collect()
}

#[test]
fn panels_fill_through_the_workspace_endpoint_with_a_token_from_the_chain() {
    let stack = Stack::start(Options::default());
    let arm = arm(&stack, 3599);
    let console = console(
        &stack,
        &arm,
        "monitor",
        Some(&format!("azure-scope = \"{MONITOR}\"")),
    );
    let (ran, json, runs) = latency(&console, &arm);
    let services = json["data"]["services"]
        .as_array()
        .unwrap_or_else(|| panic!("no services: {}\n{}", ran.stdout, ran.stderr));
    assert_eq!(
        services.len(),
        8,
        "every service of the stack: {}",
        ran.stdout
    );
    assert!(
        services
            .iter()
            .all(|s| s["requests_per_second"].as_f64().is_some()),
        "{services:?}"
    );
    let asked = queries(&arm);
    assert!(
        asked.iter().any(|r| r["method"] == "POST"
            && r["path"] == "/prometheus/api/v1/query"
            && r["body"]["query"].as_str().is_some()),
        "PromQL went through the endpoint as Prometheus's form: {asked:?}"
    );
    // One token for every query of a run: the credential caches it while it is valid.
    assert_eq!(token_requests(&arm, MONITOR), runs);
    assert!(!ran.both().contains("eyJ0eXAi."), "no token on any surface");
    assert!(!ran.both().contains(CLIENT_SECRET));
}

#[test]
fn a_token_about_to_expire_is_renewed_before_a_query_carries_it() {
    let stack = Stack::start(Options::default());
    // Under the credential's five-minute margin: every query asks for a fresh token, and the
    // endpoint, which refuses expired ones, answers them all.
    let arm = arm(&stack, 120);
    let console = console(
        &stack,
        &arm,
        "monitor-renew",
        Some(&format!("azure-scope = \"{MONITOR}\"")),
    );
    let (_, json, _) = latency(&console, &arm);
    assert_eq!(json["data"]["services"].as_array().map(Vec::len), Some(8));
    let renewals = token_requests(&arm, MONITOR);
    assert!(
        renewals > 1,
        "renewed before expiry: {renewals} token requests"
    );
}

#[test]
fn without_the_token_or_with_another_audiences_the_console_says_it_was_refused() {
    let stack = Stack::start(Options::default());
    let arm = arm(&stack, 3599);

    let none = console(&stack, &arm, "monitor-none", None);
    let ran = snapshot(&none, &arm).expect(2, "nothing could be read");
    ran.says("HTTP 401 (credentials refused): Authentication failed. The 'Authorization' header is missing. (AuthenticationFailed); ")
        .says("the endpoint wants credentials: give the environment an auth (a bearer token, basic auth, or azure-scope for Azure Monitor)");
    assert!(
        queries(&arm)
            .iter()
            .all(|r| r["headers"].get("Authorization").is_none())
    );

    let arm_scope = "https://management.azure.com/.default";
    let other = console(
        &stack,
        &arm,
        "monitor-arm",
        Some(&format!("azure-scope = \"{arm_scope}\"")),
    );
    let ran = snapshot(&other, &arm).expect(2, "a token for ARM");
    ran.says("HTTP 401 (credentials refused): The access token's audience is not https://prometheus.monitor.azure.com. (InvalidAuthenticationToken); ")
        .says(&format!("the Azure token for {arm_scope} was refused: the identity needs Monitoring Data Reader on the Azure Monitor workspace"));
    assert!(!ran.both().contains("eyJ0eXAi."), "no token on any surface");
}
