//! The head file next to the log (`audit.jsonl.head`): the seq and hash of the last record
//! written. Without it, deleting the last line would leave a shorter but valid chain.

use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::chain::GENESIS;
use super::error::{AuditError, io_error};
use crate::domain::audit::AuditRecord;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Head {
    pub seq: u64,
    pub hash: String,
}

impl Head {
    /// Where an empty log's chain starts.
    pub fn genesis() -> Self {
        Self {
            seq: 0,
            hash: GENESIS.into(),
        }
    }

    pub fn of(record: &AuditRecord) -> Self {
        Self {
            seq: record.seq,
            hash: record.hash.clone(),
        }
    }
}

pub(super) fn head_file(log: &Path) -> PathBuf {
    let mut name = log.as_os_str().to_owned();
    name.push(".head");
    PathBuf::from(name)
}

/// `None` when there is no head file.
pub(super) fn read_head(path: &Path) -> Result<Option<Head>, AuditError> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(io_error("cannot read", path)(error)),
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|source| AuditError::BadHead {
            path: path.to_path_buf(),
            source,
        })
}

/// Replaces the head atomically (write a temporary file, then rename), so a crash leaves the
/// old head or the new one, never half of one. The caller holds the log's lock, which also
/// keeps two writers off the temporary file.
pub(super) fn write_head(path: &Path, head: &Head) -> Result<(), AuditError> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let mut text = serde_json::to_vec(head).map_err(|source| AuditError::Encode {
        path: path.to_path_buf(),
        source,
    })?;
    text.push(b'\n');
    let mut file = File::create(&tmp).map_err(io_error("cannot create", &tmp))?;
    file.write_all(&text)
        .and_then(|()| file.sync_data())
        .map_err(io_error("cannot write", &tmp))?;
    fs::rename(&tmp, path).map_err(io_error("cannot replace", path))
}
