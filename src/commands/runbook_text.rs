//! Plans and run events as plain text, for the headless runbook commands.

use std::fmt::Write as _;

use crate::domain::figure::text;
use crate::domain::runbook::{PlanView, Risk, RunEventKind, Runbook, Values};
use crate::domain::{FleetSnapshot, Topic};

pub fn listing(runbooks: &[Runbook]) -> String {
    let mut text = String::new();
    for r in runbooks {
        let tab = r.tab.map_or("alerts", crate::domain::Topic::name);
        let needs: Vec<&str> = r.needs().iter().map(|n| n.label()).collect();
        let needs = if needs.is_empty() {
            "anything".to_string()
        } else {
            needs.join(", ")
        };
        let _ = writeln!(
            text,
            "{:<22} {:<5} {:<10} {}  (needs {needs})",
            r.id,
            r.risk.label(),
            tab,
            r.title
        );
    }
    text
}

pub fn plan(view: &PlanView) -> String {
    let mut text = format!(
        "plan {} · {} ({} risk) on {} in {}\n",
        view.id,
        view.runbook,
        view.risk.label(),
        view.target,
        view.environment
    );
    for (name, value) in &view.params {
        let _ = writeln!(text, "  param {name} = {value}");
    }
    for line in &view.change {
        let _ = writeln!(text, "  change: {line}");
    }
    if let Some(p) = &view.precondition {
        let holds = if view.precondition_holds == Some(true) {
            "holds now"
        } else {
            "DOES NOT HOLD now"
        };
        let _ = writeln!(
            text,
            "  precondition: {p} — {holds}; re-read before the first step"
        );
    }
    for warning in &view.warnings {
        let _ = writeln!(text, "  warning: {warning}");
    }
    for (i, step) in view.steps.iter().enumerate() {
        let _ = writeln!(
            text,
            "  {}. {} [{}] ({})",
            i + 1,
            step.title,
            step.kind,
            step.limits
        );
        for line in step.call.lines() {
            let _ = writeln!(text, "       {line}");
        }
    }
    if let Some(v) = &view.verify {
        let _ = writeln!(text, "  verify: {v}");
    }
    let _ = writeln!(text, "  digest {}", view.digest);
    let _ = writeln!(
        text,
        "  confirm with {}",
        match view.risk {
            Risk::Low => "--yes".to_string(),
            Risk::High => format!("--confirm {}", view.target),
        }
    );
    text
}

/// One line per event; `titles` are the plan's step titles.
pub fn event(kind: &RunEventKind, titles: &[String]) -> String {
    let title = |i: &usize| titles.get(*i).cloned().unwrap_or_default();
    match kind {
        RunEventKind::Precondition { holds, detail } => {
            format!(
                "precondition {}: {detail}",
                if *holds { "holds" } else { "FAILED" }
            )
        }
        RunEventKind::StepStarted { index } => {
            format!("step {} {:?} started", index + 1, title(index))
        }
        RunEventKind::StepOutput { index, line } => format!("step {} | {line}", index + 1),
        RunEventKind::AwaitingOperator {
            index,
            instruction,
            needs_note,
        } => format!(
            "step {} needs you: {instruction}\nanswer y when done, anything else aborts the run; then a line of what you found{}:",
            index + 1,
            if *needs_note {
                " (required)"
            } else {
                " (may be empty)"
            }
        ),
        RunEventKind::Waiting { index, detail } => match index {
            Some(index) => format!("step {} waiting for {detail}", index + 1),
            None => format!("verification waiting for {detail}"),
        },
        RunEventKind::StepFinished {
            index,
            status,
            elapsed,
            attempts,
        } => format!(
            "step {} {} after {} ({attempts} attempt{})",
            index + 1,
            status.label(),
            text::elapsed(*elapsed),
            if *attempts == 1 { "" } else { "s" }
        ),
        RunEventKind::Verifying { detail } => format!("verifying: {detail}"),
        RunEventKind::Finished {
            outcome,
            error,
            elapsed,
            captured,
        } => {
            let mut line = format!(
                "finished {} after {}",
                outcome.label(),
                text::elapsed(*elapsed)
            );
            if let Some(e) = error {
                let _ = write!(line, ": {e}");
            }
            for (name, value) in captured {
                let _ = write!(line, "\n{name} = {value}");
            }
            line
        }
        RunEventKind::AwaitingApproval { who, until } => {
            crate::domain::approval::waiting_line(who, *until)
        }
        RunEventKind::Approved { by } => format!("approved by {by}"),
    }
}

/// A line per required parameter left empty, naming the flag that gives it:
/// "group: required — pass --row web (groups: web, worker) or -p group=web". A parameter whose
/// default reads the row is best given by `--row`; the row names come from `snapshot`.
pub fn missing(
    runbook: &Runbook,
    inputs: &std::collections::BTreeMap<String, String>,
    values: &Values,
    snapshot: Option<&FleetSnapshot>,
) -> Vec<String> {
    let (kind, rows) = row_names(snapshot, runbook.tab);
    let mut lines = Vec::new();
    for param in &runbook.params {
        let raw = inputs.get(&param.name).map_or("", String::as_str);
        let Err(why) = param.validate(raw, values) else {
            continue;
        };
        if !raw.trim().is_empty() {
            continue;
        }
        let from_row = param
            .default
            .as_deref()
            .is_some_and(|d| d.contains("{row."));
        let example = match rows.first() {
            Some(first) if param.default.as_deref() == Some("{row.name}") => first.clone(),
            _ => "VALUE".to_string(),
        };
        let row = match rows.first() {
            Some(first) if from_row => {
                format!("--row {first} ({kind}: {}) or ", rows.join(", "))
            }
            None if from_row => "--row NAME or ".to_string(),
            _ => String::new(),
        };
        lines.push(format!(
            "{}: {why} — pass {row}-p {}={example}",
            param.name, param.name
        ));
    }
    lines
}

/// The names `--row` takes for a runbook of `tab`, and what they are.
fn row_names(snapshot: Option<&FleetSnapshot>, tab: Option<Topic>) -> (&'static str, Vec<String>) {
    let Some(snapshot) = snapshot else {
        return ("rows", Vec::new());
    };
    match tab {
        Some(Topic::Scaling) => (
            "groups",
            snapshot
                .scaling
                .iter()
                .flat_map(|s| &s.groups)
                .map(|g| g.name.clone())
                .collect(),
        ),
        None => (
            "alerts",
            snapshot.alerts.iter().map(|a| a.name.clone()).collect(),
        ),
        Some(_) => ("rows", Vec::new()),
    }
}
