//! `opsconsole runbook list|plan|run` (`approvals|approve` are in `runbook_approval`): runbooks
//! without the full-screen console, for scripts and for operators on a plain shell. `plan` is a
//! dry run and records nothing; `run` records the request, needs the same informed confirmation
//! as the console (--yes for low risk, --confirm TARGET for high risk) and is refused in read-only
//! mode.

use std::collections::BTreeMap;
use std::io::{BufRead as _, Write as _};
use std::process::ExitCode;

use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

use super::output::{fail, line, print};
use super::runbook_approval::{self as approvals, approval_hint};
use super::runbook_text;
use crate::cli::{ConsoleArgs, RunArgs, RunbookArgs, RunbookCommand};
use crate::config::{self, Config, SourceConfig};
use crate::domain::audit::{Actor, RunOutcome};
use crate::domain::runbook::{Answer, Risk, RowRef, RunEventKind, RunRequest, Runbook, context};
use crate::runbook::audit::{AuditLog, AuditSink, audit_file};
use crate::runbook::executor::{INTERRUPT_GRACE, RunContext};
use crate::runbook::session::{self, RunIds};
use crate::runbook::target::Target;
use crate::sources;

pub fn run(console: &ConsoleArgs, action: &RunbookCommand) -> ExitCode {
    let config = match config::load(console) {
        Ok(config) => config,
        Err(error) => return fail(&error.to_string(), 2),
    };
    if let RunbookCommand::List = action {
        print(&runbook_text::listing(&config.runbooks.runbooks));
        return ExitCode::SUCCESS;
    }
    if let Some(code) = approvals::run(&config, action) {
        return code;
    }
    // As the console does: --log-level and the executor's own lines reach the log file.
    let _log_guard = match crate::logging::init(&config.paths.log_dir, console.log_level.as_deref())
    {
        Ok(guard) => guard,
        Err(error) => return fail(&error, 2),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(&format!("cannot start the runtime: {error}"), 2),
    };
    runtime.block_on(async {
        match action {
            RunbookCommand::Plan(args) => plan(&config, args).await,
            RunbookCommand::Run(args) => execute(&config, args).await,
            _ => ExitCode::SUCCESS,
        }
    })
}

/// Keeps the in-process demo fleet running: it stops when its snapshot channel closes.
struct Fleet {
    _source: Option<sources::RunningSource>,
    _snapshots: Option<mpsc::Receiver<crate::domain::SourceUpdate>>,
}

/// The environment's target; for the demo, a simulated fleet running in this process.
fn target(config: &Config) -> Result<(Target, Fleet), String> {
    let environment = config.settings.selected_environment()?;
    let (mut target, fleet) = fleet_target(config, environment)?;
    target
        .renew_certificate
        .clone_from(&environment.renew_certificate);
    Ok((target, fleet))
}

fn fleet_target(
    config: &Config,
    environment: &crate::config::EnvironmentConfig,
) -> Result<(Target, Fleet), String> {
    match &environment.source {
        SourceConfig::Demo => {
            let demo = &config.settings.demo;
            let (tx, rx) = mpsc::channel(1);
            let (source, handle) = sources::start_simulator(
                demo.seed,
                demo.now(),
                demo.speed,
                demo.refresh,
                demo.objectives.clone(),
                tx,
                tokio::sync::watch::channel(None).1,
            );
            let fleet = Fleet {
                _source: Some(source),
                _snapshots: Some(rx),
            };
            Ok((Target::simulator(&environment.name, handle), fleet))
        }
        SourceConfig::Prometheus(settings) => {
            let fleet = Fleet {
                _source: None,
                _snapshots: None,
            };
            #[cfg_attr(not(any(feature = "aws", feature = "azure")), allow(unused_mut))]
            let mut target = Target::prometheus(&environment.name, settings)?;
            #[cfg(feature = "aws")]
            if let Some(aws) = environment.aws_settings(&config.paths.state_dir) {
                target.attach_aws(aws);
            }
            #[cfg(feature = "azure")]
            if let Some(azure) = environment.azure_settings(&config.paths.state_dir) {
                target.attach_azure(azure);
            }
            Ok((target, fleet))
        }
    }
}

/// The runbook, the target and the request with every missing parameter at its default.
async fn prepare(
    config: &Config,
    args: &RunbookArgs,
) -> Result<(Runbook, Target, RunRequest, Fleet), String> {
    let runbook = config.runbooks.get(&args.id).cloned().ok_or_else(|| {
        let ids: Vec<&str> = config
            .runbooks
            .runbooks
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        format!("no runbook {:?}; runbooks: {}", args.id, ids.join(", "))
    })?;
    let (target, fleet) = target(config)?;
    let mut inputs = BTreeMap::new();
    for pair in &args.params {
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| format!("--param {pair:?}: use NAME=VALUE"))?;
        if !runbook.params.iter().any(|p| p.name == name) {
            let names: Vec<&str> = runbook.params.iter().map(|p| p.name.as_str()).collect();
            return Err(format!(
                "{} has no parameter {name:?}; parameters: {}",
                runbook.id,
                names.join(", ")
            ));
        }
        inputs.insert(name.to_string(), value.to_string());
    }
    let row = args.row.clone().map(|key| RowRef {
        tab: runbook.row_tab(),
        key,
    });
    let snapshot = target.snapshot().await.ok();
    let values = context::values(snapshot.as_ref(), row.as_ref());
    for param in &runbook.params {
        inputs
            .entry(param.name.clone())
            .or_insert_with(|| param.initial(&values));
    }
    let missing = runbook_text::missing(&runbook, &inputs, &values, snapshot.as_ref());
    if !missing.is_empty() {
        return Err(missing.join("\n"));
    }
    let request = RunRequest {
        runbook: runbook.id.clone(),
        inputs,
        row,
    };
    Ok((runbook, target, request, fleet))
}

async fn plan(config: &Config, args: &RunbookArgs) -> ExitCode {
    let (runbook, target, request, _fleet) = match prepare(config, args).await {
        Ok(prepared) => prepared,
        Err(error) => return fail(&error, 2),
    };
    let actor = Actor::current();
    let id = RunIds::default().next_id();
    match crate::runbook::planner::make(
        &runbook,
        &request,
        &target,
        id,
        chrono::Utc::now(),
        &actor.user,
    )
    .await
    {
        Ok(plan) => {
            print(&runbook_text::plan(&plan.view));
            line("dry run: nothing was called");
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error, 2),
    }
}

async fn execute(config: &Config, args: &RunArgs) -> ExitCode {
    let environment = match config.settings.selected_environment() {
        Ok(environment) => environment,
        Err(error) => return fail(&error, 2),
    };
    let read_only = config.settings.read_only_in(environment);
    if read_only {
        return fail(
            &format!(
                "read-only mode ({}): runbooks cannot run; `opsconsole runbook plan` shows what it would do",
                environment.name
            ),
            2,
        );
    }
    let actor = Actor::current();
    let state_dir = &config.paths.state_dir;
    match session::recover_interrupted(state_dir, &actor) {
        Ok(lines) => lines.iter().for_each(|l| line(l)),
        Err(error) => return fail(&format!("audit: {error}"), 2),
    }
    let audit = match AuditSink::spawn(AuditLog::new(audit_file(state_dir))) {
        Ok(audit) => audit,
        Err(error) => return fail(&format!("audit: {error}"), 2),
    };
    let (runbook, target, request, _fleet) = match prepare(config, &args.runbook).await {
        Ok(prepared) => prepared,
        Err(error) => return fail(&error, 2),
    };
    // Holds earlier runs placed that have ended since are recorded before this run's request.
    match session::record_released_now(&target, state_dir, &actor).await {
        Ok(lines) => lines.iter().for_each(|l| line(l)),
        Err(error) => tracing::warn!("cannot check the audit's holds: {error}"),
    }
    let id = RunIds::default().next_id();
    let plan = match session::request(&runbook, &request, &target, id, &actor, &audit).await {
        Ok(plan) => plan,
        Err(error) => return fail(&error, 2),
    };
    print(&runbook_text::plan(&plan.view));
    let confirmation = match (plan.view.risk, args.yes, &args.confirm) {
        (Risk::Low, true, None) => "--yes".to_string(),
        (Risk::High, false, Some(typed)) if *typed == plan.view.target => {
            format!("--confirm {typed}")
        }
        (risk, _, typed) => {
            session::discard(&plan, "confirmation", &actor, &audit).await;
            let why = match (risk, typed) {
                (Risk::High, Some(typed)) if *typed != plan.view.target => {
                    format!(
                        "--confirm {typed:?} does not match the target {:?}",
                        plan.view.target
                    )
                }
                (Risk::High, _) => format!(
                    "high risk: confirm with --confirm {} (not --yes)",
                    plan.view.target
                ),
                (Risk::Low, _) => "low risk: confirm with --yes".to_string(),
            };
            return fail(&format!("not run: {why}"), 2);
        }
    };
    let titles: Vec<String> = plan.view.steps.iter().map(|s| s.title.clone()).collect();
    let (events, mut received) = mpsc::unbounded_channel();
    let context = RunContext {
        actor: actor.clone(),
        confirmation,
        audit: audit.clone(),
        events,
        approval: session::approval_gate(&plan, &environment.approval, state_dir),
    };
    let handle = match session::start_or_return(plan, target, context, state_dir, read_only) {
        Ok(handle) => handle,
        Err((plan, error)) => {
            session::refused(&plan, &error, &actor, &audit).await;
            return fail(&error, 2);
        }
    };
    let (Ok(mut terminate), Ok(mut hangup), Ok(mut interrupt)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::hangup()),
        signal(SignalKind::interrupt()),
    ) else {
        return fail("cannot listen for signals", 2);
    };
    let mut outcome = RunOutcome::Failed;
    let (answers_tx, mut answers) = mpsc::channel(1);
    loop {
        tokio::select! {
            event = received.recv() => {
                let Some(event) = event else { break };
                line(&runbook_text::event(&event.kind, &titles));
                match event.kind {
                    RunEventKind::AwaitingOperator { .. } => {
                        // A plain thread: a signal must still stop the run while stdin waits,
                        // and the process must not wait for that read when it exits.
                        let answers = answers_tx.clone();
                        std::thread::spawn(move || answers.blocking_send(read_answer()));
                    }
                    RunEventKind::AwaitingApproval { .. } => line(&approval_hint(event.run)),
                    RunEventKind::Finished { outcome: o, .. } => outcome = o,
                    _ => {}
                }
            }
            Some(answer) = answers.recv() => handle.answer(answer),
            _ = terminate.recv() => handle.interrupt(),
            _ = hangup.recv() => handle.interrupt(),
            _ = interrupt.recv() => handle.interrupt(),
        }
    }
    let _ = tokio::time::timeout(INTERRUPT_GRACE, handle.task).await;
    if outcome == RunOutcome::Succeeded {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Two lines from standard input: "y" or "yes" means done (anything else, or none, aborts),
/// then the note of what the operator found.
fn read_answer() -> Answer {
    let _ = std::io::stdout().flush();
    let mut stdin = std::io::stdin().lock();
    let mut line = String::new();
    let done = stdin
        .read_line(&mut line)
        .is_ok_and(|_| matches!(line.trim(), "y" | "yes"));
    print("note: ");
    let mut note = String::new();
    let _ = stdin.read_line(&mut note);
    Answer {
        done,
        note: note.trim().to_string(),
    }
}
