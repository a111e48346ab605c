//! The rest of the review: where the phase stands, the runbook runs of the week and the alerts
//! that fired. An empty section says why it is empty rather than disappearing.

use crate::domain::checkpoint::WeeklyReport;

use super::{chart, esc, format};

pub fn phase(out: &mut String, report: &WeeklyReport) {
    let Some(phase) = &report.phase else {
        out.push_str(
            "<section>\n<h2>Phase</h2>\n<p class=\"meta\">No phase plan.</p>\n</section>\n",
        );
        return;
    };
    out.push_str(&format!(
        "<section>\n<h2>Phase · {}</h2>\n<p class=\"meta\"><strong>Day {} of {}</strong> · {} days \
         left · {} – {}</p>\n",
        esc(&phase.name),
        phase.day,
        phase.days,
        phase.days_left,
        phase.start,
        phase.end
    ));
    out.push_str(&chart::timeline(phase));
    out.push_str(
        "<table class=\"steps\">\n<thead><tr><th class=\"num\">#</th><th>Step</th><th>Owner</th>\
         <th>Dates</th><th>State</th><th>Failing criteria</th></tr></thead>\n<tbody>\n",
    );
    for (n, step) in phase.steps.iter().enumerate() {
        let (class, mark) = chart::state(step.state);
        let failing = if step.failing.is_empty() {
            format!("<span class=\"muted\">{}</span>", format::MISSING)
        } else {
            let list: Vec<String> = step.failing.iter().map(|f| esc(f)).collect();
            list.join("<br>")
        };
        out.push_str(&format!(
            "<tr><td class=\"num\">{}</td><td class=\"name\">{}</td><td>{}</td>\
             <td class=\"num\">{} – {}</td><td><span class=\"state {class}\">{mark} {}</span></td>\
             <td>{failing}</td></tr>\n",
            n + 1,
            esc(&step.name),
            esc(&step.owner),
            step.start,
            step.end,
            step.state.label()
        ));
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

pub fn runs(out: &mut String, report: &WeeklyReport) {
    out.push_str(&format!(
        "<section>\n<h2>Runbook runs <span class=\"count\">· {}</span></h2>\n",
        report.runs.len()
    ));
    if let Some(note) = &report.runs_note {
        out.push_str(&format!("<p class=\"meta\">{}</p>\n", esc(note)));
    }
    if report.runs.is_empty() {
        out.push_str("<p class=\"meta\">None this week.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table class=\"runs\">\n<thead><tr><th>When</th><th>Runbook</th><th>Target</th>\
         <th>User</th><th>Outcome</th><th>Confirmation</th><th>Run</th></tr></thead>\n<tbody>\n",
    );
    for run in &report.runs {
        let (class, mark) = match run.outcome.as_str() {
            "succeeded" => ("good", "✓ "),
            "failed" | "interrupted" | "cancelled" => ("bad", "✗ "),
            _ => ("", ""),
        };
        let confirmation = run.confirmation.as_deref().map_or_else(
            || format!("<span class=\"muted\">{}</span>", format::MISSING),
            esc,
        );
        out.push_str(&format!(
            "<tr><td class=\"num\">{}</td><td class=\"name\">{}</td><td>{}</td><td>{}</td>\
             <td><span class=\"outcome {class}\">{mark}{}</span></td><td>{confirmation}</td>\
             <td><code>{}</code></td></tr>\n",
            esc(&format::time(report, run.at)),
            esc(&run.runbook),
            esc(&run.target),
            esc(&run.user),
            esc(&run.outcome),
            esc(&run.run)
        ));
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

pub fn alerts(out: &mut String, report: &WeeklyReport) {
    let alerts = &report.alerts;
    out.push_str(&format!(
        "<section>\n<h2>Alerts <span class=\"count\">· {} distinct</span></h2>\n",
        alerts.alerts.len()
    ));
    if let Some(note) = &alerts.note {
        out.push_str(&format!("<p class=\"alert-note\">{}</p>\n", esc(note)));
    }
    if alerts.alerts.is_empty() {
        let none = if alerts.note.is_some() {
            "None listed."
        } else {
            "None fired this week."
        };
        out.push_str(&format!("<p class=\"meta\">{none}</p>\n</section>\n"));
        return;
    }
    out.push_str("<div class=\"severities\">");
    for s in &alerts.by_severity {
        out.push_str(&format!(
            "<span class=\"sev {}\">{} · {}</span>",
            severity_class(&s.severity),
            esc(&s.severity),
            s.count
        ));
    }
    out.push_str("</div>\n<table class=\"alerts\">\n<thead><tr><th>Alert</th><th>Severity</th></tr></thead>\n<tbody>\n");
    for alert in &alerts.alerts {
        out.push_str(&format!(
            "<tr><td class=\"name\">{}</td><td><span class=\"sev {}\">{}</span></td></tr>\n",
            esc(&alert.name),
            severity_class(&alert.severity),
            esc(&alert.severity)
        ));
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// Only known severities become classes: a severity string never reaches an attribute raw.
fn severity_class(severity: &str) -> &'static str {
    match severity {
        "critical" | "page" | "high" | "error" => "critical",
        "warning" | "medium" => "warning",
        "info" | "low" => "info",
        _ => "other",
    }
}
