//! Defender for Cloud through the loopback ARM server (`tests/azure_arm/defender.py`, answering
//! as Microsoft's REST reference documents Secure Scores - List 2020-01-01, Assessments
//! Metadata - List By Subscription and Assessments - List 2021-06-01) and the real `opsconsole`
//! with Microsoft's client-secret credential: the Security tab, `snapshot --tab security`,
//! `describe`, the checkpoint's "security score >= 85 %" verdict, and every page read.
#![cfg(feature = "azure")]

mod common;
mod runbook_support;
mod stack;

use runbook_support::{Console, words};
use serde_json::{Value, json};
use stack::azure::{Arm, CLIENT_SECRET, SUBSCRIPTION};
use stack::{Options, Stack};

const HIGH: &str = "dbd0cb49-b563-45e7-9724-889e799fa648";
const MEDIUM: &str = "805651bc-6ecd-4c73-9b55-97a19d0582d0";
const LOW: &str = "b7604066-ed76-4e34-b2bc-2c5ec1f35e7a";

fn resource(group: &str, kind: &str, name: &str) -> String {
    format!("/subscriptions/{SUBSCRIPTION}/resourceGroups/{group}/providers/{kind}/{name}")
}

/// Eight assessments over three pages: high 2 unhealthy + 1 healthy, medium 1 + 2, low 1
/// unhealthy and one not applicable (left out); the score `current` of 42 points.
fn scenario(current: f64) -> Value {
    let registry = "Microsoft.ContainerRegistry/registries";
    let vm = "Microsoft.Compute/virtualMachines";
    let app = "Microsoft.App/containerApps";
    let assessment = |key: &str, resource: String, status: &str, changed: &str| {
        json!({"key": key, "resource": resource, "status": status,
               "changed": format!("2026-12-0{changed}T09:00:00Z")})
    };
    json!({
        "subscription": SUBSCRIPTION,
        "defender": {
            "score": {"current": current, "max": 42, "percentage": ((current / 42.0) * 10_000.0).round() / 10_000.0},
            "page_size": 3,
            "metadata": [
                {"name": HIGH, "severity": "High",
                 "displayName": "Container registry images should have vulnerability findings resolved",
                 "description": "Container image vulnerability assessment scans your registry for known CVEs"},
                {"name": MEDIUM, "severity": "Medium",
                 "displayName": "Management ports should be closed on your virtual machines"},
                {"name": LOW, "severity": "Low",
                 "displayName": "Diagnostic logs in container apps should be enabled"},
            ],
            "assessments": [
                assessment(HIGH, resource("web", registry, "webacr"), "Unhealthy", "5"),
                assessment(HIGH, resource("data", registry, "dataacr"), "Unhealthy", "6"),
                assessment(HIGH, resource("web", registry, "oldacr"), "Healthy", "1"),
                assessment(MEDIUM, resource("web", vm, "jump"), "Unhealthy", "4"),
                assessment(MEDIUM, resource("data", vm, "etl"), "Healthy", "2"),
                assessment(LOW, resource("web", app, "api"), "Unhealthy", "3"),
                assessment(LOW, resource("web", app, "worker"), "NotApplicable", "3"),
                assessment(MEDIUM, resource("web", vm, "build"), "Healthy", "2"),
            ],
        }
    })
}

/// The stack's `lab` environment with `arm` as its Azure subscription (Defender only).
fn console(stack: &Stack, arm: &Arm, name: &str) -> Console {
    let lab = stack::lab_config(&stack.dir, &stack.prometheus_url, None, "");
    let text = std::fs::read_to_string(lab).expect("lab config");
    Console::new(name).with_config(&format!(
        "{text}{}",
        arm.environment_block("lab", "cost = false")
    ))
}

fn env(arm: &Arm) -> Vec<(&'static str, String)> {
    arm.env().into_iter().collect()
}

fn run(console: &Console, arm: &Arm, line: &str) -> runbook_support::Ran {
    let vars = env(arm);
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    console.run_with(&words(line), &vars)
}

#[test]
fn defenders_score_and_unhealthy_assessments_on_the_security_tab() {
    let stack = Stack::start(Options::default());
    let arm = Arm::start(scenario(31.5));
    let console = console(&stack, &arm, "defender");

    let ran = run(
        &console,
        &arm,
        "--env lab snapshot --tab security --format json",
    )
    .expect(0, "snapshot");
    let json: Value = serde_json::from_str(&ran.stdout).expect("JSON");
    let data = &json["data"];
    // 31.5 of 42 points: Defender's percentage 0.75.
    assert_eq!(data["score_percent"].as_f64(), Some(75.0));
    assert_eq!(
        data["score_basis"],
        "Defender for Cloud secure score (Defender's own): 31.5 of 42 points"
    );
    let findings = &data["findings"];
    assert_eq!(findings["source"], "Defender for Cloud");
    assert_eq!(findings["total"], 7, "the not-applicable one is left out");
    assert_eq!(
        findings["counts"],
        json!([
            ["high", "new", 2],
            ["high", "resolved", 1],
            ["medium", "new", 1],
            ["medium", "resolved", 2],
            ["low", "new", 1]
        ])
    );
    let top: Vec<(&str, &str)> = findings["top"]
        .as_array()
        .expect("top")
        .iter()
        .map(|f| {
            (
                f["severity"].as_str().unwrap_or_default(),
                f["resource"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        top,
        [
            ("high", "data/dataacr"),
            ("high", "web/webacr"),
            ("medium", "web/jump"),
            ("low", "web/api")
        ],
        "unhealthy only, worst and newest first"
    );

    // Every call with its documented api-version; the assessments over all three pages.
    let calls: Vec<(String, String)> = arm
        .requests()
        .iter()
        .filter_map(|r| {
            let path = r["path"].as_str()?;
            let provider = path.split("/providers/Microsoft.Security/").nth(1)?;
            Some((
                provider.to_string(),
                r["query"]["api-version"][0].as_str()?.to_string(),
            ))
        })
        .collect();
    let count = |what: &str, version: &str| {
        calls
            .iter()
            .filter(|(p, v)| p == what && v == version)
            .count()
    };
    assert_eq!(count("secureScores", "2020-01-01"), 1, "{calls:?}");
    assert_eq!(count("assessmentMetadata", "2021-06-01"), 1, "{calls:?}");
    assert_eq!(
        count("assessments", "2021-06-01"),
        3,
        "8 assessments, 3 a page: {calls:?}"
    );
    assert!(
        !ran.both().contains(CLIENT_SECRET),
        "the secret is never printed"
    );

    // The tab at 80x24: the verdict, Defender's own score, and the findings by severity.
    let ran = run(
        &console,
        &arm,
        "--env lab snapshot --tab security --format text --width 80 --height 24",
    )
    .expect(0, "text");
    let screen = ran.stdout.clone();
    let flat = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Security score 75.0% (target >= 85%: missed)"),
        "{screen}"
    );
    assert!(
        flat.contains("Defender for Cloud secure score (Defender's own): 31.5 of 42 points"),
        "{screen}"
    );
    assert!(
        screen.contains("Defender for Cloud findings · 7 active"),
        "{screen}"
    );
    let grid = |severity: &str| -> Vec<u32> {
        screen
            .lines()
            .filter_map(|l| l.split('│').nth(1))
            .find(|cell| cell.trim_start().starts_with(&format!("{severity} ")))
            .unwrap_or_else(|| panic!("no {severity} row: {screen}"))
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect()
    };
    // new, notified, resolved, suppressed
    assert_eq!(grid("high"), [2, 0, 1, 0], "{screen}");
    assert_eq!(grid("medium"), [1, 0, 2, 0], "{screen}");
    assert_eq!(grid("low"), [1, 0, 0, 0], "{screen}");

    // A finding's detail: its first evaluation and its type's description.
    let id = format!(
        "{}/providers/Microsoft.Security/assessments/{HIGH}",
        resource("data", "Microsoft.ContainerRegistry/registries", "dataacr")
    );
    let ran = run(
        &console,
        &arm,
        &format!("--env lab describe finding/{id} --format json"),
    )
    .expect(0, "describe");
    let detail: Value = serde_json::from_str(&ran.stdout).expect("JSON");
    assert_eq!(
        detail["detail"]["row"]["title"],
        "Container registry images should have vulnerability findings resolved"
    );
    assert_eq!(detail["detail"]["source"], "Defender for Cloud");
    assert_eq!(
        detail["detail"]["extras"]["description"],
        "Container image vulnerability assessment scans your registry for known CVEs"
    );
    assert!(
        detail["provenance"]
            .to_string()
            .contains("Assessments - List"),
        "{detail}"
    );
}

#[test]
fn the_checkpoints_security_score_reads_defender() {
    let stack = Stack::start(Options::default());
    let arm = Arm::start(scenario(31.5));
    let console = console(&stack, &arm, "defender-check");
    let criterion = |ran: &runbook_support::Ran| -> String {
        ran.stdout
            .lines()
            .find(|l| l.contains("Security score"))
            .unwrap_or_else(|| panic!("no security score line: {}", ran.stdout))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    // 31.5 of 42 = 75 %: missed, and a blocking miss fails the check.
    let ran = run(&console, &arm, "--env lab check --window week")
        .expect(1, "a blocking criterion missed");
    assert_eq!(
        criterion(&ran),
        "MISSED blocking Security score 75 % target >= 85 %",
        "{}",
        ran.stdout
    );
    let ran = run(
        &console,
        &arm,
        "--env lab check --window week --format json",
    )
    .expect(1, "json");
    let json: Value = serde_json::from_str(&ran.stdout).expect("JSON");
    let score = json["criteria"]
        .as_array()
        .expect("criteria")
        .iter()
        .find(|c| c["name"] == "Security score")
        .cloned()
        .expect("the security criterion");
    assert_eq!(
        score["measured_by"], "security.score_percent from azure:defender",
        "{score}"
    );

    // 36.6 of 42 = 87.14 %: met.
    arm.set_scenario(scenario(36.6));
    let ran = run(&console, &arm, "--env lab check --window week");
    assert_eq!(
        criterion(&ran),
        "MET blocking Security score 87.14 % target >= 85 %",
        "{}",
        ran.stdout
    );
}
