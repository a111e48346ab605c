//! Secrets in every form stay out of every surface. A real Prometheus and Alertmanager sit
//! behind a loopback proxy written for this test (`stack::echo_proxy`): it forwards most
//! requests, but answers some with 401 and 500 bodies that echo every request header and the
//! credential in other forms (decoded, URL- and base64-encoded, as a JSON header map), as a
//! debugging gateway would. For bearer
//! auth (token file) and basic auth (user and password variable), `snapshot` of every tab as
//! text and JSON, `check`, `report` as Markdown and HTML (stdout and file), the console in a
//! pseudo-terminal (tabs and the inspect overlay) and its debug log show none of them; while
//! the proxy did get the header, and the echoes did reach those surfaces, masked.

mod stack;

use std::path::Path;

use stack::echo_proxy::{EchoProxy, base64, percent};
use stack::{Options, Stack, opsconsole, scratch_dir};

/// One way of authenticating: its config lines, the variables it needs, what the proxy must
/// receive, and every form of the secret that must appear nowhere.
struct Credentials {
    auth_block: String,
    env: Vec<(&'static str, String)>,
    header: String,
    forms: Vec<String>,
}

fn bearer(dir: &Path) -> Credentials {
    let token = "tok/SEKRIT+9f31=Q";
    let file = dir.join("token");
    std::fs::write(&file, format!("{token}\n")).expect("token file");
    Credentials {
        auth_block: format!("bearer-token-file = \"{}\"\n", file.display()),
        env: Vec::new(),
        header: format!("Bearer {token}"),
        forms: vec![token.into(), percent(token), base64(token.as_bytes())],
    }
}

fn basic() -> Credentials {
    let (user, password) = ("ops", "PW/SEKRIT+55aa=");
    let pair = format!("{user}:{password}");
    Credentials {
        auth_block: format!("basic-user = \"{user}\"\nbasic-password-env = \"ECHO_TEST_PW\"\n"),
        env: vec![("ECHO_TEST_PW", password.into())],
        header: format!("Basic {}", base64(pair.as_bytes())),
        forms: vec![
            password.into(),
            percent(password),
            base64(password.as_bytes()),
            base64(pair.as_bytes()),
            pair,
        ],
    }
}

/// Every surface of one auth mode, as (what, text).
fn surfaces(stack: &Stack, credentials: &Credentials) -> (Vec<(String, String)>, Vec<String>) {
    let prometheus = EchoProxy::start(&stack.prometheus_url);
    let alertmanager = EchoProxy::start(stack.alertmanager_url.as_deref().expect("alertmanager"));
    let dir = scratch_dir("secrets-echo");
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[environments.lab]\nprometheus = \"{}\"\nalertmanager = \"{}\"\ntier = \"staging\"\ninterval = \"1s\"\ntimeout = \"3s\"\n\n[environments.lab.auth]\n{}",
            prometheus.url, alertmanager.url, credentials.auth_block
        ),
    )
    .expect("config");
    let env: Vec<(&str, &str)> = credentials
        .env
        .iter()
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    let state = dir.join("state");
    let run = |args: &[&str]| {
        let output = opsconsole()
            .arg("--config")
            .arg(&config)
            .args(["--env", "lab"])
            .args(args)
            .env("OPSCONSOLE_STATE_DIR", &state)
            .envs(env.iter().copied())
            .output()
            .expect("run opsconsole");
        format!(
            "{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    };
    let mut seen = Vec::new();
    for tab in stack::SNAPSHOT_TABS {
        for format in ["text", "json"] {
            let args = ["snapshot", "--tab", tab, "--format", format];
            seen.push((format!("snapshot {tab} {format}"), run(&args)));
        }
    }
    seen.push(("check".into(), run(&["check"])));
    seen.push(("report md".into(), run(&["report", "--format", "md"])));
    let html = dir.join("report.html");
    let html_text = html.to_str().expect("utf-8 path");
    let printed = run(&["report", "--format", "html", "-o", html_text]);
    let file = std::fs::read_to_string(&html).expect("the HTML report");
    seen.push(("report html".into(), format!("{printed}\n{file}")));
    let console = stack::pty::run(
        &format!("--config {} --env lab --log-level debug", config.display()),
        "UTC",
        "4",
        &stack::pty::Keys {
            tabs: "125",
            then: "ii",
        },
        &env,
    );
    let screen = String::from_utf8_lossy(&console.bytes).to_string();
    seen.push(("terminal".into(), screen));
    let mut log = String::new();
    for entry in std::fs::read_dir(console.state_dir.join("logs")).expect("the log dir") {
        log.push_str(&std::fs::read_to_string(entry.expect("entry").path()).expect("log"));
    }
    seen.push(("log".into(), log));
    std::fs::remove_dir_all(&console.state_dir).ok();
    std::fs::remove_dir_all(&dir).ok();
    let mut received = prometheus.seen.lock().expect("lock").clone();
    received.extend(alertmanager.seen.lock().expect("lock").iter().cloned());
    (seen, received)
}

fn assert_no_form_anywhere(name: &str, credentials: &Credentials, stack: &Stack) {
    let (seen, received) = surfaces(stack, credentials);
    assert!(
        !received.is_empty() && received.iter().all(|h| *h == credentials.header),
        "{name}: the proxy must get the credential on every request: {received:?}"
    );
    for (what, text) in &seen {
        for form in &credentials.forms {
            assert!(
                !text.contains(form.as_str()),
                "{name}: {what} shows {form:?}:\n{text}"
            );
        }
    }
    // The echoes did reach the surfaces, so the checks above could have failed.
    let echoed = |what: &str| {
        seen.iter()
            .filter(|(w, _)| w.starts_with(what))
            .any(|(_, t)| t.contains("HTTP 401") || t.contains("HTTP 500"))
    };
    for what in [
        "snapshot",
        "check",
        "report md",
        "report html",
        "terminal",
        "log",
    ] {
        assert!(echoed(what), "{name}: no server error reached {what}");
    }
    let masked = [
        "authorization: ***",
        "authorization: bearer ***",
        "authorization: basic ***",
    ];
    assert!(
        seen.iter()
            .any(|(_, t)| masked.iter().any(|m| t.to_lowercase().contains(m))),
        "{name}: the echoed header was never shown masked"
    );
}

#[test]
fn bearer_and_basic_credentials_appear_in_no_output_log_or_report() {
    stack::require("/usr/bin/python3");
    let stack = Stack::start(Options {
        alertmanager: true,
        ..Options::default()
    });
    let dir = scratch_dir("secrets-token");
    assert_no_form_anywhere("bearer", &bearer(&dir), &stack);
    assert_no_form_anywhere("basic", &basic(), &stack);
    std::fs::remove_dir_all(dir).ok();
}
