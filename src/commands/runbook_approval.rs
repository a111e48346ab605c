//! `opsconsole runbook approvals|approve`: the two-person rule without the console. The list
//! and the approval go through the state directory, so they reach a run waiting in any console
//! or command sharing it.

use std::process::ExitCode;

use chrono::Utc;

use super::output::{fail, line};
use crate::cli::RunbookCommand;
use crate::config::Config;
use crate::domain::audit::Actor;
use crate::runbook::approval;

/// `approvals` and `approve`; `None` for the other runbook commands.
pub fn run(config: &Config, action: &RunbookCommand) -> Option<ExitCode> {
    match action {
        RunbookCommand::Approvals => Some(list(config)),
        RunbookCommand::Approve { run } => Some(approve(config, run)),
        _ => None,
    }
}

/// What a headless run waiting for approval tells the operator to pass on.
pub fn approval_hint(run: u64) -> String {
    format!("another user approves with `opsconsole runbook approve {run}` or P in their console")
}

fn list(config: &Config) -> ExitCode {
    match approval::pending(&config.paths.state_dir) {
        Ok(pending) if pending.is_empty() => {
            line("no run is waiting for approval");
            ExitCode::SUCCESS
        }
        Ok(pending) => {
            let now = Utc::now();
            for p in pending {
                line(&p.request.row(p.approved_by.as_deref(), now));
            }
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error, 2),
    }
}

/// Refused in read-only mode (`--read-only`, `read-only = true`, or the selected environment's).
fn approve(config: &Config, run: &str) -> ExitCode {
    let read_only = match config.settings.selected_environment() {
        Ok(environment) => config.settings.read_only_in(environment),
        Err(error) => return fail(&error, 2),
    };
    let approver = Actor::current();
    match approval::approve(
        &config.paths.state_dir,
        run,
        &approver,
        Utc::now(),
        read_only,
    ) {
        Ok(request) => {
            line(&format!(
                "approved run {} ({} on {}, {}) requested by {}; the waiting run goes on at its next check",
                request.run,
                request.runbook,
                request.target,
                request.environment,
                request.requester.user
            ));
            ExitCode::SUCCESS
        }
        Err(error) => fail(&format!("not approved: {error}"), 2),
    }
}
