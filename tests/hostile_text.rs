//! Remote text is data on every surface. A loopback server plays Prometheus and Alertmanager
//! whose label values, alert labels and annotations, rule and target errors and error bodies
//! (401, 500, 422 and a 200 with `"status":"error"`) carry terminal escapes: an OSC 52
//! clipboard write, a clear screen, a window title, a C1 CSI and bidi overrides; a runbook's
//! command prints the same. Every headless output (`snapshot` of each tab as text and JSON,
//! `check`, `report` as Markdown, HTML and JSON, `runbook run`), the audit file and the bytes
//! the console writes to a pseudo-terminal must carry none of it raw, and show the escapes as
//! visible text (`\x1b]52`) where the value is shown.

mod fault_server;
mod runbook_support;
mod stack;

use fault_server::{Request, Step, response, serve};
use runbook_support::{Console, PYTHON};
use serde_json::{Value, json};

/// Each part would act on a terminal or reorder what it shows.
const HOSTILE: &str = "osc52:\u{1b}]52;c;aGFja2Vk\u{7} clear:\u{1b}[2J title:\u{1b}]0;pwned\u{7} c1:\u{9b}31m bidi:\u{202e}evil\u{2066}x";

/// The payload's raw sequences, none of which may reach a surface.
const RAW: [(&str, &str); 7] = [
    ("OSC 52", "\u{1b}]52"),
    ("clear screen", "\u{1b}[2J"),
    ("window title", "\u{1b}]0;"),
    ("BEL", "\u{7}"),
    ("C1 CSI", "\u{9b}"),
    ("RLO", "\u{202e}"),
    ("LRI", "\u{2066}"),
];

/// How the escapes read once cleaned.
const VISIBLE: &str = "\\x1b]52;c;aGFja2Vk\\x07";

/// A form field's value (not percent-decoded: only numbers and the query's bytes are used).
fn param<'a>(body: &'a str, name: &str) -> Option<&'a str> {
    body.split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

/// Every label a panel may group by, all hostile.
fn metric() -> Value {
    let mut labels = serde_json::Map::new();
    for name in [
        "service",
        "group",
        "instance",
        "job",
        "name",
        "namespace",
        "deployment",
        "horizontalpodautoscaler",
        "autoscaling_group",
        "replica",
    ] {
        labels.insert(name.into(), json!(HOSTILE));
    }
    Value::Object(labels)
}

fn ok(data: &Value) -> Vec<Step> {
    response(
        "200 OK",
        &json!({"status": "success", "data": data}).to_string(),
    )
}

/// A query's answer: data for some queries, each kind of hostile error for others, chosen by
/// the query's text so every run answers alike.
fn query(request: &Request, range: bool) -> Vec<Step> {
    let promql = param(&request.body, "query").unwrap_or_default();
    let api_error =
        |kind: &str| json!({"status": "error", "errorType": kind, "error": HOSTILE}).to_string();
    match promql.bytes().map(u32::from).sum::<u32>() % 6 {
        0 => response("401 Unauthorized", HOSTILE),
        1 => response("500 Internal Server Error", HOSTILE),
        2 => response("422 Unprocessable Entity", &api_error("execution")),
        3 => response("200 OK", &api_error("bad_data")),
        _ if range => {
            let at = |name| param(&request.body, name).and_then(|t| t.parse::<f64>().ok());
            let (start, end) = (at("start").unwrap_or(0.0), at("end").unwrap_or(0.0));
            ok(&json!({"resultType": "matrix", "result": [
                {"metric": metric(), "values": [[start, "1"], [end, "2"]]}
            ]}))
        }
        _ => {
            let now = chrono::Utc::now().timestamp();
            ok(&json!({"resultType": "vector", "result": [
                {"metric": metric(), "value": [now, "1"]}
            ]}))
        }
    }
}

fn answer(request: &Request) -> Vec<Step> {
    let path = request.head.split_whitespace().nth(1).unwrap_or_default();
    let alert_labels = json!({"alertname": HOSTILE, "severity": "critical", "service": HOSTILE});
    let annotations = json!({"summary": HOSTILE, "description": format!("first\n{HOSTILE}")});
    match path {
        "/api/v1/query" => query(request, false),
        "/api/v1/query_range" => query(request, true),
        "/api/v1/alerts" => ok(&json!({"alerts": [{
            "labels": alert_labels, "annotations": annotations, "state": "firing",
            "activeAt": "2026-12-01T10:00:00Z", "value": "1e+00"
        }]})),
        "/api/v1/rules" => ok(&json!({"groups": [{"name": HOSTILE, "rules": [
            {"name": HOSTILE, "health": "err", "lastError": HOSTILE}
        ]}]})),
        p if p.starts_with("/api/v1/targets") => ok(&json!({"activeTargets": [{
            "labels": {"job": HOSTILE, "instance": HOSTILE}, "scrapePool": "p",
            "health": "down", "lastError": HOSTILE
        }]})),
        p if p.starts_with("/api/v2/alerts") => response(
            "200 OK",
            &json!([{
                "labels": alert_labels, "annotations": annotations,
                "startsAt": "2026-12-01T10:00:00Z", "fingerprint": HOSTILE,
                "status": {"state": "suppressed", "silencedBy": [HOSTILE], "inhibitedBy": []}
            }])
            .to_string(),
        ),
        _ => response("404 Not Found", HOSTILE),
    }
}

/// No raw escape at all in a headless output (nothing there is the console's own styling).
fn assert_inert(what: &str, text: &str) {
    for (name, raw) in RAW {
        assert!(
            !text.contains(raw),
            "{what} carries the raw {name}:\n{text:?}"
        );
    }
    assert!(!text.contains('\u{1b}'), "{what} carries an ESC:\n{text:?}");
}

const RUNBOOK: &str = r#"id = "hostile-output"
title = "Print what a compromised host might"
tab = "alerts"
risk = "low"
target = "host"

[[steps]]
title = "Print escapes"
command = ["PYTHON", "-c", "import sys; print('PAYLOAD'); print('PAYLOAD', file=sys.stderr)"]
timeout = "10s"
"#;

#[test]
fn no_surface_carries_remote_escapes_raw() {
    stack::require(PYTHON);
    let (url, _requests) = serve(answer);
    let console = Console::new("hostile").with_config(&format!(
        "[environments.lab]\nprometheus = \"{url}\"\nalertmanager = \"{url}\"\ntier = \"staging\"\ninterval = \"1s\"\ntimeout = \"3s\"\n"
    ));
    // As Python escapes in the runbook file: the file is plain ASCII, the output is not.
    let payload: String = HOSTILE
        .chars()
        .map(|c| match c {
            ' ' | '!'..='~' => c.to_string(),
            _ => format!("\\\\u{:04x}", u32::from(c)),
        })
        .collect();
    console.runbook(
        "hostile",
        &RUNBOOK
            .replace("PYTHON", PYTHON)
            .replace("PAYLOAD", &payload),
    );
    let mut visible = Vec::new();
    for tab in stack::SNAPSHOT_TABS {
        for format in ["text", "json"] {
            let ran = console.run(&["--env", "lab", "snapshot", "--tab", tab, "--format", format]);
            let what = format!("snapshot --tab {tab} --format {format}");
            assert_inert(&what, &ran.both());
            if format == "json" {
                let parsed: Value = serde_json::from_str(&ran.stdout)
                    .unwrap_or_else(|e| panic!("{what}: {e}:\n{}", ran.stdout));
                visible.push((what, parsed.to_string()));
            } else {
                visible.push((what, ran.both()));
            }
        }
    }
    let check = console.run(&["--env", "lab", "check"]);
    assert_inert("check", &check.both());
    for format in ["md", "html", "json"] {
        let report = console.run(&["--env", "lab", "report", "--format", format]);
        assert_inert(&format!("report --format {format}"), &report.both());
    }
    let run = console
        .run(&["--env", "lab", "runbook", "run", "hostile-output", "--yes"])
        .expect(0, "runbook run");
    assert_inert("runbook run", &run.both());
    run.shows(VISIBLE);
    let audit = std::fs::read_to_string(console.state.join("audit.jsonl")).expect("the audit");
    assert_inert("the audit", &audit);
    assert!(audit.contains("\\\\x1b]52"), "{audit}");
    // Where a value is shown, its escapes read as text.
    for tab in ["latency", "alerts"] {
        let (what, text) = visible
            .iter()
            .find(|(w, _)| w.contains(tab) && w.ends_with("json"))
            .expect("the snapshot");
        assert!(text.contains("\\\\x1b]52"), "{what}: {text}");
        assert!(text.contains("\\\\u202eevil"), "{what}: {text}");
    }
    let alerts = &visible
        .iter()
        .find(|(w, _)| w.contains("alerts") && w.ends_with("text"))
        .expect("the alert list")
        .1;
    assert!(alerts.contains("\\x1b]52"), "{alerts}");

    let terminal = stack::pty::run(
        &format!(
            "--config {} --env lab",
            console.config.as_ref().expect("config").display()
        ),
        "UTC",
        "3",
        &stack::pty::Keys {
            tabs: "2345",
            then: "aa",
        },
        &[],
    );
    let bytes = String::from_utf8_lossy(&terminal.bytes).to_string();
    for (name, raw) in RAW {
        assert!(
            !bytes.contains(raw),
            "the terminal got the raw {name} (offset {:?})",
            bytes.find(raw)
        );
    }
    assert!(
        bytes.contains(VISIBLE),
        "the terminal never showed the value"
    );
    std::fs::remove_dir_all(&terminal.state_dir).ok();
    std::fs::remove_dir_all(&console.dir).ok();
}
