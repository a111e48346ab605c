//! The one loop that owns the terminal, the channels and the `AppState`.
//!
//! It waits for the next input event, source update, tick or signal, folds it (and whatever else
//! is already queued) through `app::update`, performs the effects, and draws only when the state
//! says something visible changed. Sources run as tasks and never touch the state; nothing here
//! awaits network or disk I/O between a key press and its redraw.

mod checkpoints;
mod environment;
mod events;
mod runbooks;

use runbooks::{Reply, Runbooks};

use std::time::{Duration, Instant};

use chrono::Utc;
use futures_util::StreamExt;
use ratatui::crossterm::event::EventStream;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

use crate::app::{self, AppState, Effect, Message, RunbookMessage};
use crate::config::{Config, EnvironmentConfig};
use crate::ui::{self, RenderContext};

/// Clocks and data ages change once a second; nothing else needs a timer.
const TICK: Duration = Duration::from_secs(1);
/// Source updates are coalesced in the data store, so a short queue is enough.
const SOURCE_QUEUE: usize = 16;

pub async fn run(config: Config) -> std::io::Result<()> {
    let settings = &config.settings;
    let mut terminal = crate::terminal::enter(settings.mouse)?;
    let result = event_loop(&mut terminal, &config).await;
    crate::terminal::leave(terminal, settings.mouse);
    result
}

async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    config: &Config,
) -> std::io::Result<()> {
    let settings = &config.settings;
    let (tx, mut updates) = mpsc::channel(SOURCE_QUEUE);
    let selected = settings
        .selected_environment()
        .map_err(std::io::Error::other)?;
    let (replies_tx, mut replies) = mpsc::unbounded_channel();
    let mut runbooks = Runbooks::new(
        config.runbooks.clone(),
        config.paths.state_dir.clone(),
        replies_tx,
    )
    .map_err(std::io::Error::other)?;
    let (mut running, data) =
        environment::start(selected, &settings.demo, &config.paths.state_dir, &tx);
    runbooks.set_target(running.target.clone(), settings.read_only_in(selected));
    runbooks.set_approval(selected.approval);
    let (answers_tx, mut answers) = mpsc::unbounded_channel();
    let mut checkpoints = checkpoints::Checkpoints::new(
        settings.checkpoint.clone(),
        crate::runbook::audit::audit_file(&config.paths.state_dir),
        answers_tx,
    );
    checkpoints.set_environment(selected, settings.demo.seed);
    let mut state = AppState::new(
        selected.describe(),
        settings.default_tab,
        data,
        Instant::now(),
        Utc::now(),
    );
    state.environments = settings
        .environments
        .iter()
        .map(EnvironmentConfig::describe)
        .collect();
    state.warnings.clone_from(&config.warnings);
    state.warnings.extend(runbooks.recover());
    state.runbooks.clone_from(&config.runbooks.runbooks);
    state.capabilities = runbooks.capabilities();
    state.read_only = settings.read_only_in(selected);
    state.checkpoint.timezone = settings.checkpoint.timezone;
    let context = RenderContext {
        theme: &config.theme,
        keymap: &config.keymap,
        ascii: config.settings.ascii,
    };

    let mut input = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut terminate = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    let mut interrupt = signal(SignalKind::interrupt())?;

    while !state.quit {
        if state.take_dirty() {
            terminal.draw(|frame| ui::render(frame, &mut state, &context))?;
        }
        let message = tokio::select! {
            event = input.next() => match event {
                Some(Ok(event)) => {
                    let width = terminal.size().map_or(u16::MAX, |size| size.width);
                    events::translate(&event, &state, &config.keymap, width)
                }
                // The terminal is gone (a dropped SSH session): leave instead of spinning.
                Some(Err(_)) | None => break,
            },
            Some(update) = updates.recv() => Some(Message::Source(update)),
            Some(reply) = replies.recv() => Some(Message::Runbook(Box::new(match reply {
                Reply::Planned(Ok(plan)) => RunbookMessage::PlanReady(runbooks.planned(*plan)),
                Reply::Planned(Err(error)) => RunbookMessage::PlanFailed(error),
                Reply::Event(event) => {
                    if matches!(event.kind, crate::domain::runbook::RunEventKind::Finished { .. }) {
                        runbooks.finished(event.run);
                    }
                    RunbookMessage::Run(event)
                }
                Reply::Audit(loaded) => RunbookMessage::AuditLoaded(loaded),
                Reply::Approvals(pending) => RunbookMessage::ApprovalsLoaded(pending),
                Reply::Answered(answer) => RunbookMessage::ApprovalAnswered(answer),
            }))),
            Some((request, report)) = answers.recv() => Some(Message::Checkpoint(request, Box::new(report))),
            _ = tick.tick() => Some(Message::Tick { now: Instant::now(), wall: Utc::now() }),
            _ = terminate.recv() => break,
            _ = hangup.recv() => break,
            _ = interrupt.recv() => break,
        };
        let mut pending: Vec<Message> = message.into_iter().collect();
        // Fold source updates already queued before drawing once. Input is not drained the same
        // way: polling crossterm's EventStream and dropping the pending future delays the next
        // key by most of a second.
        while let Ok(update) = updates.try_recv() {
            pending.push(Message::Source(update));
        }
        let shown = pending.iter().any(|m| matches!(m, Message::Source(_)));
        for message in pending {
            state.now = Instant::now();
            for effect in app::update(&mut state, message) {
                match effect {
                    Effect::Refresh(id) => running.refresh(id),
                    Effect::Focus(subject) => running.focus(subject),
                    Effect::PlanRun(request) => runbooks.plan(request),
                    Effect::DiscardPlan { plan, stage } => runbooks.discard(plan, stage),
                    Effect::StartRun { plan, confirmation } => runbooks.start(plan, confirmation),
                    Effect::CancelRun(run) => runbooks.cancel(run),
                    Effect::AnswerOperator { run, answer } => runbooks.answer(run, answer),
                    Effect::LoadAudit => runbooks.load_audit(),
                    Effect::LoadApprovals => runbooks.load_approvals(),
                    Effect::Approve(run) => runbooks.approve(run),
                    Effect::LoadCheckpoint(request) => {
                        checkpoints.load(request, state.data.snapshot())
                    }
                    Effect::SwitchEnvironment(name) => {
                        let Some(next) = settings.environment_named(&name) else {
                            continue;
                        };
                        running.stop();
                        // Updates the old sources queued before they stopped are not ours.
                        while updates.try_recv().is_ok() {}
                        let (started, data) =
                            environment::start(next, &settings.demo, &config.paths.state_dir, &tx);
                        running = started;
                        runbooks.set_target(running.target.clone(), settings.read_only_in(next));
                        runbooks.set_approval(next.approval);
                        checkpoints.set_environment(next, settings.demo.seed);
                        state.switch_environment(next.describe(), data);
                        state.capabilities = runbooks.capabilities();
                        state.read_only = settings.read_only_in(next);
                    }
                    Effect::Quit => state.quit = true,
                }
            }
        }
        if shown && let Some(snapshot) = state.data.snapshot() {
            checkpoints.observe(snapshot);
            runbooks.observe_holds(snapshot);
        }
    }
    running.stop();
    // SIGTERM, SIGHUP or a lost terminal during a run: it stops and records itself interrupted.
    runbooks.interrupt_all().await;
    Ok(())
}
