//! Reading the audit file back, for `opsconsole audit` and for finding unfinished runs.

use std::fs;
use std::io;
use std::path::Path;

use super::error::{AuditError, io_error};
use crate::domain::audit::AuditRecord;

/// Every record, in file order. A missing file is an empty log; a line that is not a record is
/// an error naming it (`verify` says more about what is wrong).
pub fn read(path: &Path) -> Result<Vec<AuditRecord>, AuditError> {
    let bytes = read_bytes(path)?;
    lines(&bytes)
        .enumerate()
        .map(|(index, line)| {
            serde_json::from_slice(line).map_err(|source| AuditError::BadLine {
                path: path.to_path_buf(),
                line: index + 1,
                source,
            })
        })
        .collect()
}

/// The file's bytes; none when it does not exist yet.
pub(super) fn read_bytes(path: &Path) -> Result<Vec<u8>, AuditError> {
    match fs::read(path) {
        Ok(bytes) => Ok(bytes),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(error) => Err(io_error("cannot read", path)(error)),
    }
}

/// The file's lines without their newlines; an unterminated last line counts as one.
pub(super) fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    // An empty file has no lines, though splitting it would give one empty piece.
    (!bytes.is_empty())
        .then(|| body.split(|&b| b == b'\n'))
        .into_iter()
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runbook::audit::fixtures::scratch;

    #[test]
    fn lines_split_like_the_writer_writes() {
        let split = |bytes: &'static [u8]| lines(bytes).collect::<Vec<_>>();
        assert!(split(b"").is_empty());
        assert_eq!(split(b"a\n"), vec![&b"a"[..]]);
        assert_eq!(split(b"a\n\nb"), vec![&b"a"[..], b"", b"b"]);
    }

    #[test]
    fn a_missing_file_is_empty_and_a_bad_line_is_named() {
        let dir = scratch("read");
        assert!(read(&dir.join("absent.jsonl")).expect("reads").is_empty());
        let path = dir.join("bad.jsonl");
        fs::write(&path, "not json\n").expect("writes");
        let error = read(&path).expect_err("a bad line");
        assert!(
            error.to_string().contains("line 1 is not an audit record"),
            "{error}"
        );
    }
}
