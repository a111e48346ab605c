//! Helpers for tests/runbook_live.rs: a scratch console (its own state and config dirs), the
//! real `opsconsole` binary run with them, the audit trail as JSON, user runbook files and the
//! plan's text taken apart.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::stack::{Stack, http, opsconsole, scratch_dir};

/// Debian's Python, named absolutely: a command step runs argv without a shell or a PATH lookup
/// we control.
pub const PYTHON: &str = "/usr/bin/python3";

pub struct Console {
    pub dir: PathBuf,
    pub state: PathBuf,
    pub config_dir: PathBuf,
    pub config: Option<PathBuf>,
}

pub struct Ran {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    pub fn both(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }

    pub fn shows(&self, text: &str) -> &Self {
        assert!(
            self.stdout.contains(text),
            "no {text:?} in:\n{}",
            self.stdout
        );
        self
    }

    pub fn says(&self, text: &str) -> &Self {
        assert!(
            self.stderr.contains(text),
            "no {text:?} in:\n{}",
            self.stderr
        );
        self
    }

    pub fn expect(self, code: i32, what: &str) -> Self {
        assert_eq!(
            self.code, code,
            "{what}: exit {} (wanted {code})\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }
}

impl Console {
    pub fn new(name: &str) -> Self {
        let dir = scratch_dir(&format!("rb-{name}"));
        let state = dir.join("state");
        let config_dir = dir.join("config");
        fs::create_dir_all(config_dir.join("runbooks")).expect("runbooks dir");
        Self {
            dir,
            state,
            config_dir,
            config: None,
        }
    }

    /// Writes `text` as the config file the commands are given with `--config`.
    pub fn with_config(mut self, text: &str) -> Self {
        let path = self.dir.join("config.toml");
        fs::write(&path, text).expect("config file");
        self.config = Some(path);
        self
    }

    /// A user runbook in `<config dir>/runbooks/<name>.toml`.
    pub fn runbook(&self, name: &str, text: &str) {
        fs::write(
            self.config_dir
                .join("runbooks")
                .join(format!("{name}.toml")),
            text,
        )
        .expect("runbook file");
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = opsconsole();
        command
            .env("OPSCONSOLE_STATE_DIR", &self.state)
            .env("OPSCONSOLE_CONFIG_DIR", &self.config_dir)
            .env_remove("OPSCONSOLE_CONFIG")
            .env_remove("OPSCONSOLE_ENV")
            .env_remove("OPSCONSOLE_LOG")
            .stdin(Stdio::null());
        if let Some(config) = &self.config {
            command.arg("--config").arg(config);
        }
        command.args(args);
        command
    }

    pub fn run(&self, args: &[&str]) -> Ran {
        self.run_with(args, &[])
    }

    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Ran {
        let mut command = self.command(args);
        command.envs(env.iter().copied());
        let output = command.output().expect("run opsconsole");
        Ran {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).to_string(),
            stderr: String::from_utf8_lossy(&output.stderr).to_string(),
        }
    }

    /// Every record of the trail, through `opsconsole audit --format json`.
    pub fn audit(&self) -> Vec<Value> {
        if !self.state.join("audit.jsonl").exists() {
            return Vec::new();
        }
        let ran = self
            .run(&["audit", "--format", "json"])
            .expect(0, "audit --format json");
        serde_json::from_str::<Value>(&ran.stdout)
            .expect("audit JSON")
            .as_array()
            .cloned()
            .expect("an array of records")
    }

    pub fn records(&self, run: &str) -> Vec<Value> {
        self.audit()
            .into_iter()
            .filter(|r| r["run"] == run)
            .collect()
    }

    /// The calls the audit's `step_started` records of `run` show, in order.
    pub fn calls(&self, run: &str) -> Vec<String> {
        self.records(run)
            .iter()
            .filter(|r| r["event"] == "step_started")
            .filter_map(|r| r["step"]["call"].as_str().map(str::to_string))
            .collect()
    }

    /// The run's events in order, with the outcome after a `finished`.
    pub fn events(&self, run: &str) -> Vec<String> {
        self.records(run)
            .iter()
            .map(|r| match r["outcome"].as_str() {
                Some(outcome) => format!("{} {outcome}", r["event"].as_str().unwrap_or("?")),
                None => r["event"].as_str().unwrap_or("?").to_string(),
            })
            .collect()
    }

    pub fn verify(&self) {
        self.run(&["audit", "--verify"]).expect(0, "audit --verify");
    }

    /// Every file under the state dir, with its text.
    pub fn state_files(&self) -> Vec<(PathBuf, String)> {
        let mut files = Vec::new();
        walk(&self.state, &mut files);
        files
    }
}

fn walk(dir: &Path, files: &mut Vec<(PathBuf, String)>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files);
        } else {
            let text = String::from_utf8_lossy(&fs::read(&path).unwrap_or_default()).to_string();
            files.push((path, text));
        }
    }
}

/// A child process killed (SIGKILL) and reaped when dropped, also when a test panics.
pub struct Reaped(pub Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        fs::remove_dir_all(&self.dir).ok();
    }
}

/// The demo environment's simulated clock: a weekday afternoon, when its web group (seed 42)
/// runs above its minimum and below its maximum, so scale-in and scale-out have valid defaults
/// whatever the hour the test runs at.
const DEMO_START: &str = "[demo]\nstart = \"2026-11-18T15:00:00Z\"\n";

/// The config of `stack` as environment `lab`, with `top` lines before any table and `lab`
/// lines inside `[environments.lab]`; the demo's clock fixed.
pub fn lab_config(stack: &Stack, top: &str, lab: &str) -> String {
    let text = fs::read_to_string(stack.config("1s", lab)).expect("stack config");
    format!("{top}{text}{DEMO_START}")
}

/// The run id a plan's first line shows: `plan <id> · ...`.
pub fn run_id(stdout: &str) -> String {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("plan "))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no plan line in:\n{stdout}"))
        .to_string()
}

/// The calls the plan lists, one string per step (its indented lines joined with `\n`).
pub fn step_calls(stdout: &str) -> Vec<String> {
    let mut calls: Vec<Vec<&str>> = Vec::new();
    let mut inside = false;
    for line in stdout.lines() {
        let step_head = line.starts_with("  ")
            && line
                .trim_start()
                .split_once(". ")
                .is_some_and(|(n, _)| n.parse::<usize>().is_ok())
            && !line.starts_with("       ");
        if step_head {
            calls.push(Vec::new());
            inside = true;
        } else if inside && let Some(call) = line.strip_prefix("       ") {
            calls.last_mut().expect("a step").push(call);
        } else {
            inside = false;
        }
    }
    calls.into_iter().map(|c| c.join("\n")).collect()
}

/// A command line split on spaces (for arguments without any).
pub fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// The silence `id` as Alertmanager lists it.
pub fn silence(alertmanager: &str, id: &str) -> Value {
    let (status, body) = http::get(alertmanager, "/api/v2/silences");
    assert_eq!(status, 200, "GET /api/v2/silences: {body}");
    let all: Value = serde_json::from_str(&body).expect("silences JSON");
    all.as_array()
        .and_then(|a| a.iter().find(|s| s["id"] == id).cloned())
        .unwrap_or_else(|| panic!("no silence {id} in {all}"))
}

pub fn silence_count(alertmanager: &str) -> usize {
    let (_, body) = http::get(alertmanager, "/api/v2/silences");
    serde_json::from_str::<Value>(&body)
        .expect("silences JSON")
        .as_array()
        .map_or(0, Vec::len)
}

pub fn alertmanager(stack: &Stack) -> String {
    stack.alertmanager_url.clone().expect("an Alertmanager")
}

pub fn post_alert(am: &str, name: &str) {
    let now = Utc::now();
    let alert = json!([{
        "labels": { "alertname": name, "severity": "warning" },
        "annotations": { "summary": "runbook live test" },
        "startsAt": now.to_rfc3339(),
        "endsAt": (now + chrono::Duration::hours(1)).to_rfc3339(),
    }]);
    let (status, body) = http::post(am, "/api/v2/alerts", &alert.to_string());
    assert_eq!(status, 200, "POST /api/v2/alerts: {body}");
}

/// The alert `name`'s status in Alertmanager, once it is `state` (or panics after 10 s).
pub fn alert_status(am: &str, name: &str, state: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut last = Value::Null;
    while Instant::now() < deadline {
        let (_, body) = http::get(am, "/api/v2/alerts");
        let alerts: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        if let Some(a) = alerts
            .as_array()
            .and_then(|all| all.iter().find(|a| a["labels"]["alertname"] == name))
        {
            last = a["status"].clone();
            if last["state"] == state {
                return last;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("alert {name} never became {state}; last status {last}");
}

pub fn time(value: &Value) -> DateTime<Utc> {
    value
        .as_str()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| panic!("not a time: {value}"))
}

/// The JSON body a plan's http call shows (its last line), without the two timestamps.
pub fn body_without_times(call: &str) -> Value {
    let mut body: Value = serde_json::from_str(call.lines().last().expect("a body line"))
        .unwrap_or_else(|e| panic!("call body is not JSON ({e}): {call}"));
    let object = body.as_object_mut().expect("a JSON object");
    object.remove("startsAt");
    object.remove("endsAt");
    body
}

/// Runs `args`, which must be refused with exit 2 and a confirmation record of `cancelled`.
pub fn refused(console: &Console, args: &[&str], why: &str) {
    let ran = console.run(args).expect(2, &args.join(" "));
    assert!(ran.stderr.contains(why), "{args:?}: {}", ran.stderr);
    let id = run_id(&ran.stdout);
    assert_eq!(
        console.events(&id),
        ["requested", "finished cancelled"],
        "{args:?}"
    );
}

pub const ECHO: &str = r#"id = "echo-argv"
title = "Echo the argv"
tab = "alerts"
risk = "low"
target = "argv"

[[params]]
name = "text"
type = "string"

[[steps]]
title = "Print the arguments as JSON"
command = ["PYTHON", "-c", "import sys, json; print(json.dumps(sys.argv[1:]))", "{text}"]
timeout = "10s"
"#;

pub fn wait_runbook(id: &str, query: &str, op: &str, value: u32, timeout: &str) -> String {
    format!(
        "id = \"{id}\"\ntitle = \"Wait on PromQL\"\ntab = \"alerts\"\nrisk = \"low\"\ntarget = \"sim\"\n\n[[steps]]\ntitle = \"Wait\"\nwait-until = {{ promql = '{query}', op = \"{op}\", value = {value}, every = \"500ms\" }}\ntimeout = \"{timeout}\"\n"
    )
}

pub const SLEEPER: &str = r#"id = "sleeper"
title = "Sleep"
tab = "alerts"
risk = "low"
target = "nap"

[[params]]
name = "pidfile"
type = "string"

[[steps]]
title = "Sleep a while"
command = ["PYTHON", "-c", "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(30)", "{pidfile}"]
timeout = "1m"
"#;

pub const SECRETS: &str = r#"id = "secret-use"
title = "Use secrets"
tab = "alerts"
risk = "low"
target = "status"

[secrets]
token = { env = "RB_TOKEN" }

[[params]]
name = "password"
type = "string"
secret = true

[[steps]]
title = "Alertmanager status with the token"
http = { method = "GET", url = "{env.alertmanager}/api/v2/status", headers = { Authorization = "Bearer {secret.token}" }, expect-status = [200] }

# Spaced out, to show they arrived; then as they are, reversed, and base64-encoded inside a
# longer text, each of which the redaction point masks.
[[steps]]
title = "Both secrets echoed"
command = ["PYTHON", "-c", "import sys, base64; t, p = sys.argv[1:]; print(' '.join(t), ' '.join(p)); print(t, p); print(t[::-1], p[::-1]); print('b64', base64.b64encode(('x' + t + ' ' + p).encode()).decode())", "{secret.token}", "{password}"]

# Holds (no series has a token label), and shows the query: with the token redacted.
[[steps]]
title = "PromQL with the token"
wait-until = { promql = 'count(up{{job="sim", token!="{secret.token}"}})', op = ">=", value = 1, every = "500ms" }
timeout = "20s"

# Prometheus answers a string query with the string: the token then ends past the first 200
# characters of the answer, where the step's output is cut.
[[steps]]
title = "Prometheus echoes the token"
http = { method = "GET", url = "{env.prometheus}/api/v1/query?query=%22PAD{secret.token|url}%22" }
"#;

/// Polls `found` every 50 ms until it gives a value; fails the test after 60 s.
pub fn wait_for<T>(what: &str, mut found: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(value) = found() {
            return value;
        }
        assert!(Instant::now() < deadline, "no {what} within 60 s");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The run id of the approval request a waiting run wrote under `state`.
pub fn approval_request(state: &Path) -> String {
    let approvals = state.join("approvals");
    wait_for("approval request", || {
        fs::read_dir(&approvals).ok()?.flatten().find_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let run = name.strip_suffix(".json")?;
            run.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| run.to_string())
        })
    })
}
