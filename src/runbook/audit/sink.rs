//! Appending from async code. The console runs a current-thread tokio runtime, where a blocking
//! `sync_data` would freeze the screen; so one dedicated thread performs the appends, in the
//! order they were asked for, and each caller awaits its own record. A runbook awaits the
//! "step started" record before running the step, so the trail never lags behind the world.

use std::future::Future;
use std::path::PathBuf;
use std::sync::mpsc;

use chrono::Utc;
use tokio::sync::oneshot;

use super::error::{AuditError, io_error};
use super::writer::AuditLog;
use crate::domain::audit::{AuditEntry, AuditRecord};

type Reply = oneshot::Sender<Result<AuditRecord, AuditError>>;

/// A handle to the audit thread; clones share it. The thread ends when the last clone is
/// dropped, after finishing the appends already asked for.
#[derive(Debug, Clone)]
pub struct AuditSink {
    requests: mpsc::Sender<(AuditEntry, Reply)>,
    path: PathBuf,
}

impl AuditSink {
    pub fn spawn(log: AuditLog) -> Result<Self, AuditError> {
        let path = log.path().to_path_buf();
        let (requests, queue) = mpsc::channel::<(AuditEntry, Reply)>();
        std::thread::Builder::new()
            .name("audit".into())
            .spawn(move || {
                for (entry, reply) in queue {
                    // A caller that stopped waiting still gets its record written.
                    let _ = reply.send(log.append(entry, Utc::now()));
                }
            })
            .map_err(io_error("cannot start the writer thread for", &path))?;
        Ok(Self { requests, path })
    }

    /// Queues `entry` now, so records land in the order of `append` calls, whenever each
    /// future is awaited; the future resolves once the record is on disk.
    pub fn append(
        &self,
        entry: AuditEntry,
    ) -> impl Future<Output = Result<AuditRecord, AuditError>> + use<> {
        let (reply, written) = oneshot::channel();
        let queued = self.requests.send((entry, reply));
        let path = self.path.clone();
        async move {
            queued.map_err(|_| AuditError::Stopped { path: path.clone() })?;
            written.await.map_err(|_| AuditError::Stopped { path })?
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runbook::audit::fixtures::{entry, scratch};
    use crate::runbook::audit::verify;

    #[tokio::test]
    async fn records_land_in_call_order_and_are_on_disk_when_awaited() {
        let log = AuditLog::new(scratch("sink").join("audit.jsonl"));
        let path = log.path().to_path_buf();
        let sink = AuditSink::spawn(log).expect("spawns");
        let first = sink.append(entry("a"));
        let second = sink.clone().append(entry("b"));
        let second = second.await.expect("appends");
        let first = first.await.expect("appends");
        assert_eq!((first.seq, second.seq), (1, 2));
        assert_eq!(verify(&path).expect("verifies").records, 2);
    }
}
