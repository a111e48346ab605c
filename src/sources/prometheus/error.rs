//! Why a fetch failed, worded for a one-line panel status ("timed out after 4s",
//! "HTTP 500: …", "response over 8 MiB limit"). Messages never carry the Authorization header;
//! what a server said is quoted back redacted, cleaned and cut (see [`FetchError::quoted`]).

use std::time::Duration;

use crate::domain::redact::redact;
use crate::domain::remote_text::{ERROR_QUOTE_CHARS, quote};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    /// The endpoint configuration cannot be used (bad URL, unreadable CA file).
    #[error("bad endpoint config: {0}")]
    Config(String),
    #[error("timed out after {}", crate::domain::duration::humantime(*.0))]
    Timeout(Duration),
    /// No exchange happened: DNS, refused connection, TLS handshake.
    #[error("cannot connect: {0}")]
    Connect(String),
    #[error("HTTP {status}{}{message}", if message.is_empty() { "" } else { ": " })]
    Http { status: u16, message: String },
    /// 401 or 403: the credentials were refused; `fix` says what to check.
    #[error("HTTP {status} (credentials refused){}{message}; {fix}", if message.is_empty() { "" } else { ": " })]
    Refused {
        status: u16,
        message: String,
        fix: String,
    },
    /// No token to send: the token service refused or could not be reached.
    #[error("no token: {0}")]
    Auth(String),
    #[error("response over {} limit", human_bytes(*limit))]
    TooLarge { limit: usize },
    /// The connection closed or failed mid-body.
    #[error("response cut short: {0}")]
    Truncated(String),
    #[error("malformed response: {0}")]
    Malformed(String),
    /// The server understood the request and refused it (`"status": "error"`).
    #[error("{kind}: {message}")]
    Api { kind: String, message: String },
}

impl FetchError {
    /// Every message as it may be shown: without any registered secret or credential header a
    /// server echoed, control and bidi characters escaped, on one line of at most
    /// [`ERROR_QUOTE_CHARS`]. Redacted before the cut, so a secret is never cut in two.
    pub(super) fn quoted(self) -> Self {
        let shown = |text: String| quote(&redact(&text), ERROR_QUOTE_CHARS);
        match self {
            FetchError::Config(m) => FetchError::Config(shown(m)),
            FetchError::Connect(m) => FetchError::Connect(shown(m)),
            FetchError::Http { status, message } => FetchError::Http {
                status,
                message: shown(message),
            },
            FetchError::Refused {
                status,
                message,
                fix,
            } => FetchError::Refused {
                status,
                message: shown(message),
                fix,
            },
            FetchError::Auth(m) => FetchError::Auth(shown(m)),
            FetchError::Truncated(m) => FetchError::Truncated(shown(m)),
            FetchError::Malformed(m) => FetchError::Malformed(shown(m)),
            FetchError::Api { kind, message } => FetchError::Api {
                kind: shown(kind),
                message: shown(message),
            },
            other @ (FetchError::Timeout(_) | FetchError::TooLarge { .. }) => other,
        }
    }
}

/// "8 MiB", "64 KiB", else plain bytes.
fn human_bytes(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_one_short_line() {
        let cases = [
            (
                FetchError::Timeout(Duration::from_secs(4)),
                "timed out after 4s",
            ),
            (
                FetchError::Timeout(Duration::from_millis(300)),
                "timed out after 300ms",
            ),
            (
                FetchError::Timeout(Duration::from_millis(1500)),
                "timed out after 1s500ms",
            ),
            (
                FetchError::TooLarge { limit: 8 << 20 },
                "response over 8 MiB limit",
            ),
            (
                FetchError::TooLarge { limit: 64 << 10 },
                "response over 64 KiB limit",
            ),
            (
                FetchError::TooLarge { limit: 1000 },
                "response over 1000 bytes limit",
            ),
            (
                FetchError::Http {
                    status: 500,
                    message: "boom".into(),
                },
                "HTTP 500: boom",
            ),
            (
                FetchError::Http {
                    status: 502,
                    message: String::new(),
                },
                "HTTP 502",
            ),
            (
                FetchError::Refused {
                    status: 401,
                    message: "missing bearer token".into(),
                    fix: "check the bearer token the auth names".into(),
                },
                "HTTP 401 (credentials refused): missing bearer token; check the bearer token the auth names",
            ),
            (
                FetchError::Api {
                    kind: "bad_data".into(),
                    message: "parse error".into(),
                },
                "bad_data: parse error",
            ),
        ];
        for (error, text) in cases {
            assert_eq!(error.to_string(), text);
        }
    }

    #[test]
    fn quoted_redacts_cleans_and_cuts_every_message() {
        crate::domain::redact::register("s3cr3t-token");
        let error = FetchError::Http {
            status: 401,
            message: "token s3cr3t-token rejected\n\x1b]52;c;aGk=\x07".into(),
        };
        assert_eq!(
            error.quoted().to_string(),
            "HTTP 401: token *** rejected \\x1b]52;c;aGk=\\x07"
        );
        let echoed = FetchError::Api {
            kind: "bad_data\u{202e}".into(),
            message: format!("Authorization: Basic b3BzOnB3\n{}", "x".repeat(1000)),
        };
        let FetchError::Api { kind, message } = echoed.quoted() else {
            unreachable!()
        };
        assert_eq!(kind, "bad_data\\u202e");
        assert!(message.starts_with("Authorization: *** x"), "{message}");
        assert_eq!(message.chars().count(), ERROR_QUOTE_CHARS);
        let plain = FetchError::Malformed("near \"x\"".into());
        assert_eq!(plain.clone().quoted(), plain, "ordinary text is unchanged");
    }
}
