//! One attempt of a step, by kind: a command (argv, never a shell), a wait, a fleet command,
//! an operator's answer; HTTP calls are in [`super::http`].

use tokio::sync::mpsc;

use super::{OUTPUT_LINES, poll, shown};
use crate::domain::runbook::{Answer, ResolvedAction, RunEventKind};
use crate::runbook::target::Target;

/// How much of an operator's note is kept.
const NOTE_CHARS: usize = 1000;

#[derive(Default)]
pub(super) struct Done {
    pub(super) lines: Vec<String>,
    pub(super) captured: Vec<(String, String)>,
    pub(super) note: Option<String>,
}

impl Done {
    fn line(line: String) -> Self {
        Self {
            lines: vec![line],
            ..Self::default()
        }
    }
}

pub(super) async fn attempt(
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
            super::http::http(
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
