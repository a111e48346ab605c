//! Why a fetch failed, worded for a one-line panel status ("timed out after 4s",
//! "HTTP 500: …", "response over 8 MiB limit"). Messages never carry the Authorization header,
//! and the client scrubs its secret from anything a server echoed into them.

use std::time::Duration;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    /// The endpoint configuration cannot be used (bad URL, unreadable CA file).
    #[error("bad endpoint config: {0}")]
    Config(String),
    #[error("timed out after {}", human_duration(*.0))]
    Timeout(Duration),
    /// No exchange happened: DNS, refused connection, TLS handshake.
    #[error("cannot connect: {0}")]
    Connect(String),
    #[error("HTTP {status}{}{message}", if message.is_empty() { "" } else { ": " })]
    Http { status: u16, message: String },
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
    /// Replaces every occurrence of `secret` in the messages with `***`.
    pub(super) fn redact(self, secret: &str) -> Self {
        if secret.is_empty() {
            return self;
        }
        let scrub = |text: String| text.replace(secret, "***");
        match self {
            FetchError::Config(m) => FetchError::Config(scrub(m)),
            FetchError::Connect(m) => FetchError::Connect(scrub(m)),
            FetchError::Http { status, message } => FetchError::Http {
                status,
                message: scrub(message),
            },
            FetchError::Truncated(m) => FetchError::Truncated(scrub(m)),
            FetchError::Malformed(m) => FetchError::Malformed(scrub(m)),
            FetchError::Api { kind, message } => FetchError::Api {
                kind: scrub(kind),
                message: scrub(message),
            },
            other @ (FetchError::Timeout(_) | FetchError::TooLarge { .. }) => other,
        }
    }
}

/// "4s", "300ms", "1.5s".
fn human_duration(duration: Duration) -> String {
    if duration.subsec_nanos() == 0 {
        format!("{}s", duration.as_secs())
    } else if duration < Duration::from_secs(1) {
        format!("{}ms", duration.as_millis())
    } else {
        format!("{:.1}s", duration.as_secs_f64())
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
                "timed out after 1.5s",
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
    fn redact_scrubs_every_message() {
        let error = FetchError::Http {
            status: 401,
            message: "token s3cr3t rejected".into(),
        };
        assert_eq!(
            error.redact("s3cr3t").to_string(),
            "HTTP 401: token *** rejected"
        );
        let error = FetchError::Malformed("near \"s3cr3t\"".into());
        assert_eq!(
            error.clone().redact(""),
            error,
            "an empty secret changes nothing"
        );
        assert_eq!(
            error.redact("s3cr3t"),
            FetchError::Malformed("near \"***\"".into())
        );
    }
}
