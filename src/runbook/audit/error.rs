//! What can go wrong reading or writing the audit trail; every message names the file.

use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

#[derive(Debug, Error)]
pub enum AuditError {
    #[error("{action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("{}: line {line} is not an audit record: {source}", path.display())]
    BadLine {
        path: PathBuf,
        line: usize,
        source: serde_json::Error,
    },
    #[error(
        "{}: the last line is not an audit record and there is no head file to continue the \
         chain from ({source}); see `opsconsole audit --verify`",
        path.display()
    )]
    BadTail {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{}: not an audit head: {source}", path.display())]
    BadHead {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{}: cannot encode an audit record: {source}", path.display())]
    Encode {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{}: the audit writer has stopped", path.display())]
    Stopped { path: PathBuf },
}

/// For `map_err`: an I/O error doing `action` ("cannot read", ...) on `path`.
pub(super) fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> AuditError {
    let path = path.to_path_buf();
    move |source| AuditError::Io {
        action,
        path,
        source,
    }
}
