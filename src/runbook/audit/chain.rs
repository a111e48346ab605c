//! The hash chain. A record's `hash` is the sha256 of its own JSON with `hash` empty, and its
//! `prev` is the previous record's `hash`, so changing, dropping or moving a line breaks the
//! chain at that line. The JSON is deterministic: struct fields in declaration order, params
//! in a `BTreeMap`, times at millisecond precision.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::domain::audit::{AuditEntry, AuditRecord};

/// The `prev` of a file's first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The record `entry` becomes as number `seq` after the record hashed `prev`.
pub(super) fn seal(
    seq: u64,
    at: DateTime<Utc>,
    entry: AuditEntry,
    prev: String,
) -> Result<AuditRecord, serde_json::Error> {
    let mut record = AuditRecord {
        seq,
        at,
        entry,
        prev,
        hash: String::new(),
    };
    record.hash = content_hash(&record)?;
    Ok(record)
}

/// The hash `record` ought to carry, whatever its `hash` field says now.
pub(super) fn content_hash(record: &AuditRecord) -> Result<String, serde_json::Error> {
    let unsealed = AuditRecord {
        hash: String::new(),
        ..record.clone()
    };
    Ok(sha256_hex(&serde_json::to_vec(&unsealed)?))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runbook::audit::fixtures::{at, entry};

    #[test]
    fn sha256_matches_the_standard_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(GENESIS.len(), 64);
    }

    #[test]
    fn hashing_is_deterministic_and_covers_every_field() {
        let at = at();
        let a = seal(1, at, entry("r1"), GENESIS.into()).expect("seals");
        let b = seal(1, at, entry("r1"), GENESIS.into()).expect("seals");
        assert_eq!(a.hash, b.hash);
        assert_eq!(content_hash(&a).expect("hashes"), a.hash);

        let mut edited = a.clone();
        edited.entry.params.insert("count".into(), "9".into());
        assert_ne!(content_hash(&edited).expect("hashes"), a.hash);
        let other_prev = seal(1, at, entry("r1"), "1".repeat(64)).expect("seals");
        assert_ne!(other_prev.hash, a.hash);
    }
}
