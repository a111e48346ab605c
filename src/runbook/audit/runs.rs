//! Runs that never finished: the console stopped (crash, lost SSH session, kill) between a
//! run's first record and its `finished` one. The runtime appends an `interrupted` outcome for
//! each at the next start, so the trail never leaves a run open.

use std::collections::HashMap;

use crate::domain::audit::{AuditEvent, AuditRecord};

/// For each run whose latest record is not `Finished`, its `Requested` record (or its first,
/// when the request itself is missing), in the order the runs began.
pub fn unfinished_runs(records: &[AuditRecord]) -> Vec<&AuditRecord> {
    struct Run<'a> {
        opening: &'a AuditRecord,
        finished: bool,
    }
    let mut order = Vec::new();
    let mut runs: HashMap<&str, Run> = HashMap::new();
    for record in records {
        let run = runs.entry(record.entry.run.as_str()).or_insert_with(|| {
            order.push(record.entry.run.as_str());
            Run {
                opening: record,
                finished: false,
            }
        });
        if record.entry.event == AuditEvent::Requested
            && run.opening.entry.event != AuditEvent::Requested
        {
            run.opening = record;
        }
        // A hold's release comes after the run's end and does not reopen it.
        if record.entry.event != AuditEvent::Released {
            run.finished = record.entry.event == AuditEvent::Finished;
        }
    }
    order
        .into_iter()
        .filter_map(|id| runs.get(id).filter(|run| !run.finished))
        .map(|run| run.opening)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runbook::audit::GENESIS;
    use crate::runbook::audit::fixtures::{at, entry};

    fn record(seq: u64, run: &str, event: AuditEvent) -> AuditRecord {
        AuditRecord {
            seq,
            at: at(),
            entry: crate::domain::audit::AuditEntry {
                event,
                ..entry(run)
            },
            prev: GENESIS.into(),
            hash: String::new(),
        }
    }

    #[test]
    fn runs_without_a_final_record_are_returned_by_their_request() {
        let records = [
            record(1, "done", AuditEvent::Requested),
            record(2, "open", AuditEvent::Requested),
            record(3, "done", AuditEvent::Finished),
            record(4, "open", AuditEvent::StepStarted),
            record(5, "headless", AuditEvent::StepFinished),
            record(6, "headless", AuditEvent::StepStarted),
            record(7, "done", AuditEvent::Released),
        ];
        let open: Vec<u64> = unfinished_runs(&records).iter().map(|r| r.seq).collect();
        assert_eq!(open, vec![2, 5]);
        assert!(unfinished_runs(&records[..1]).iter().all(|r| r.seq == 1));
        assert_eq!(unfinished_runs(&records[..3]).len(), 1);
    }
}
