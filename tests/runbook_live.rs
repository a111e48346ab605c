//! Runbooks headless against real servers: Debian's Alertmanager and Prometheus on loopback
//! (tests/stack), the real `opsconsole` binary, and its audit trail read back as JSON. A silence
//! made and expired through the built-in runbooks; nothing runs unconfirmed or read-only; a
//! command step's argv reaches the program verbatim without a shell; wait-until on PromQL;
//! a SIGKILLed run is closed as interrupted by the next run; secrets never leave the process.

mod runbook_support;
mod stack;

use std::fs;
use std::process::Stdio;
use std::time::{Duration, Instant};

use chrono::Utc;
use runbook_support::{
    Console, ECHO, PYTHON, Reaped, SECRETS, SLEEPER, alert_status, alertmanager,
    body_without_times, lab_config, post_alert, refused, run_id, silence, silence_count,
    step_calls, time, wait_runbook, words,
};
use serde_json::{Value, json};
use stack::{Options, Stack, http, require};

fn lab() -> Stack {
    Stack::start(Options {
        alertmanager: true,
        ..Options::default()
    })
}

#[test]
fn a_silence_is_created_and_expired_through_the_runbooks_exactly_as_planned() {
    let stack = lab();
    let am = alertmanager(&stack);
    let console = Console::new("silence").with_config(&lab_config(&stack, "", ""));
    post_alert(&am, "RbLiveDiskFull");
    alert_status(&am, "RbLiveDiskFull", "active");
    let comment = r#"maintenance; "quoted""#;
    let comment_param = format!("comment={comment}");
    let args = |verb| {
        let mut args = words("--env lab runbook VERB silence-alert -p alertname=RbLiveDiskFull -p");
        args[3] = verb;
        args.push(&comment_param);
        args
    };
    let plan_args = args("plan");
    let plan = console.run(&plan_args).expect(0, "plan silence-alert");
    let url = format!("POST {am}/api/v2/silences");
    let planned = step_calls(&plan.stdout);
    assert_eq!(planned.len(), 1, "one step: {}", plan.stdout);
    let head = format!("{url} (with the environment's Alertmanager credentials)\n");
    let head = format!("{head}Content-Type: application/json\n{{");
    assert!(planned[0].starts_with(&head), "{}", plan.stdout);
    let matcher = json!([{ "name": "alertname", "value": "RbLiveDiskFull",
        "isRegex": false, "isEqual": true }]);
    let body = body_without_times(&planned[0]);
    assert_eq!(body["matchers"], matcher, "{}", plan.stdout);
    assert_eq!(body["comment"], comment, "{}", plan.stdout);
    plan.shows("dry run: nothing was called");
    assert_eq!(silence_count(&am), 0, "a plan creates nothing");
    assert!(console.audit().is_empty(), "a plan records nothing");

    let run_args = [&args("run")[..], &["--yes"]].concat();
    let started = Utc::now();
    let run = console.run(&run_args).expect(0, "run silence-alert");
    let id = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("silence = "))
        .unwrap_or_else(|| panic!("no `silence = <id>` in:\n{}", run.stdout))
        .trim()
        .to_string();
    let made = silence(&am, &id);
    assert_eq!(made["status"]["state"], "active", "{made}");
    assert_eq!(made["comment"], comment, "{made}");
    assert_eq!(made["matchers"], matcher, "{made}");
    let lasts = (time(&made["endsAt"]) - started).num_seconds();
    assert!((7190..=7210).contains(&lasts), "ends 2 h after now: {made}");
    let status = alert_status(&am, "RbLiveDiskFull", "suppressed");
    assert_eq!(status["silencedBy"], json!([id]), "{status}");

    // The plan the run showed is the call the audit says it made, and what Alertmanager got.
    let rid = run_id(&run.stdout);
    let records = console.records(&rid);
    let calls = console.calls(&rid);
    assert_eq!(step_calls(&run.stdout), calls, "{records:?}");
    let audited = calls[0].as_str();
    let shown: Value = serde_json::from_str(audited.lines().last().expect("body")).expect("JSON");
    assert_eq!(
        time(&shown["endsAt"]),
        time(&made["endsAt"]),
        "{shown} vs {made}"
    );
    assert_eq!(shown["createdBy"], made["createdBy"]);
    // The separate dry run listed the same call, but for the clock.
    assert_eq!(body_without_times(audited), body);
    assert_eq!(
        audited.lines().take(2).collect::<Vec<_>>(),
        planned[0].lines().take(2).collect::<Vec<_>>()
    );
    let events = console.events(&rid).join(" > ");
    let all = "requested > confirmed > step_started > step_finished > finished succeeded";
    assert_eq!(events, all);

    let expire = format!("--env lab runbook run expire-silence -p silence={id} --yes");
    let expire = console.run(&words(&expire)).expect(0, "run expire-silence");
    let delete = format!("DELETE {am}/api/v2/silence/{id}");
    expire.shows(&delete);
    let calls = console.calls(&run_id(&expire.stdout));
    assert_eq!(step_calls(&expire.stdout), calls);
    assert!(calls[0].starts_with(&delete), "{calls:?}");
    assert_eq!(silence(&am, &id)["status"]["state"], "expired");
    alert_status(&am, "RbLiveDiskFull", "active");
    console.verify();
}

#[test]
fn nothing_runs_without_confirmation_or_in_read_only_mode() {
    let stack = lab();
    let am = alertmanager(&stack);
    let console = Console::new("confirm").with_config(&lab_config(&stack, "", ""));
    let (_, made) = http::post(&am, "/api/v2/silences", &json!({
        "matchers": [{ "name": "alertname", "value": "Other", "isRegex": false, "isEqual": true }],
        "startsAt": Utc::now().to_rfc3339(),
        "endsAt": (Utc::now() + chrono::Duration::hours(1)).to_rfc3339(),
        "createdBy": "test", "comment": "kept",
    }).to_string());
    let kept: Value = serde_json::from_str(&made).expect("silence answer");
    let kept = kept["silenceID"].as_str().expect("silence id").to_string();

    let low = "low risk: confirm with --yes";
    let high = "high risk: confirm with --confirm";
    let other = "does not match the target";
    let expire = format!("--env lab runbook run expire-silence -p silence={kept}");
    let cases = [
        (
            "--env lab runbook run silence-alert -p alertname=X -p comment=later",
            low,
        ),
        (expire.as_str(), low),
        ("--env demo runbook run query-investigation --row api", low),
        ("--env demo runbook run scale-out --row web", high),
        ("--env demo runbook run scale-in --row web", high),
        (
            "--env demo runbook run replica-failover -p reason=drill",
            high,
        ),
        ("--env demo runbook run dr-drill", high),
        ("--env demo runbook run right-size --row worker", high),
        ("--env demo runbook run release-hold --row web", low),
        ("--env demo runbook run budget-investigation", low),
        (
            "--env demo runbook run renew-certificate --row www.example.com",
            low,
        ),
        (
            "--env demo runbook run mark-finding --row CVE-2026-56325 -p status=resolved -p note=patched",
            low,
        ),
        (
            "--env demo runbook run reevaluate-check --row check-02",
            low,
        ),
        ("--env demo runbook run group-limits --row web", high),
        ("--env demo runbook run suspend-process --row web", high),
        ("--env demo runbook run resume-process --row web", high),
        // High risk is not confirmed by --yes, nor by another target.
        ("--env demo runbook run scale-out --row web --yes", high),
        (
            "--env demo runbook run scale-out --row web --confirm worker",
            other,
        ),
        (
            "--env demo runbook run scale-in --row web --confirm WEB",
            other,
        ),
    ];
    for (line, why) in cases {
        refused(&console, &words(line), why);
    }
    let listed = console.run(&["runbook", "list"]).expect(0, "list").stdout;
    for line in listed.lines() {
        let id = line.split_whitespace().next().expect("an id");
        let tried = cases.iter().any(|(c, _)| words(c)[4] == id);
        assert!(tried, "runbook {id} not tried unconfirmed");
    }
    assert_eq!(silence_count(&am), 1, "no silence created");
    let state = &silence(&am, &kept)["status"]["state"];
    assert_eq!(state, "active", "not expired");
    assert!(!console.audit().iter().any(|r| r["event"] == "confirmed"));

    // Read-only: by flag, for the whole config, and per environment. Nothing is recorded.
    let before = console.audit().len();
    let silence_yes = "--env lab runbook run silence-alert -p alertname=X -p comment=now --yes";
    let flag = console.run(&words(&format!("--read-only {silence_yes}")));
    flag.expect(2, "--read-only").says("read-only mode (lab)");
    let demo = "--read-only --env demo runbook run scale-out --row web --confirm web";
    let flag = console.run(&words(demo)).expect(2, "--read-only demo");
    flag.says("read-only mode (demo)");
    let global = Console::new("ro-all").with_config(&lab_config(&stack, "read-only = true\n", ""));
    let all = global
        .run(&words(silence_yes))
        .expect(2, "read-only = true");
    all.says("read-only mode (lab)");
    let scoped = Console::new("ro-lab").with_config(&lab_config(&stack, "", "read-only = true\n"));
    let lab_only = scoped.run(&words(silence_yes)).expect(2, "lab read-only");
    lab_only.says("read-only mode (lab)");
    // Only lab is read-only there: the demo still asks for confirmation.
    refused(
        &scoped,
        &words("--env demo runbook run scale-out --row web"),
        high,
    );
    assert_eq!(silence_count(&am), 1, "read-only created no silence");
    assert_eq!(console.audit().len(), before, "read-only recorded nothing");
    assert!(global.audit().is_empty());
    assert!(!scoped.audit().iter().any(|r| r["event"] == "confirmed"));
    console.verify();
    scoped.verify();
}

#[test]
fn a_command_step_passes_its_argument_verbatim_without_a_shell() {
    require(PYTHON);
    let console = Console::new("argv");
    console.runbook("echo", &ECHO.replace("PYTHON", PYTHON));
    let marker = console.dir.join("pwned");
    let marker2 = console.dir.join("pwned2");
    let text = format!(
        "two  words; touch {} \"double\" 'single' $(touch {}) `id` | cat > /dev/null & $HOME",
        marker.display(),
        marker2.display()
    );
    let param = format!("text={text}");
    let run = console
        .run(&["runbook", "run", "echo-argv", "--param", &param, "--yes"])
        .expect(0, "run echo-argv");
    let expected = serde_json::to_string(&vec![text.as_str()]).expect("JSON");
    let printed: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("step 1 | "))
        .collect();
    assert_eq!(
        printed,
        [expected.as_str(), &format!("{PYTHON} exited 0")],
        "{}",
        run.stdout
    );
    let args: Vec<String> = serde_json::from_str(printed[0]).expect("argv JSON");
    assert_eq!(args, std::slice::from_ref(&text));
    let records = console.records(&run_id(&run.stdout));
    let finished = records
        .iter()
        .find(|r| r["event"] == "step_finished")
        .expect("step_finished");
    assert_eq!(finished["step"]["status"], "ok");
    let output = finished["step"]["output"].as_str().expect("output");
    assert_eq!(output.lines().next(), Some(expected.as_str()), "{finished}");
    assert!(!marker.exists() && !marker2.exists(), "a shell ran a part");
    console.verify();
}

#[test]
fn wait_until_polls_the_real_prometheus_and_times_out_when_it_never_holds() {
    let stack = lab();
    let console = Console::new("wait").with_config(&lab_config(&stack, "", ""));
    let up = "up{{job=\"sim\"}}";
    console.runbook("up", &wait_runbook("wait-up", up, ">=", 1, "30s"));
    console.runbook("never", &wait_runbook("wait-never", up, ">=", 2, "3s"));
    let up = console.run(&words("--env lab runbook run wait-up --yes"));
    up.expect(0, "wait-up")
        .shows("step 1 | holds: promql `up{job=\"sim\"}` >= 1 (now 1)");
    let began = Instant::now();
    let never = console.run(&words("--env lab runbook run wait-never --yes"));
    let never = never.expect(1, "wait-never");
    let took = began.elapsed();
    let (three, twenty) = (Duration::from_secs(3), Duration::from_secs(20));
    assert!(took >= three && took < twenty, "{took:?}");
    never.shows("finished timed_out");
    let records = console.records(&run_id(&never.stdout));
    let last = records.last().expect("records");
    assert_eq!(last["event"], "finished");
    assert_eq!(last["outcome"], "timed_out", "{last}");
    let step = records
        .iter()
        .find(|r| r["event"] == "step_finished")
        .expect("step");
    assert_eq!(step["step"]["status"], "timed out", "{step}");
    console.verify();
}

#[test]
fn a_run_killed_mid_step_is_recorded_as_interrupted_by_the_next_run() {
    require(PYTHON);
    let console = Console::new("kill");
    console.runbook("sleeper", &SLEEPER.replace("PYTHON", PYTHON));
    let pidfile = console.dir.join("sleep.pid");
    let param = format!("pidfile={}", pidfile.display());
    let log = fs::File::create(console.dir.join("killed.out")).expect("output file");
    let mut child = console
        .command(&["runbook", "run", "sleeper", "--param", &param, "--yes"])
        .stdout(Stdio::from(log))
        .stderr(Stdio::null())
        .spawn()
        .map(Reaped)
        .expect("start the run");
    let deadline = Instant::now() + Duration::from_secs(20);
    let run = loop {
        let audit = console.audit();
        if let Some(r) = audit.iter().find(|r| r["event"] == "step_started") {
            break r["run"].as_str().expect("run id").to_string();
        }
        assert!(Instant::now() < deadline, "no step_started: {audit:?}");
        std::thread::sleep(Duration::from_millis(50));
    };
    child.0.kill().expect("SIGKILL");
    child.0.wait().ok();
    // The step's own process outlives its parent: stop it by its PID too.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !pidfile.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    if let Ok(pid) = fs::read_to_string(&pidfile) {
        let kill = std::process::Command::new("kill")
            .args(["-KILL", pid.trim()])
            .status();
        kill.ok();
    }
    let open = "requested > confirmed > step_started";
    assert_eq!(console.events(&run).join(" > "), open);

    // `plan` does not close it; the next `run` does, before its own request.
    let scale_out = "runbook run scale-out --row web";
    console
        .run(&words("runbook plan scale-out --row web"))
        .expect(0, "plan");
    assert_eq!(console.events(&run).join(" > "), open);
    let next = console.run(&words(scale_out)).expect(2, "unconfirmed run");
    next.shows(&format!(
        "run {run} of sleeper on nap (demo) was interrupted at"
    ));
    let closed = format!("{open} > finished interrupted");
    assert_eq!(console.events(&run).join(" > "), closed);
    // Recorded once: a later run finds nothing open.
    let again = console.run(&words(scale_out)).expect(2, "again").stdout;
    assert!(!again.contains("was interrupted"), "{again}");
    console.verify();
}

#[test]
fn secrets_never_leak_into_output_audit_or_logs() {
    require(PYTHON);
    let stack = lab();
    let console = Console::new("secrets").with_config(&lab_config(&stack, "", ""));
    let pad = "p".repeat(104);
    let runbook = SECRETS.replace("PYTHON", PYTHON).replace("PAD", &pad);
    console.runbook("secrets", &runbook);
    let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
    let token = format!("TKsec{nanos}ZZtokenZZ");
    let password = format!("pw-{nanos}-Xk3");
    let env = [("RB_TOKEN", token.as_str())];
    let param = format!("password={password}");
    let args = |verb| {
        let mut args = words("--log-level debug --env lab runbook VERB secret-use -p");
        args[5] = verb;
        args.push(&param);
        args
    };
    let plan = console.run_with(&args("plan"), &env).expect(0, "plan");
    plan.shows("Authorization: Bearer ••••••");
    plan.shows("param password = ••••••");
    plan.shows("until promql `count(up{job=\"sim\", token!=\"••••••\"})` >= 1");
    let run = console
        .run_with(&[&args("run")[..], &["--yes"]].concat(), &env)
        .expect(0, "run");
    run.shows("step 1 | HTTP 200");
    // The real values reached the program (spaced out here), and were masked when echoed:
    // as they are, reversed, and base64-encoded at an offset inside a longer text.
    let spaced = |s: &str| s.chars().map(String::from).collect::<Vec<_>>().join(" ");
    let line = format!("step 2 | {} {}", spaced(&token), spaced(&password));
    run.shows(&line);
    assert_eq!(
        run.stdout.matches("step 2 | *** ***\n").count(),
        2,
        "{}",
        run.stdout
    );
    let encoded = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("step 2 | b64 "))
        .expect("the base64 line");
    assert!(encoded.len() < 16 && encoded.contains("***"), "{encoded}");
    run.shows("step 3 | holds: promql `count(up{job=\"sim\", token!=\"••••••\"})` >= 1 (now 1)");
    run.shows(&format!("{pad}***\"]}}}}"));
    let files = console.state_files();
    let logs = console.state.join("logs");
    let logged: usize = files
        .iter()
        .filter(|(p, _)| p.starts_with(&logs))
        .map(|(_, t)| t.len())
        .sum();
    assert!(
        logged > 0,
        "--log-level debug logged nothing in {}",
        logs.display()
    );
    assert!(files.iter().any(|(p, _)| p.ends_with("audit.jsonl")));
    // Not even part of one: the token's first 10 characters are as telling.
    for secret in [&token, &password, &token[..10].to_string()] {
        for (what, text) in [("plan", plan.both()), ("run", run.both())] {
            assert!(!text.contains(secret.as_str()), "{what} leaks it:\n{text}");
        }
        for (path, text) in &files {
            assert!(
                !text.contains(secret.as_str()),
                "{} leaks it",
                path.display()
            );
        }
    }
    console.verify();
}
