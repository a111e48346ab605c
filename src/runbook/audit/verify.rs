//! Checking the chain: every line a record, seq one more than the line before, prev that
//! line's hash, hash its own content, and the head file in agreement with the last record.

use std::path::Path;

use serde::Serialize;

use super::chain::{self, GENESIS};
use super::error::AuditError;
use super::head::{head_file, read_head};
use super::read::{lines, read_bytes};
use crate::domain::audit::AuditRecord;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// Lines that parsed as records.
    pub records: usize,
    /// One sentence each, naming the line: empty when the chain is intact.
    pub problems: Vec<String>,
}

impl VerifyReport {
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks the whole file. A missing file (with no head) is an intact, empty log; an error is
/// only for a file that cannot be read.
pub fn verify(path: &Path) -> Result<VerifyReport, AuditError> {
    let bytes = read_bytes(path)?;
    let mut report = VerifyReport::default();
    let mut last: Option<(usize, AuditRecord)> = None;
    for (index, line) in lines(&bytes).enumerate() {
        let number = index + 1;
        let record: AuditRecord = match serde_json::from_slice(line) {
            Ok(record) => record,
            Err(error) => {
                report
                    .problems
                    .push(format!("line {number}: not an audit record ({error})"));
                continue;
            }
        };
        let expected = chain::content_hash(&record).map_err(|source| AuditError::Encode {
            path: path.to_path_buf(),
            source,
        })?;
        check_line(
            number,
            line,
            &record,
            &expected,
            last.as_ref(),
            &mut report.problems,
        );
        report.records += 1;
        last = Some((number, record));
    }
    check_head(path, last.as_ref(), &mut report.problems)?;
    Ok(report)
}

fn check_line(
    number: usize,
    line: &[u8],
    record: &AuditRecord,
    expected_hash: &str,
    previous: Option<&(usize, AuditRecord)>,
    problems: &mut Vec<String>,
) {
    match previous {
        None => {
            if record.seq != 1 {
                problems.push(format!(
                    "line {number}: seq {} where the log should start at 1 (lines before it were deleted?)",
                    record.seq
                ));
            }
            if record.prev != GENESIS {
                problems.push(format!(
                    "line {number}: prev is not the start of a chain (lines before it were deleted?)"
                ));
            }
        }
        Some((before, previous)) => {
            if record.seq != previous.seq + 1 {
                problems.push(format!(
                    "line {number}: seq {} follows seq {} on line {before}",
                    record.seq, previous.seq
                ));
            }
            if record.prev != previous.hash {
                problems.push(format!(
                    "line {number}: prev does not match line {before} (a line was deleted or reordered)"
                ));
            }
        }
    }
    if record.hash != expected_hash {
        problems.push(format!(
            "line {number}: hash does not match its content (edited?)"
        ));
    } else if serde_json::to_vec(record).is_ok_and(|canonical| canonical != line) {
        // Same content, other bytes: unknown fields or reformatting, which the hash ignores.
        problems.push(format!(
            "line {number}: not as the writer wrote it (reformatted, or fields added?)"
        ));
    }
}

fn check_head(
    path: &Path,
    last: Option<&(usize, AuditRecord)>,
    problems: &mut Vec<String>,
) -> Result<(), AuditError> {
    let head_path = head_file(path);
    let head = match read_head(&head_path) {
        Ok(head) => head,
        Err(error @ AuditError::BadHead { .. }) => {
            problems.push(error.to_string());
            return Ok(());
        }
        Err(error) => return Err(error),
    };
    match (head, last) {
        (None, None) => {}
        (None, Some((number, _))) => problems.push(format!(
            "the head file {} is missing; the last record is on line {number} (deleted?)",
            head_path.display()
        )),
        (Some(head), None) => problems.push(format!(
            "the log has no records but the head says seq {} (the log was emptied?)",
            head.seq
        )),
        (Some(head), Some((number, record))) => {
            if head.seq != record.seq {
                let why = if head.seq > record.seq {
                    "the last line was deleted?"
                } else {
                    "the console stopped between writing the record and the head?"
                };
                problems.push(format!(
                    "line {number}: last record is seq {} but the head says {} ({why})",
                    record.seq, head.seq
                ));
            } else if head.hash != record.hash {
                problems.push(format!(
                    "line {number}: the last record's hash differs from the head's (the last line was replaced?)"
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::runbook::audit::AuditLog;
    use crate::runbook::audit::fixtures::{at, entry, scratch};

    /// A log of `n` records and its lines.
    fn log_of(name: &str, n: usize) -> (AuditLog, Vec<String>) {
        let log = AuditLog::new(scratch(name).join("audit.jsonl"));
        for _ in 0..n {
            log.append(entry("r1"), at()).expect("appends");
        }
        let text = fs::read_to_string(log.path()).expect("reads");
        (log, text.lines().map(str::to_string).collect())
    }

    fn rewrite(log: &AuditLog, lines: &[String]) -> Vec<String> {
        fs::write(
            log.path(),
            lines.iter().map(|l| format!("{l}\n")).collect::<String>(),
        )
        .expect("writes");
        verify(log.path()).expect("verifies").problems
    }

    #[test]
    fn an_untouched_log_and_a_missing_one_are_intact() {
        let (log, _) = log_of("intact", 3);
        assert_eq!(
            verify(log.path()).expect("verifies"),
            VerifyReport {
                records: 3,
                problems: Vec::new()
            }
        );
        let missing = scratch("missing").join("audit.jsonl");
        assert!(verify(&missing).expect("verifies").is_intact());
    }

    #[test]
    fn edits_reorders_and_reformatting_name_their_line() {
        let (log, mut lines) = log_of("edits", 4);
        lines[1] = lines[1].replace(r#""target":"web""#, r#""target":"db""#);
        assert_eq!(
            rewrite(&log, &lines),
            vec!["line 2: hash does not match its content (edited?)"]
        );

        let (log, mut lines) = log_of("reorder", 4);
        lines.swap(1, 2);
        let problems = rewrite(&log, &lines);
        assert!(
            problems.contains(
                &"line 2: prev does not match line 1 (a line was deleted or reordered)".to_string()
            ),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("line 3: seq 2 follows seq 3")),
            "{problems:?}"
        );

        let (log, mut lines) = log_of("reformat", 2);
        lines[0] = lines[0].replacen('{', "{ ", 1);
        assert_eq!(
            rewrite(&log, &lines),
            vec!["line 1: not as the writer wrote it (reformatted, or fields added?)"]
        );
    }

    #[test]
    fn the_head_catches_a_deleted_last_line_and_goes_missing_visibly() {
        let (log, lines) = log_of("last", 3);
        assert_eq!(
            rewrite(&log, &lines[..2]),
            vec!["line 2: last record is seq 2 but the head says 3 (the last line was deleted?)"]
        );
        fs::remove_file(head_file(log.path())).expect("removes head");
        let problems = verify(log.path()).expect("verifies").problems;
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].contains("is missing; the last record is on line 2"),
            "{problems:?}"
        );
    }
}
