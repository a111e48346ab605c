//! Holds the audit knows of that it has not yet seen end: a run's `hold-scaling` step that
//! succeeded, with no `released` record for that run after it.

use std::collections::HashSet;

use crate::domain::audit::{AuditEvent, AuditRecord};
use crate::domain::runbook::FleetCommand;

/// Each open hold's step record, oldest first, with the group it holds.
pub fn open_holds(records: &[AuditRecord]) -> Vec<(&AuditRecord, &str)> {
    let released: HashSet<&str> = records
        .iter()
        .filter(|r| r.entry.event == AuditEvent::Released)
        .map(|r| r.entry.run.as_str())
        .collect();
    records
        .iter()
        .filter(|r| r.entry.event == AuditEvent::StepFinished)
        .filter(|r| !released.contains(r.entry.run.as_str()))
        .filter_map(|r| {
            let step = r.entry.step.as_ref()?;
            (step.status.as_deref() == Some("ok"))
                .then(|| FleetCommand::held_group(&step.call))
                .flatten()
                .map(|group| (r, group))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::{AuditEntry, StepRecord};
    use crate::runbook::audit::GENESIS;
    use crate::runbook::audit::fixtures::{at, entry};

    fn record(seq: u64, run: &str, event: AuditEvent, step: Option<(&str, &str)>) -> AuditRecord {
        AuditRecord {
            seq,
            at: at(),
            entry: AuditEntry {
                event,
                step: step.map(|(call, status)| StepRecord {
                    index: 1,
                    title: "Hold".into(),
                    call: call.into(),
                    status: Some(status.into()),
                    attempts: 1,
                    elapsed_ms: None,
                    output: None,
                    note: None,
                }),
                ..entry(run)
            },
            prev: GENESIS.into(),
            hash: String::new(),
        }
    }

    #[test]
    fn a_succeeded_hold_stays_open_until_its_run_records_the_release() {
        let hold = "hold-scaling group=web min=8 for=30m";
        let records = [
            record(1, "a", AuditEvent::StepFinished, Some((hold, "ok"))),
            record(2, "b", AuditEvent::StepFinished, Some((hold, "failed"))),
            record(
                3,
                "c",
                AuditEvent::StepFinished,
                Some(("set-desired-capacity group=web desired=8", "ok")),
            ),
            record(
                4,
                "d",
                AuditEvent::StepFinished,
                Some(("hold-scaling group=worker min=12 for=1h", "ok")),
            ),
            record(5, "a", AuditEvent::Released, Some((hold, "released"))),
        ];
        let open: Vec<(u64, &str)> = open_holds(&records)
            .iter()
            .map(|(r, g)| (r.seq, *g))
            .collect();
        assert_eq!(open, vec![(4, "worker")]);
        let before_release: Vec<u64> = open_holds(&records[..4])
            .iter()
            .map(|(r, _)| r.seq)
            .collect();
        assert_eq!(before_release, vec![1, 4]);
    }
}
