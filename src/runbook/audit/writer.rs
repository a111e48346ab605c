//! Appending a record: one line, on disk (`sync_data`) before `append` returns, its texts
//! redacted and cleaned first. An exclusive lock on the file, held from reading the tail to
//! updating the head, keeps one chain when several consoles on the host append at once.

use std::fs::{self, File, OpenOptions};
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use chrono::{DateTime, SubsecRound as _, Utc};

use super::chain;
use super::error::{AuditError, io_error};
use super::head::{Head, head_file, read_head, write_head};
use crate::domain::audit::{AuditEntry, AuditRecord};

/// How much of the file's end one read takes when looking for the last line; a record is
/// usually well under this, so one read does.
const TAIL_CHUNK: usize = 8192;

#[derive(Debug, Clone)]
pub struct AuditLog {
    path: PathBuf,
}

impl AuditLog {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends `entry` as the next record, stamped `at` (kept to the millisecond, as written).
    pub fn append(&self, entry: AuditEntry, at: DateTime<Utc>) -> Result<AuditRecord, AuditError> {
        let path = &self.path;
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io_error("cannot create", dir))?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)
            .map_err(io_error("cannot open", path))?;
        // Closing `file` releases the lock, on every path out of here.
        file.lock().map_err(io_error("cannot lock", path))?;

        let head_path = head_file(path);
        let (after, torn) = self.chain_on(&mut file, &head_path)?;

        let entry = entry.written();
        let record = chain::seal(after.seq + 1, at.trunc_subsecs(3), entry, after.hash).map_err(
            |source| AuditError::Encode {
                path: path.clone(),
                source,
            },
        )?;
        // After a torn write (a crash mid-line), start a fresh line; the fragment stays as
        // evidence and `verify` reports it.
        let mut line = if torn { b"\n".to_vec() } else { Vec::new() };
        serde_json::to_writer(&mut line, &record).map_err(|source| AuditError::Encode {
            path: path.clone(),
            source,
        })?;
        line.push(b'\n');
        file.write_all(&line)
            .and_then(|()| file.sync_data())
            .map_err(io_error("cannot write", path))?;
        write_head(&head_path, &Head::of(&record))?;
        Ok(record)
    }

    /// The record the next one follows, and whether the file ends in a torn write. Called with
    /// the lock held.
    fn chain_on(&self, file: &mut File, head_path: &Path) -> Result<(Head, bool), AuditError> {
        let path = &self.path;
        let len = file
            .metadata()
            .map_err(io_error("cannot read", path))?
            .len();
        let (last, torn) =
            last_line(file, len, TAIL_CHUNK).map_err(io_error("cannot read", path))?;
        let tail = last
            .map(|line| serde_json::from_slice::<AuditRecord>(&line).map(|r| Head::of(&r)))
            .transpose();
        let head = match read_head(head_path) {
            Ok(head) => head,
            // Rewritten by this append; `verify` reports a bad head until then.
            Err(AuditError::BadHead { .. }) => None,
            Err(error) => return Err(error),
        };
        let after = match tail {
            Ok(tail) => chain_point(tail, head),
            // An unreadable last line: carry on from the head, which still knows the chain.
            Err(source) => head.ok_or_else(|| AuditError::BadTail {
                path: path.clone(),
                source,
            })?,
        };
        Ok((after, torn))
    }
}

/// What the next record chains on. Normally the last line; but a head ahead of it, or level
/// with it and different, means the last line was deleted or replaced, and chaining on the
/// head keeps that visible instead of papering over it. A head behind the last line is a crash
/// between writing the line and the head, and harmless.
fn chain_point(tail: Option<Head>, head: Option<Head>) -> Head {
    let tail = tail.unwrap_or_else(Head::genesis);
    match head {
        Some(head) if head.seq >= tail.seq && head != tail => head,
        _ => tail,
    }
}

/// The last newline-terminated line of the file's `len` bytes, read backwards `chunk` bytes
/// at a time so a long log costs one read, not a full scan; and whether the file ends with a
/// torn (unterminated) write.
fn last_line(file: &mut File, len: u64, chunk: usize) -> std::io::Result<(Option<Vec<u8>>, bool)> {
    let mut tail = Vec::new();
    let mut start = len;
    loop {
        let torn = tail.last().is_some_and(|&b| b != b'\n');
        let found = match tail.iter().rposition(|&b| b == b'\n') {
            Some(end) => match tail[..end].iter().rposition(|&b| b == b'\n') {
                Some(before) => Some(Some(tail[before + 1..end].to_vec())),
                None if start == 0 => Some(Some(tail[..end].to_vec())),
                None => None,
            },
            None if start == 0 => Some(None),
            None => None,
        };
        if let Some(line) = found {
            return Ok((line, torn));
        }
        let from = start.saturating_sub(chunk as u64);
        // At most `chunk` bytes, so the cast cannot truncate.
        let mut bytes = vec![0; (start - from) as usize];
        file.seek(SeekFrom::Start(from))?;
        file.read_exact(&mut bytes)?;
        bytes.extend_from_slice(&tail);
        tail = bytes;
        start = from;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runbook::audit::fixtures::{at, entry, scratch};
    use crate::runbook::audit::{read, verify};

    #[test]
    fn appended_records_chain_and_verify() {
        let log = AuditLog::new(scratch("append").join("deeper").join("audit.jsonl"));
        let first = log.append(entry("r1"), at()).expect("appends");
        let second = log.append(entry("r1"), at()).expect("appends");
        assert_eq!((first.seq, first.prev.as_str()), (1, chain::GENESIS));
        assert_eq!((second.seq, &second.prev), (2, &first.hash));
        assert_eq!(
            read(log.path()).expect("reads"),
            vec![first, second.clone()]
        );
        let report = verify(log.path()).expect("verifies");
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert_eq!(report.records, 2);
        let head = read_head(&head_file(log.path())).expect("reads head");
        assert_eq!(head, Some(Head::of(&second)));
    }

    #[test]
    fn the_last_line_is_found_across_chunk_boundaries() {
        let path = scratch("tail").join("lines");
        fs::write(&path, "first line\nsecond, longer line\nfragm").expect("writes");
        let mut file = File::open(&path).expect("opens");
        let len = file.metadata().expect("metadata").len();
        for chunk in [1, 3, 7, 100] {
            let (line, torn) = last_line(&mut file, len, chunk).expect("reads");
            assert_eq!(
                line.as_deref(),
                Some(&b"second, longer line"[..]),
                "{chunk}"
            );
            assert!(torn);
        }
        fs::write(&path, "only\n").expect("writes");
        let (line, torn) = last_line(&mut file, 5, 2).expect("reads");
        assert_eq!((line.as_deref(), torn), (Some(&b"only"[..]), false));
        assert_eq!(last_line(&mut file, 0, 2).expect("reads"), (None, false));
    }

    #[test]
    fn a_torn_write_is_kept_as_its_own_line_and_the_chain_goes_on() {
        let log = AuditLog::new(scratch("torn").join("audit.jsonl"));
        let first = log.append(entry("r1"), at()).expect("appends");
        let mut file = OpenOptions::new()
            .append(true)
            .open(log.path())
            .expect("opens");
        file.write_all(b"{\"seq\":2,\"at").expect("writes");
        let next = log.append(entry("r1"), at()).expect("appends");
        assert_eq!((next.seq, &next.prev), (2, &first.hash));
        let report = verify(log.path()).expect("verifies");
        assert_eq!(report.records, 2);
        assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
        assert!(report.problems[0].starts_with("line 2: not an audit record"));
    }

    #[test]
    fn appending_after_the_last_line_was_deleted_keeps_the_gap_visible() {
        let log = AuditLog::new(scratch("deleted").join("audit.jsonl"));
        for _ in 0..3 {
            log.append(entry("r1"), at()).expect("appends");
        }
        let text = fs::read_to_string(log.path()).expect("reads");
        let kept: String = text.lines().take(2).map(|l| format!("{l}\n")).collect();
        fs::write(log.path(), kept).expect("writes");
        let next = log.append(entry("r1"), at()).expect("appends");
        assert_eq!(next.seq, 4);
        let report = verify(log.path()).expect("verifies");
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.starts_with("line 3: seq 4")),
            "{:?}",
            report.problems
        );
    }

    #[test]
    fn an_unreadable_last_line_chains_on_the_head_or_refuses_without_one() {
        let log = AuditLog::new(scratch("garbage").join("audit.jsonl"));
        log.append(entry("r1"), at()).expect("appends");
        let second = log.append(entry("r1"), at()).expect("appends");
        let mut file = OpenOptions::new()
            .append(true)
            .open(log.path())
            .expect("opens");
        file.write_all(b"garbage\n").expect("writes");
        let next = log.append(entry("r1"), at()).expect("appends");
        assert_eq!((next.seq, &next.prev), (3, &second.hash));

        file.write_all(b"garbage\n").expect("writes");
        fs::remove_file(head_file(log.path())).expect("removes head");
        let error = log.append(entry("r1"), at()).expect_err("refuses");
        assert!(matches!(error, AuditError::BadTail { .. }), "{error}");
    }
}
