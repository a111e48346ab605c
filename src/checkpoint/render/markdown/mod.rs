//! The report as Markdown for a wiki page (GitHub, GitLab, Confluence): plain pipe tables,
//! every string from the report escaped so a `|` or `*` in a name cannot break the layout.

use std::fmt::{self, Write as _};

use crate::domain::checkpoint::{CriterionResult, Verdict, WeeklyReport};

use super::escape::markdown as text;
use crate::domain::checkpoint::format::{self, MISSING};

const CRITERIA_HEAD: &str = "| Criterion | Target | This week | Last week | Δ | Status | Trend (8 weeks) | Owner | Blocking |\n|---|---|---:|---:|---:|---|---|---|---|";
const STEPS_HEAD: &str =
    "| Step | Owner | Dates | State | Failing criteria |\n|---|---|---|---|---|";
const RUNS_HEAD: &str = "| When | Runbook | Target | User | Outcome | Confirmation | Run |\n|---|---|---|---|---|---|---|";

pub fn markdown(report: &WeeklyReport) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = write(&mut out, report);
    out
}

fn write(out: &mut String, report: &WeeklyReport) -> fmt::Result {
    header(out, report)?;
    criteria(out, report)?;
    phase(out, report)?;
    runs(out, report)?;
    alerts(out, report)
}

fn header(out: &mut String, r: &WeeklyReport) -> fmt::Result {
    writeln!(
        out,
        "# Weekly checkpoint {} · {}\n",
        text(&r.week),
        text(&r.environment)
    )?;
    let partial = if r.partial {
        " · **week to date**"
    } else {
        ""
    };
    writeln!(out, "**Period:** {}{partial}  ", text(&format::period(r)))?;
    writeln!(
        out,
        "**Generated:** {}\n",
        text(&format::time(r, r.generated_at))
    )?;
    writeln!(out, "## Summary\n\n**{}**\n", r.summary.headline())?;
    let failures: Vec<String> = format::blocking_failures(r)
        .iter()
        .map(|f| text(f))
        .collect();
    if failures.is_empty() {
        writeln!(out, "All blocking criteria met.\n")
    } else {
        writeln!(out, "**Blocking, not met:** {}\n", failures.join(", "))
    }
}

fn criteria(out: &mut String, r: &WeeklyReport) -> fmt::Result {
    writeln!(out, "## Success criteria\n")?;
    writeln!(out, "{CRITERIA_HEAD}")?;
    for c in &r.criteria {
        let delta = format::delta(c).map_or_else(
            || MISSING.to_string(),
            |d| format!("{} {} ({})", d.arrow, text(&d.text), d.judgement()),
        );
        row(
            out,
            &[
                &text(&c.name),
                &text(&format::target(c)),
                &text(&format::value(c, c.this_week)),
                &text(&format::value(c, c.last_week)),
                &delta,
                verdict(c.verdict),
                &format!("`{}`", format::sparkline(&c.history)),
                &text(&c.owner),
                if c.blocking { "yes" } else { "no" },
            ],
        )?;
    }
    let unknown: Vec<&CriterionResult> = r
        .criteria
        .iter()
        .filter(|c| c.verdict == Verdict::Unknown)
        .collect();
    if !unknown.is_empty() {
        writeln!(out, "\n**Unknown this week:**\n")?;
        for c in unknown {
            let note = c.note.as_deref().unwrap_or("no reason recorded");
            writeln!(out, "- {}: {}", text(&c.name), text(note))?;
        }
    }
    let defined: Vec<&CriterionResult> = r
        .criteria
        .iter()
        .filter(|c| c.definition.is_some() || (c.verdict == Verdict::Missed && c.note.is_some()))
        .collect();
    if !defined.is_empty() {
        writeln!(out, "\n**Definitions and reasons:**\n")?;
        for c in defined {
            let missed = c.note.as_deref().filter(|_| c.verdict == Verdict::Missed);
            let parts: Vec<&str> = [c.definition.as_deref(), missed]
                .into_iter()
                .flatten()
                .collect();
            writeln!(out, "- {} · {}", text(&c.name), text(&parts.join("; ")))?;
        }
    }
    let gap = format::NO_DATA;
    writeln!(
        out,
        "\n_Trend: oldest week first, `{gap}` is a week without data._\n"
    )
}

fn phase(out: &mut String, r: &WeeklyReport) -> fmt::Result {
    let Some(phase) = &r.phase else {
        return writeln!(out, "## Phase\n\nNo phase plan.\n");
    };
    writeln!(out, "## Phase: {}\n", text(&phase.name))?;
    let (day, days, left) = (phase.day, phase.days, phase.days_left);
    writeln!(
        out,
        "Day {day} of {days} · {left} days left · {} – {}\n",
        phase.start, phase.end
    )?;
    writeln!(out, "{STEPS_HEAD}")?;
    for step in &phase.steps {
        let failing: Vec<String> = step.failing.iter().map(|f| text(f)).collect();
        let failing = if failing.is_empty() {
            MISSING.to_string()
        } else {
            failing.join("; ")
        };
        let dates = format!("{} – {}", step.start, step.end);
        row(
            out,
            &[
                &text(&step.name),
                &text(&step.owner),
                &dates,
                step.state.label(),
                &failing,
            ],
        )?;
    }
    writeln!(out)
}

fn runs(out: &mut String, r: &WeeklyReport) -> fmt::Result {
    writeln!(out, "## Runbook runs\n")?;
    if let Some(note) = &r.runs_note {
        writeln!(out, "> {}\n", text(note))?;
    }
    if r.runs.is_empty() {
        return writeln!(out, "None this week.\n");
    }
    writeln!(out, "{RUNS_HEAD}")?;
    for run in &r.runs {
        let confirmation = run
            .confirmation
            .as_deref()
            .map_or_else(|| MISSING.to_string(), text);
        row(
            out,
            &[
                &text(&format::time(r, run.at)),
                &text(&run.runbook),
                &text(&run.target),
                &text(&run.user),
                &text(&run.outcome),
                &confirmation,
                &text(&run.run),
            ],
        )?;
    }
    writeln!(out)
}

fn alerts(out: &mut String, r: &WeeklyReport) -> fmt::Result {
    let alerts = &r.alerts;
    writeln!(out, "## Alerts\n")?;
    if let Some(note) = &alerts.note {
        writeln!(out, "> {}\n", text(note))?;
    }
    if alerts.alerts.is_empty() {
        let none = if alerts.note.is_some() {
            "None listed."
        } else {
            "None fired this week."
        };
        return writeln!(out, "{none}\n");
    }
    let counts: Vec<String> = alerts
        .by_severity
        .iter()
        .map(|s| format!("**{}** {}", text(&s.severity), s.count))
        .collect();
    writeln!(out, "{}\n", counts.join(" · "))?;
    writeln!(out, "| Alert | Severity |\n|---|---|")?;
    for alert in &alerts.alerts {
        row(out, &[&text(&alert.name), &text(&alert.severity)])?;
    }
    writeln!(out)
}

/// Words first, so the status survives a wiki without emoji and readers who do not see colour.
fn verdict(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Met => "✅ met",
        Verdict::Missed => "❌ **missed**",
        Verdict::Unknown => "❔ unknown",
    }
}

fn row(out: &mut String, cells: &[&str]) -> fmt::Result {
    writeln!(out, "| {} |", cells.join(" | "))
}

#[cfg(test)]
mod tests;
