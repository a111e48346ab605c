//! The runbook runs of a week, from the audit trail: one line per run that began in the week in
//! this environment. Plans looked at and left (requested, then cancelled unconfirmed) are not
//! runs and are left out; refusals (the lock, read-only) stay, because someone tried to act.

use std::collections::BTreeMap;

use crate::domain::audit::{AuditEvent, AuditRecord, RunOutcome};
use crate::domain::checkpoint::{RunSummary, WeekRange};

pub fn runs_in(records: &[AuditRecord], period: WeekRange, environment: &str) -> Vec<RunSummary> {
    let mut runs: BTreeMap<&str, Vec<&AuditRecord>> = BTreeMap::new();
    for record in records
        .iter()
        .filter(|r| r.entry.environment == environment)
    {
        runs.entry(record.entry.run.as_str())
            .or_default()
            .push(record);
    }
    let mut summaries: Vec<RunSummary> = runs
        .into_values()
        .filter_map(|records| {
            let first = records.first()?;
            let confirmed = records
                .iter()
                .find(|r| r.entry.event == AuditEvent::Confirmed);
            let outcome = records.iter().rev().find_map(|r| r.entry.outcome);
            let looked_only = confirmed.is_none() && outcome == Some(RunOutcome::Cancelled);
            let began = period.from <= first.at && first.at < period.to;
            (began && !looked_only).then(|| RunSummary {
                run: first.entry.run.clone(),
                at: first.at,
                runbook: first.entry.runbook.clone(),
                target: first.entry.target.clone(),
                user: first.entry.actor.user.clone(),
                outcome: outcome.map_or("unfinished", RunOutcome::label).into(),
                confirmation: confirmed.and_then(|r| r.entry.confirmation.clone()),
            })
        })
        .collect();
    summaries.sort_by_key(|r| r.at);
    summaries
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;
    use crate::runbook::audit::fixtures::entry;

    fn record(seq: u64, run: &str, event: AuditEvent, hours: i64) -> AuditRecord {
        let mut entry = entry(run);
        entry.event = event;
        entry.environment = "demo".into();
        if event == AuditEvent::Confirmed {
            entry.confirmation = Some("typed the target name \"web\"".into());
        }
        AuditRecord {
            seq,
            at: Utc
                .with_ymd_and_hms(2026, 11, 30, 0, 0, 0)
                .single()
                .expect("t")
                + Duration::hours(hours),
            entry,
            prev: String::new(),
            hash: String::new(),
        }
    }

    fn finished(mut r: AuditRecord, outcome: RunOutcome) -> AuditRecord {
        r.entry.outcome = Some(outcome);
        r
    }

    #[test]
    fn lists_runs_begun_in_the_week_without_plans_left_unconfirmed() {
        let week = WeekRange {
            from: Utc
                .with_ymd_and_hms(2026, 11, 30, 0, 0, 0)
                .single()
                .expect("t"),
            to: Utc
                .with_ymd_and_hms(2026, 12, 7, 0, 0, 0)
                .single()
                .expect("t"),
        };
        let records = vec![
            record(1, "before", AuditEvent::Requested, -2),
            finished(
                record(2, "before", AuditEvent::Finished, 1),
                RunOutcome::Succeeded,
            ),
            record(3, "ran", AuditEvent::Requested, 3),
            record(4, "ran", AuditEvent::Confirmed, 3),
            finished(
                record(5, "ran", AuditEvent::Finished, 4),
                RunOutcome::Failed,
            ),
            record(6, "looked", AuditEvent::Requested, 5),
            finished(
                record(7, "looked", AuditEvent::Finished, 5),
                RunOutcome::Cancelled,
            ),
            record(8, "open", AuditEvent::Requested, 6),
            record(9, "open", AuditEvent::Confirmed, 6),
        ];
        let runs = runs_in(&records, week, "demo");
        let seen: Vec<(&str, &str)> = runs
            .iter()
            .map(|r| (r.run.as_str(), r.outcome.as_str()))
            .collect();
        assert_eq!(seen, [("ran", "failed"), ("open", "unfinished")]);
        assert_eq!(
            runs[0].confirmation.as_deref(),
            Some("typed the target name \"web\"")
        );
        assert!(
            runs_in(&records, week, "prod").is_empty(),
            "other environments' runs are theirs"
        );
    }
}
