//! Secrets in every form stay out of every surface. A real Prometheus and Alertmanager sit
//! behind a loopback proxy written here: it forwards most requests, but answers some with 401
//! and 500 bodies that echo every request header and the credential in other forms (decoded,
//! URL- and base64-encoded, as a JSON header map), as a debugging gateway would. For bearer
//! auth (token file) and basic auth (user and password variable), `snapshot` of every tab as
//! text and JSON, `check`, `report` as Markdown and HTML (stdout and file), the console in a
//! pseudo-terminal (tabs and the inspect overlay) and its debug log show none of them; while
//! the proxy did get the header, and the echoes did reach those surfaces, masked.

mod stack;

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use serde_json::json;
use stack::fault_proxy::{forward, read_request};
use stack::{Options, Stack, opsconsole, scratch_dir};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (written here, not taken from the code under test).
fn base64(bytes: &[u8]) -> String {
    let (mut bits, mut held, mut out) = (0u32, 0, String::new());
    for &byte in bytes {
        bits = (bits << 8 | u32::from(byte)) & 0xffff;
        held += 8;
        while held >= 6 {
            held -= 6;
            out.push(ALPHABET[(bits >> held & 63) as usize] as char);
        }
    }
    if held > 0 {
        out.push(ALPHABET[(bits << (6 - held) & 63) as usize] as char);
    }
    while out.len() % 4 != 0 {
        out.push('=');
    }
    out
}

fn unbase64(text: &str) -> Vec<u8> {
    let (mut bits, mut held, mut out) = (0u32, 0, Vec::new());
    for value in text
        .bytes()
        .filter_map(|c| ALPHABET.iter().position(|&a| a == c))
    {
        bits = (bits << 6 | value as u32) & 0xffff;
        held += 6;
        if held >= 8 {
            held -= 8;
            out.push((bits >> held) as u8);
        }
    }
    out
}

/// As a URL query carries it.
fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The request's `Authorization` value, if sent.
fn authorization(head: &str) -> Option<String> {
    head.lines().skip(1).find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("authorization")
            .then(|| value.trim().to_string())
    })
}

/// The secret inside a credential: a bearer token, or a basic password (decoded).
fn secret_of(credential: &str) -> Option<String> {
    if let Some(token) = credential.strip_prefix("Bearer ") {
        return Some(token.to_string());
    }
    let pair = String::from_utf8(unbase64(credential.strip_prefix("Basic ")?)).ok()?;
    pair.split_once(':')
        .map(|(_, password)| password.to_string())
}

/// What a careless server says back: the request's headers, and the credential decoded and
/// encoded again.
fn echo(head: &str) -> String {
    let mut text = format!("unauthorized; you sent:\n{head}\n");
    if let Some(secret) = authorization(head).as_deref().and_then(secret_of) {
        text.push_str(&format!(
            "credential {secret}\nin a link /login?next=%2F&c={}\nencoded {}\n",
            percent(&secret),
            base64(secret.as_bytes())
        ));
    }
    text
}

/// Go's `json.Marshal(r.Header)`: every header as a list of values.
fn header_map(head: &str) -> String {
    let map: serde_json::Map<String, serde_json::Value> = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.to_string(), json!([v.trim()])))
        .collect();
    serde_json::Value::Object(map).to_string()
}

fn reply(status: &str, content_type: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

struct EchoProxy {
    url: String,
    /// Every `Authorization` value received.
    seen: Arc<Mutex<Vec<String>>>,
}

impl EchoProxy {
    fn start(upstream: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let upstream = upstream.trim_start_matches("http://").to_string();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let shared = Arc::clone(&seen);
        let count = Arc::new(AtomicUsize::new(0));
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (upstream, seen, count) =
                    (upstream.clone(), Arc::clone(&shared), Arc::clone(&count));
                thread::spawn(move || serve(stream, &upstream, &seen, &count));
            }
        });
        Self { url, seen }
    }
}

/// Queries go 401, 500, through, in turn; the alert and rule lists always fail.
fn serve(mut client: TcpStream, upstream: &str, seen: &Mutex<Vec<String>>, count: &AtomicUsize) {
    client.set_read_timeout(Some(Duration::from_secs(20))).ok();
    let Some(request) = read_request(&mut client) else {
        return;
    };
    let text = String::from_utf8_lossy(&request).to_string();
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    if let Some(value) = authorization(head) {
        seen.lock().expect("lock").push(value);
    }
    let path = head.split_whitespace().nth(1).unwrap_or_default();
    let turn = count.fetch_add(1, Ordering::SeqCst) % 3;
    let api_error = |kind: &str| {
        let error = format!("{}\n{}", header_map(head), echo(head));
        json!({"status": "error", "errorType": kind, "error": error}).to_string()
    };
    let answer = match path {
        p if p.starts_with("/api/v1/query") && turn == 0 => {
            reply("401 Unauthorized", "text/plain", &echo(head))
        }
        p if p.starts_with("/api/v1/query") && turn == 1 => reply(
            "500 Internal Server Error",
            "application/json",
            &api_error("internal"),
        ),
        "/api/v1/alerts" => reply("401 Unauthorized", "text/plain", &echo(head)),
        p if p.starts_with("/api/v1/rules") => reply(
            "500 Internal Server Error",
            "application/json",
            &api_error("internal"),
        ),
        p if p.starts_with("/api/v2/alerts") => reply(
            "401 Unauthorized",
            "application/json",
            &json!({"code": 401, "message": echo(head)}).to_string(),
        ),
        _ => match forward(upstream, &request) {
            Some(answer) => answer,
            None => return,
        },
    };
    client.write_all(&answer).ok();
}

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
