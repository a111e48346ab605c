//! What went wrong with an ARM call, said so the reader knows what to fix: the call, ARM's own
//! error code and message (remote text: redacted, cleaned and cut), the request id to quote to
//! Microsoft, and for 401/403 which token or role is missing.

use std::time::Duration;

use reqwest::Url;
use serde_json::Value;

use crate::domain::duration::humantime;
use crate::domain::redact::redact;
use crate::domain::remote_text::{ERROR_QUOTE_CHARS, quote};
use crate::sources::prometheus::FetchError;

#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    Config(String),
    Token(String),
    Timeout(Duration),
    Fetch(FetchError),
    Malformed(String),
    Paging(String),
    /// Throttled for this long more than the call could wait.
    Throttled(Duration),
    Status {
        status: u16,
        code: String,
        message: String,
        request_id: Option<String>,
        /// 401's `WWW-Authenticate` reason (`error_description`, else `error`).
        challenge: Option<String>,
    },
}

impl Failure {
    pub(super) fn transport(error: &reqwest::Error, timeout: Duration) -> Self {
        if error.is_timeout() {
            return Self::Timeout(timeout);
        }
        Self::Fetch(FetchError::Connect(
            crate::sources::prometheus::http::root_cause(error),
        ))
    }

    /// An error status with ARM's `{"error": {"code", "message"}}` body.
    pub(super) fn status(
        status: u16,
        body: &Value,
        challenge: Option<String>,
        request_id: Option<String>,
    ) -> Self {
        let error = body.get("error").unwrap_or(body);
        let text = |key: &str| {
            error
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        Self::Status {
            status,
            code: text("code"),
            message: text("message"),
            request_id,
            challenge: challenge.and_then(|c| challenge_reason(&c)),
        }
    }
}

/// `Bearer authorization_uri="…", error="invalid_token", error_description="…"` → the description.
fn challenge_reason(header: &str) -> Option<String> {
    ["error_description", "error"].iter().find_map(|key| {
        let start = header.find(&format!("{key}=\""))? + key.len() + 2;
        let end = header[start..].find('"')? + start;
        Some(header[start..end].to_string())
    })
}

/// A failed call: which one (method-less path, no query) and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct ArmError {
    pub call: String,
    pub failure: Box<Failure>,
}

impl ArmError {
    pub(super) fn new(url: &Url, failure: Failure) -> Self {
        Self::at(url.path(), failure)
    }

    pub(super) fn at(call: &str, failure: Failure) -> Self {
        let call = call.split('?').next().unwrap_or_default();
        Self {
            call: call.to_string(),
            failure: Box::new(failure),
        }
    }

    /// The status of an error answer (404 for a missing app), for callers that tell them apart.
    pub fn status(&self) -> Option<u16> {
        match &*self.failure {
            Failure::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    fn describe(&self) -> String {
        let shown = |text: &str| quote(&redact(text), ERROR_QUOTE_CHARS);
        let call = &self.call;
        match &*self.failure {
            Failure::Config(m) => format!("ARM {call}: bad config: {m}"),
            Failure::Token(m) => m.clone(),
            Failure::Timeout(t) => format!("ARM {call}: timed out after {}", humantime(*t)),
            Failure::Fetch(e) => format!("ARM {call}: {}", shown(&e.to_string())),
            Failure::Malformed(m) => format!("ARM {call}: {}", shown(m)),
            Failure::Paging(m) => format!("ARM {call}: paging stopped: {m}"),
            Failure::Throttled(wait) => format!(
                "ARM {call}: throttled (429); Azure asked to wait {} before the next call",
                humantime(*wait)
            ),
            Failure::Status {
                status,
                code,
                message,
                request_id,
                challenge,
            } => {
                // " - ", not ": ": "…Token: The access…" reads as a credential header to the
                // redactor, which would mask ARM's own words.
                let what = match (code.is_empty(), message.is_empty()) {
                    (true, true) => String::new(),
                    (false, true) => format!(" {}", shown(code)),
                    (true, false) => format!(" {}", shown(message)),
                    (false, false) => format!(" {} - {}", shown(code), shown(message)),
                };
                let hint = match status {
                    401 => format!(
                        "; the token was refused{}: check the credential's tenant and that it has not expired",
                        challenge
                            .as_deref()
                            .filter(|c| *c != message.as_str())
                            .map(|c| format!(" ({})", shown(c)))
                            .unwrap_or_default()
                    ),
                    403 => {
                        "; the identity lacks a role on this scope (see the README's Azure roles)"
                            .into()
                    }
                    _ => String::new(),
                };
                let id = request_id
                    .as_deref()
                    .map(|id| format!(" [request id {id}]"))
                    .unwrap_or_default();
                format!("ARM {call}: HTTP {status}{what}{hint}{id}")
            }
        }
    }
}
