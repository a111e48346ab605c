//! The runbook audit trail's records: who asked for what, on which target, what each step did
//! and how the run ended. One [`AuditRecord`] is one line of the JSONL file; the writer in
//! `runbook::audit` numbers, timestamps and chains them.

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize, Serializer};

use crate::domain::redact::redact_owned;
use crate::domain::remote_text::clean_lines;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditEvent {
    Requested,
    Confirmed,
    StepStarted,
    StepFinished,
    Finished,
    /// A hold the run placed on a group's autoscaling was seen ended (its scheduled restore
    /// ran, or someone released it); appended after the run's `finished`.
    Released,
    /// The run waits for a second user's approval (who may approve and until when).
    ApprovalRequested,
    /// Another user approved; the record's actor is the approver.
    Approved,
    /// Nobody else approved before the TTL; the run ends failed.
    ApprovalExpired,
}

impl AuditEvent {
    pub fn label(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Confirmed => "confirmed",
            Self::StepStarted => "step_started",
            Self::StepFinished => "step_finished",
            Self::Finished => "finished",
            Self::Released => "released",
            Self::ApprovalRequested => "approval_requested",
            Self::Approved => "approved",
            Self::ApprovalExpired => "approval_expired",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunOutcome {
    Succeeded,
    Failed,
    Cancelled,
    TimedOut,
    PreconditionFailed,
    /// The console stopped mid-run; appended at the next start for a run left unfinished.
    Interrupted,
}

impl RunOutcome {
    pub fn label(self) -> &'static str {
        match self {
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
            Self::TimedOut => "timed_out",
            Self::PreconditionFailed => "precondition_failed",
            Self::Interrupted => "interrupted",
        }
    }
}

/// Who ran the console: the login, where their SSH session came from, and the host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_client: Option<String>,
    pub host: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRecord {
    pub index: usize,
    pub title: String,
    /// The rendered call, secrets already redacted.
    pub call: String,
    /// "ok", "failed", "skipped", ... once the step has finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elapsed_ms: Option<u64>,
    /// Redacted and truncated by the caller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// A manual step's note of what the operator found, redacted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What a caller hands in; the writer adds seq, at, prev and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub run: String,
    pub event: AuditEvent,
    pub actor: Actor,
    pub environment: String,
    pub runbook: String,
    pub runbook_hash: String,
    pub target: String,
    /// Already redacted. A BTreeMap so the serialisation, and so the hash, is deterministic.
    pub params: BTreeMap<String, String>,
    pub plan_digest: String,
    /// How the operator confirmed, e.g. "typed the target".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<StepRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<RunOutcome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl AuditEntry {
    /// The entry as it may be written: every free text through the one redaction point and
    /// the sanitiser, so neither a secret nor an escape the caller missed lands in the file
    /// (where, once hashed, it could not be removed without breaking the chain).
    pub fn written(mut self) -> Self {
        let safe = |text: String| clean_lines(&redact_owned(text)).into_owned();
        for text in [&mut self.target, &mut self.environment] {
            *text = safe(std::mem::take(text));
        }
        for value in self.params.values_mut() {
            *value = safe(std::mem::take(value));
        }
        self.confirmation = self.confirmation.map(safe);
        self.error = self.error.map(safe);
        if let Some(step) = &mut self.step {
            step.title = safe(std::mem::take(&mut step.title));
            step.call = safe(std::mem::take(&mut step.call));
            step.output = step.output.take().map(safe);
        }
        self
    }
}

/// One line of the file. Fields serialise in declaration order, which the hash relies on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// 1 for the first record of a file, then one more per line.
    pub seq: u64,
    /// UTC, written with millisecond precision (`2026-12-02T11:00:00.123Z`).
    #[serde(serialize_with = "rfc3339_millis")]
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub entry: AuditEntry,
    /// The previous record's `hash`; 64 zeros for the first record.
    pub prev: String,
    /// sha256 (hex) of this record's JSON with `hash` empty.
    pub hash: String,
}

fn rfc3339_millis<S: Serializer>(at: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&at.to_rfc3339_opts(SecondsFormat::Millis, true))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn record() -> AuditRecord {
        AuditRecord {
            seq: 1,
            at: Utc
                .timestamp_millis_opt(1_796_209_200_123)
                .single()
                .expect("valid time"),
            entry: AuditEntry {
                run: "r1".into(),
                event: AuditEvent::Finished,
                actor: Actor {
                    user: "alice".into(),
                    ssh_client: None,
                    host: "bastion".into(),
                },
                environment: "demo".into(),
                runbook: "scale-out".into(),
                runbook_hash: "abc".into(),
                target: "web".into(),
                params: BTreeMap::from([("count".into(), "2".into())]),
                plan_digest: "def".into(),
                confirmation: None,
                step: None,
                outcome: Some(RunOutcome::TimedOut),
                error: None,
            },
            prev: "0".into(),
            hash: "1".into(),
        }
    }

    #[test]
    fn a_record_is_one_flat_object_without_absent_fields() {
        let json = serde_json::to_string(&record()).expect("encodes");
        assert!(
            json.starts_with(r#"{"seq":1,"at":"2026-12-02T11:00:00.123Z","run":"r1","event":"finished","actor":{"user":"alice","host":"bastion"}"#),
            "{json}"
        );
        assert!(
            json.ends_with(r#""outcome":"timed_out","prev":"0","hash":"1"}"#),
            "{json}"
        );
        assert!(
            !json.contains("confirmation") && !json.contains("null"),
            "{json}"
        );
        let back: AuditRecord = serde_json::from_str(&json).expect("decodes");
        assert_eq!(back, record());
    }

    #[test]
    fn labels_are_the_serialised_words() {
        for outcome in [RunOutcome::PreconditionFailed, RunOutcome::Interrupted] {
            let json = serde_json::to_string(&outcome).expect("encodes");
            assert_eq!(json, format!("\"{}\"", outcome.label()));
        }
        let json = serde_json::to_string(&AuditEvent::StepStarted).expect("encodes");
        assert_eq!(json, format!("\"{}\"", AuditEvent::StepStarted.label()));
    }
}
