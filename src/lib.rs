//! opsconsole: a full-screen terminal operations console.
//!
//! Layers, and who may depend on whom (checked by `tests/architecture.rs`):
//! ```text
//! domain    plain data (snapshots, series)                       ← depends on nothing in the crate
//! app       state + pure update(state, message) -> effects      → domain
//! input     key chords, keymaps: terminal key -> Action         → app
//! ui        drawing only: render(frame, state, theme)           → app, domain, input
//! sources   reading the world: simulator, Prometheus, Alertmanager → domain
//! runbook   changing the world: catalog, plans, executor, audit  → domain
//! checkpoint the weekly criteria evaluated on a source, reports   → domain, sources, runbook::audit
//! config    finding and validating the user's files             → ui::theme, input::keymap, app, sources, checkpoint
//! runtime   the one loop owning channels, terminal and AppState → everything above
//! commands  headless subcommands (simulate, snapshot, report)    → everything but runtime
//! ```
//! The loop turns input, source updates and ticks into messages, calls `app::update`, performs
//! the returned effects and redraws only when something visible changed.

pub mod app;
pub mod checkpoint;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod domain;
pub mod input;
pub mod logging;
pub mod runbook;
pub mod runtime;
pub mod sources;
pub mod terminal;
pub mod ui;

use std::process::ExitCode;

use cli::{Cli, Command, ConfigCommand, SimulateCommand};
use commands::output::{self, print};

/// Runs a subcommand or the console. Errors are printed before the terminal is touched.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Some(Command::Paths) => {
            print(&config::describe_paths(&config::Paths::resolve(
                &cli.console,
            )));
            ExitCode::SUCCESS
        }
        Some(Command::Config {
            action: ConfigCommand::Init { force },
        }) => match config::init(&config::Paths::resolve(&cli.console), force) {
            Ok(path) => {
                output::line(&format!("wrote {}", path.display()));
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error.to_string()),
        },
        Some(Command::Config {
            action: ConfigCommand::Check,
        }) => {
            let (errors, report) = config::check(&cli.console);
            print(&report);
            if errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Some(Command::Simulate { action }) => {
            let result = match &action {
                SimulateCommand::Serve(args) => commands::simulate::serve(args),
                SimulateCommand::History(args) => commands::simulate::history(args),
            };
            result.map_or_else(|error| fail(&error), |()| ExitCode::SUCCESS)
        }
        Some(Command::Snapshot(args)) => match commands::snapshot::run(&cli.console, &args) {
            Ok(text) => {
                print(&text);
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error),
        },
        Some(Command::Runbook { action }) => commands::runbook::run(&cli.console, &action),
        Some(Command::Describe(args)) => match commands::describe::run(&cli.console, &args) {
            Ok(text) => {
                print(&text);
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error),
        },
        Some(Command::Report(args)) => commands::checkpoint::report(&cli.console, &args)
            .map_or_else(|error| fail(&error), |()| ExitCode::SUCCESS),
        Some(Command::Check(args)) => {
            commands::checkpoint::check(&cli.console, &args).unwrap_or_else(|error| fail(&error))
        }
        Some(Command::Audit(args)) => match commands::audit::run(&cli.console, &args) {
            Ok(report) => {
                print(&report.text);
                report.exit_code()
            }
            Err(error) => fail(&error),
        },
        None => console(&cli),
    }
}

fn console(cli: &Cli) -> ExitCode {
    let config = match config::load(&cli.console) {
        Ok(config) => config,
        Err(error) => return fail(&error.to_string()),
    };
    let _log_guard = match logging::init(&config.paths.log_dir, cli.console.log_level.as_deref()) {
        Ok(guard) => guard,
        Err(error) => return fail(&error),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(&format!("cannot start the runtime: {error}")),
    };
    match runtime.block_on(runtime::run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("console stopped: {error}");
            fail(&format!("console stopped: {error}"))
        }
    }
}

fn fail(message: &str) -> ExitCode {
    output::fail(message, 2)
}
