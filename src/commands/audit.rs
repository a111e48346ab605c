//! `opsconsole audit`: the runbook audit trail, as text (one line per record), as JSON (the
//! records as written), or checked end to end with `--verify`.

use std::fmt::Write as _;
use std::process::ExitCode;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::cli::{AuditArgs, ConsoleArgs};
use crate::config::Paths;
use crate::domain::audit::{AuditEntry, AuditEvent, AuditRecord, StepRecord};
use crate::runbook::audit;

enum Format {
    Json,
    Text,
}

/// What to print, and whether the trail passed (`--verify` exits 1 when it did not).
#[derive(Debug)]
pub struct AuditReport {
    pub text: String,
    pub intact: bool,
}

impl AuditReport {
    pub fn exit_code(&self) -> ExitCode {
        if self.intact {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}

pub fn run(console: &ConsoleArgs, args: &AuditArgs) -> Result<AuditReport, String> {
    let format = match args.format.as_str() {
        "json" => Format::Json,
        "text" => Format::Text,
        other => return Err(format!("unknown format {other:?}; formats: json, text")),
    };
    let since = args
        .since
        .as_deref()
        .map(|text| cutoff(Utc::now(), text))
        .transpose()?;
    let path = audit::audit_file(&Paths::resolve(console).state_dir);
    if args.verify {
        let report = audit::verify(&path).map_err(|e| e.to_string())?;
        let text = match format {
            Format::Json => to_json(&report)?,
            Format::Text => verify_text(&report),
        };
        return Ok(AuditReport {
            text,
            intact: report.is_intact(),
        });
    }
    let mut records = audit::read(&path).map_err(|e| e.to_string())?;
    if let Some(since) = since {
        records.retain(|record| record.at >= since);
    }
    let text = match format {
        Format::Json => to_json(&records)?,
        Format::Text => records.iter().fold(String::new(), |mut text, record| {
            let _ = writeln!(text, "{}", record_line(record));
            text
        }),
    };
    Ok(AuditReport { text, intact: true })
}

/// The earliest time `--since` keeps: `now` minus a duration such as "90m" or "7d".
fn cutoff(now: DateTime<Utc>, since: &str) -> Result<DateTime<Utc>, String> {
    let span = crate::domain::duration::parse(since).map_err(|e| format!("--since: {e}"))?;
    chrono::Duration::from_std(span)
        .ok()
        .and_then(|span| now.checked_sub_signed(span))
        .ok_or_else(|| format!("--since {since:?} reaches before any date"))
}

fn to_json(value: &impl serde::Serialize) -> Result<String, String> {
    let mut text =
        serde_json::to_string_pretty(value).map_err(|e| format!("cannot encode: {e}"))?;
    text.push('\n');
    Ok(text)
}

fn verify_text(report: &audit::VerifyReport) -> String {
    let mut text = String::new();
    for problem in &report.problems {
        let _ = writeln!(text, "{problem}");
    }
    let _ = match report.problems.len() {
        0 => writeln!(text, "audit: {} records, chain intact", report.records),
        n => writeln!(text, "audit: {} records, {n} problems", report.records),
    };
    text
}

/// `2026-12-02T11:00:00.123Z  alice@host  demo  scale-out  web  confirmed  (typed the target)`
fn record_line(record: &AuditRecord) -> String {
    let entry = &record.entry;
    format!(
        "{}  {}@{}  {}  {}  {}  {}",
        record.at.to_rfc3339_opts(SecondsFormat::Millis, true),
        entry.actor.user,
        entry.actor.host,
        entry.environment,
        entry.runbook,
        entry.target,
        what_happened(entry)
    )
}

fn what_happened(entry: &AuditEntry) -> String {
    let mut text = match (entry.event, &entry.step) {
        (AuditEvent::Requested, _) => {
            entry
                .params
                .iter()
                .fold(String::from("requested"), |mut text, (name, value)| {
                    let _ = write!(text, "  {name}={value}");
                    text
                })
        }
        (AuditEvent::Confirmed | AuditEvent::ApprovalRequested | AuditEvent::Approved, _) => {
            match &entry.confirmation {
                Some(how) => format!("{}  ({how})", entry.event.label()),
                None => entry.event.label().into(),
            }
        }
        (AuditEvent::ApprovalExpired, _) => entry.event.label().into(),
        (AuditEvent::StepStarted, Some(step)) => format!("{} started", step_name(step)),
        (AuditEvent::StepFinished, Some(step)) => step_finished(step),
        (AuditEvent::StepStarted | AuditEvent::StepFinished, None) => entry.event.label().into(),
        (AuditEvent::Finished, _) => match entry.outcome {
            Some(outcome) => format!("finished {}", outcome.label()),
            None => "finished".into(),
        },
        (AuditEvent::Released, step) => match step.as_ref().and_then(|s| s.output.as_ref()) {
            Some(seen) => format!("released  ({seen})"),
            None => "released".into(),
        },
    };
    if let Some(error) = &entry.error {
        let _ = write!(text, ": {error}");
    }
    text
}

fn step_name(step: &StepRecord) -> String {
    format!("step {} \"{}\"", step.index, step.title)
}

fn step_finished(step: &StepRecord) -> String {
    let mut text = format!(
        "{} {}",
        step_name(step),
        step.status.as_deref().unwrap_or("finished")
    );
    if let Some(ms) = step.elapsed_ms {
        let _ = write!(text, " {ms}ms");
    }
    if step.attempts > 1 {
        let _ = write!(text, " after {} attempts", step.attempts);
    }
    if let Some(note) = &step.note {
        let _ = write!(text, "  note: {note:?}");
    }
    text
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::TimeZone;

    use super::*;
    use crate::domain::audit::{Actor, RunOutcome};

    fn at() -> DateTime<Utc> {
        Utc.timestamp_millis_opt(1_796_209_200_123)
            .single()
            .expect("valid time")
    }

    fn record(event: AuditEvent) -> AuditRecord {
        AuditRecord {
            seq: 1,
            at: at(),
            entry: AuditEntry {
                run: "r1".into(),
                event,
                actor: Actor {
                    user: "alice".into(),
                    ssh_client: None,
                    host: "host".into(),
                },
                environment: "demo".into(),
                runbook: "scale-out".into(),
                runbook_hash: String::new(),
                target: "web".into(),
                params: BTreeMap::from([("count".into(), "2".into())]),
                plan_digest: String::new(),
                confirmation: None,
                step: None,
                outcome: None,
                error: None,
            },
            prev: audit::GENESIS.into(),
            hash: String::new(),
        }
    }

    #[test]
    fn each_event_reads_as_one_line() {
        let mut confirmed = record(AuditEvent::Confirmed);
        confirmed.entry.confirmation = Some("typed the target".into());
        assert_eq!(
            record_line(&confirmed),
            "2026-12-02T11:00:00.123Z  alice@host  demo  scale-out  web  confirmed  (typed the target)"
        );
        assert!(record_line(&record(AuditEvent::Requested)).ends_with("requested  count=2"));

        let mut step = record(AuditEvent::StepFinished);
        step.entry.step = Some(StepRecord {
            index: 2,
            title: "Set desired capacity".into(),
            call: "asg set-desired web 4".into(),
            status: Some("ok".into()),
            attempts: 1,
            elapsed_ms: Some(120),
            output: None,
            note: None,
        });
        assert!(record_line(&step).ends_with(r#"web  step 2 "Set desired capacity" ok 120ms"#));
        if let Some(s) = step.entry.step.as_mut() {
            s.note = Some("slow query on orders, index added".into());
        }
        assert!(
            record_line(&step).ends_with(r#"120ms  note: "slow query on orders, index added""#),
            "{}",
            record_line(&step)
        );

        let mut finished = record(AuditEvent::Finished);
        finished.entry.outcome = Some(RunOutcome::Succeeded);
        assert!(record_line(&finished).ends_with("web  finished succeeded"));
        finished.entry.outcome = Some(RunOutcome::Failed);
        finished.entry.error = Some("boom".into());
        assert!(record_line(&finished).ends_with("web  finished failed: boom"));
    }

    #[test]
    fn since_keeps_records_at_or_after_the_cutoff() {
        let now = at();
        let ninety = cutoff(now, "90m").expect("parses");
        assert_eq!(now - ninety, chrono::Duration::minutes(90));
        assert_eq!(
            cutoff(now, "7d").expect("parses"),
            now - chrono::Duration::days(7)
        );
        assert!(cutoff(now, "7 fortnights").is_err());
    }
}
