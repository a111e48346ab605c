//! One step: each attempt under the step's timeout, retries after the delay, and the stop
//! signal raced against every await. Commands run as argv (never a shell) with their output
//! captured; HTTP answers are size-capped. Output and errors are remote text: redacted and
//! cleaned once, as they are captured ([`shown`]), before the screen, stdout or the audit.

use std::time::Duration;

use tokio::sync::{mpsc, watch};

use super::Stop;
use crate::domain::redact::redact;
use crate::domain::remote_text::{clean, quote};
use crate::domain::runbook::condition::ResolvedCondition;
use crate::domain::runbook::{Answer, Endpoint, ResolvedAction, ResolvedStep, RunEventKind};
use crate::runbook::planner::{describe, measure};
use crate::runbook::target::Target;

/// Output kept per step (lines, and characters per line).
const OUTPUT_LINES: usize = 20;
const LINE_CHARS: usize = 300;
const HTTP_BODY_LIMIT: usize = 64 << 10;
/// How much of an HTTP answer a step's output quotes.
const HTTP_SNIPPET_CHARS: usize = 200;
/// How much of an operator's note is kept.
const NOTE_CHARS: usize = 1000;

/// Text a step did not write itself (command output, answers, errors) as the run shows and
/// records it: without any secret in any registered form, control and bidi characters
/// escaped. Redacted before any cut, so a secret is never cut in two.
pub(super) fn shown(text: &str) -> String {
    clean(&redact(text)).into_owned()
}

pub enum StepResult {
    Ok,
    Failed(String),
    TimedOut(String),
    Stopped(Stop),
}

pub struct StepOutcome {
    pub status: StepResult,
    pub attempts: u32,
    pub output: Vec<String>,
    pub captured: Vec<(String, String)>,
    /// A manual step's note, redacted.
    pub note: Option<String>,
}

/// Resolves when a stop is requested; never if the sender is gone.
pub(super) async fn stopped(stop: &mut watch::Receiver<Stop>) -> Stop {
    loop {
        let now = *stop.borrow_and_update();
        if now != Stop::Running {
            return now;
        }
        if stop.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

pub async fn run_step(
    step: &ResolvedStep,
    target: &Target,
    index: usize,
    stop: &mut watch::Receiver<Stop>,
    answers: &mut mpsc::Receiver<Answer>,
    send: &impl Fn(RunEventKind),
) -> StepOutcome {
    let mut outcome = StepOutcome {
        status: StepResult::Ok,
        attempts: 0,
        output: Vec::new(),
        captured: Vec::new(),
        note: None,
    };
    let note = |outcome: &mut StepOutcome, line: String| {
        let line: String = shown(&line).chars().take(LINE_CHARS).collect();
        send(RunEventKind::StepOutput {
            index,
            line: line.clone(),
        });
        outcome.output.push(line);
        if outcome.output.len() > OUTPUT_LINES {
            outcome.output.remove(0);
        }
    };
    loop {
        outcome.attempts += 1;
        let attempt = attempt(&step.action, target, index, answers, send);
        let result = tokio::select! {
            biased;
            why = stopped(stop) => Err(StepResult::Stopped(why)),
            result = tokio::time::timeout(step.timeout, attempt) => match result {
                Ok(result) => result.map_err(StepResult::Failed),
                Err(_) => Err(StepResult::TimedOut(format!(
                    "timed out after {}", crate::domain::duration::humantime(step.timeout)
                ))),
            },
        };
        match result {
            Ok(done) => {
                for line in done.lines {
                    note(&mut outcome, line);
                }
                outcome.captured = done.captured;
                outcome.note = done.note;
                return outcome;
            }
            Err(StepResult::Stopped(why)) => {
                outcome.status = StepResult::Stopped(why);
                return outcome;
            }
            Err(failure) => {
                let text = match &failure {
                    StepResult::Failed(e) | StepResult::TimedOut(e) => shown(e),
                    _ => String::new(),
                };
                let retrying = outcome.attempts <= step.retries
                    && !matches!(step.action, ResolvedAction::Manual { .. });
                let attempts = outcome.attempts;
                note(&mut outcome, format!("attempt {attempts}: {text}"));
                if !retrying {
                    outcome.status = match failure {
                        StepResult::TimedOut(_) => StepResult::TimedOut(text),
                        _ => StepResult::Failed(text),
                    };
                    return outcome;
                }
                tokio::select! {
                    why = stopped(stop) => { outcome.status = StepResult::Stopped(why); return outcome; }
                    () = tokio::time::sleep(step.retry_delay) => {}
                }
            }
        }
    }
}

#[derive(Default)]
struct Done {
    lines: Vec<String>,
    captured: Vec<(String, String)>,
    note: Option<String>,
}

impl Done {
    fn line(line: String) -> Self {
        Self {
            lines: vec![line],
            ..Self::default()
        }
    }
}

async fn attempt(
    action: &ResolvedAction,
    target: &Target,
    index: usize,
    answers: &mut mpsc::Receiver<Answer>,
    send: &impl Fn(RunEventKind),
) -> Result<Done, String> {
    match action {
        ResolvedAction::Http {
            method,
            url,
            headers,
            body,
            auth,
            expect_status,
            capture,
        } => {
            http(
                target,
                method,
                url,
                headers,
                body.as_deref(),
                *auth,
                expect_status,
                capture,
            )
            .await
        }
        ResolvedAction::Command { argv } => command(argv).await,
        ResolvedAction::WaitUntil { condition, every } => {
            let waiting = |detail| {
                send(RunEventKind::Waiting {
                    index: Some(index),
                    detail,
                })
            };
            poll(target, condition, *every, &waiting)
                .await
                .map(Done::line)
        }
        ResolvedAction::Fleet(command) => target.act(command).await.map(|lines| Done {
            // A report's lines are what the run found: the summary lists them.
            captured: if command.read_only() {
                let label = command.call();
                let label = label.split(' ').next().unwrap_or_default();
                lines
                    .iter()
                    .map(|l| (label.to_string(), shown(l)))
                    .collect()
            } else {
                Vec::new()
            },
            lines,
            ..Done::default()
        }),
        ResolvedAction::Manual {
            instruction,
            needs_note,
        } => {
            while answers.try_recv().is_ok() {}
            send(RunEventKind::AwaitingOperator {
                index,
                instruction: instruction.clone(),
                needs_note: *needs_note,
            });
            let answer = answers.recv().await.ok_or("no operator to answer")?;
            manual_answer(answer, *needs_note)
        }
    }
}

/// The operator's answer as the step's result: the note redacted and kept whole (to its cap)
/// for the audit, and a yes without a required note refused, so an investigation cannot
/// succeed without saying what it found.
fn manual_answer(answer: Answer, needs_note: bool) -> Result<Done, String> {
    let note: String = shown(answer.note.trim()).chars().take(NOTE_CHARS).collect();
    let noted = |line: &str| {
        if note.is_empty() {
            line.to_string()
        } else {
            format!("{line}: {note}")
        }
    };
    if !answer.done {
        return Err(noted("the operator answered no"));
    }
    if needs_note && note.is_empty() {
        return Err("the operator answered yes without the required note of the finding".into());
    }
    Ok(Done {
        lines: vec![noted("the operator confirmed it is done")],
        note: (!note.is_empty()).then_some(note),
        ..Done::default()
    })
}

/// Checks the condition every `every` until it holds; the caller's timeout bounds the wait.
/// Each check that does not hold is reported, so a long wait is never silent.
async fn poll(
    target: &Target,
    condition: &ResolvedCondition,
    every: Duration,
    waiting: &impl Fn(String),
) -> Result<String, String> {
    loop {
        let (detail, holds) = describe(condition, measure(target, condition).await);
        if holds {
            return Ok(format!("holds: {detail}"));
        }
        waiting(detail);
        tokio::time::sleep(every).await;
    }
}

/// The verification: like a wait-until step, with its own time limit and the stop signal.
pub async fn wait_until(
    target: &Target,
    condition: &ResolvedCondition,
    every: Duration,
    within: Duration,
    stop: &mut watch::Receiver<Stop>,
    send: &impl Fn(RunEventKind),
) -> StepResult {
    let waiting = |detail| {
        send(RunEventKind::Waiting {
            index: None,
            detail,
        })
    };
    tokio::select! {
        biased;
        why = stopped(stop) => StepResult::Stopped(why),
        result = tokio::time::timeout(within, poll(target, condition, every, &waiting)) => match result {
            Ok(Ok(_)) => StepResult::Ok,
            Ok(Err(e)) => StepResult::Failed(e),
            Err(_) => {
                let (detail, _) = describe(condition, measure(target, condition).await);
                StepResult::TimedOut(format!("still not true after {}: {detail}", crate::domain::duration::humantime(within)))
            }
        },
    }
}

/// Runs argv as a command step does; its output lines.
pub async fn run_argv(argv: &[String]) -> Result<Vec<String>, String> {
    command(argv).await.map(|done| done.lines)
}

async fn command(argv: &[String]) -> Result<Done, String> {
    let (program, args) = argv.split_first().ok_or("empty command")?;
    let output = tokio::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true)
        .output()
        .await
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let mut lines: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .chain(String::from_utf8_lossy(&output.stderr).lines())
        .map(str::to_string)
        .collect();
    if lines.len() > OUTPUT_LINES {
        lines.drain(..lines.len() - OUTPUT_LINES);
    }
    if output.status.success() {
        lines.push(format!("{program} exited 0"));
        Ok(Done {
            lines,
            ..Done::default()
        })
    } else {
        let last = lines.last().cloned().unwrap_or_default();
        Err(format!("{program} exited with {}: {last}", output.status))
    }
}

#[allow(clippy::too_many_arguments)]
async fn http(
    target: &Target,
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: Option<&str>,
    auth: Option<Endpoint>,
    expect_status: &[u16],
    capture: &std::collections::BTreeMap<String, String>,
) -> Result<Done, String> {
    let endpoint = auth.and_then(|e| target.endpoint(e));
    let mut builder =
        reqwest::Client::builder().user_agent(concat!("opsconsole/", env!("CARGO_PKG_VERSION")));
    if let Some(config) = endpoint {
        builder = builder.tls_danger_accept_invalid_certs(config.insecure);
        if let Some(path) = &config.ca_file {
            let pem =
                std::fs::read(path).map_err(|e| format!("CA file {}: {e}", path.display()))?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| e.to_string())?;
            builder = builder.tls_certs_merge(certs);
        }
    }
    let client = builder.build().map_err(|e| e.to_string())?;
    let method = reqwest::Method::from_bytes(method.as_bytes())
        .map_err(|_| format!("bad method {method}"))?;
    let mut request = client.request(method, url);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    if let Some(body) = body {
        request = request.body(body.to_string());
    }
    if let Some(endpoint) = endpoint {
        request = endpoint.auth.authorize(request).await?;
    }
    let response = request.send().await.map_err(|e| short_error(&e))?;
    let status = response.status().as_u16();
    let bytes = response.bytes().await.map_err(|e| short_error(&e))?;
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(HTTP_BODY_LIMIT)]).to_string();
    let ok = if expect_status.is_empty() {
        (200..300).contains(&status)
    } else {
        expect_status.contains(&status)
    };
    // Redacted before it is cut: a secret the answer echoes must not be cut in two, leaving a
    // prefix that no later redaction recognises.
    let snippet = quote(&redact(&text), HTTP_SNIPPET_CHARS);
    if !ok {
        return Err(format!("HTTP {status}: {snippet}"));
    }
    let mut captured = Vec::new();
    if !capture.is_empty() {
        let json: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("answer is not JSON: {e}"))?;
        for (label, field) in capture {
            let value = json
                .get(field)
                .ok_or_else(|| format!("answer has no field {field:?}"))?;
            let value = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_string);
            captured.push((label.clone(), shown(&value)));
        }
    }
    let mut lines = vec![format!("HTTP {status}")];
    if !snippet.is_empty() {
        lines.push(snippet);
    }
    Ok(Done {
        lines,
        captured,
        note: None,
    })
}

fn short_error(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    text
}
