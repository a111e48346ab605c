//! Where an endpoint is and how to talk to it. Credentials are wrapped in [`Secret`], whose
//! `Debug` and `Display` print `***`, so a config can be logged or shown in an error report
//! without leaking a token; and each is registered with the one redaction point as it is
//! made, so no surface prints it in any form a server may echo.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use crate::domain::redact;

/// A password or token. Only [`Secret::expose`] gives the text, at the one place that needs it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        redact::register(&text);
        Self(text)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    None,
    Bearer(Secret),
    Basic { user: String, password: Secret },
}

impl Auth {
    /// HTTP Basic auth; the header value made from it (base64 of `user:password`) is
    /// registered for redaction along with the password.
    pub fn basic(user: impl Into<String>, password: Secret) -> Self {
        let user = user.into();
        redact::register_basic(&user, password.expose());
        Auth::Basic { user, password }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EndpointConfig {
    /// Base URL, possibly with a path prefix (`https://host/prometheus`); no credentials.
    pub url: String,
    pub auth: Auth,
    /// Extra PEM root certificates (a private CA), trusted besides the built-in roots.
    pub ca_file: Option<PathBuf>,
    /// Accept any TLS certificate. For lab setups only.
    pub insecure: bool,
    /// Covers the whole exchange: connect, request, and reading the body.
    pub timeout: Duration,
    pub max_body_bytes: usize,
}

impl EndpointConfig {
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
    pub const DEFAULT_MAX_BODY_BYTES: usize = 8 << 20;

    /// No auth, built-in roots, a 10 s timeout and an 8 MiB body limit.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            auth: Auth::None,
            ca_file: None,
            insecure: false,
            timeout: Self::DEFAULT_TIMEOUT,
            max_body_bytes: Self::DEFAULT_MAX_BODY_BYTES,
        }
    }
}
