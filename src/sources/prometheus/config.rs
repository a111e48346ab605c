//! Where an endpoint is and how to talk to it. Credentials are wrapped in [`Secret`], whose
//! `Debug` and `Display` print `***`, so a config can be logged or shown in an error report
//! without leaking a token; and each is registered with the one redaction point as it is
//! made, so no surface prints it in any form a server may echo.

use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
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
    Basic {
        user: String,
        password: Secret,
    },
    /// A bearer token asked for at each request from a source that renews it before it
    /// expires (Azure's credential chain for Azure Monitor's managed Prometheus).
    Renewed(RenewedToken),
}

/// Where a renewed bearer token comes from. Asked on the source's own task, so a slow token
/// service delays that source's next answer, never the screen.
pub trait TokenSource: Send + Sync {
    /// The token now: the source's cached one while it is valid, else a new one. Registered
    /// for redaction before it is returned.
    fn token(&self) -> Pin<Box<dyn Future<Output = Result<Secret, String>> + Send + '_>>;
    /// What the token is (its scope and credential), never the token itself.
    fn describe(&self) -> String;
    /// What to fix when the endpoint refuses the token (401/403).
    fn refused(&self) -> String;
}

/// A shared [`TokenSource`]; two are equal when they are the same source.
#[derive(Clone)]
pub struct RenewedToken(pub Arc<dyn TokenSource>);

impl PartialEq for RenewedToken {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for RenewedToken {}

impl fmt::Debug for RenewedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RenewedToken({})", self.0.describe())
    }
}

impl Auth {
    /// HTTP Basic auth; the header value made from it (base64 of `user:password`) is
    /// registered for redaction along with the password.
    pub fn basic(user: impl Into<String>, password: Secret) -> Self {
        let user = user.into();
        redact::register_basic(&user, password.expose());
        Auth::Basic { user, password }
    }

    /// `request` with these credentials. A renewed token is asked for first; its failure is
    /// the error (the token service's own words, already cleaned).
    pub async fn authorize(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, String> {
        Ok(match self {
            Auth::None => request,
            Auth::Bearer(token) => request.bearer_auth(token.expose()),
            Auth::Basic { user, password } => request.basic_auth(user, Some(password.expose())),
            Auth::Renewed(source) => request.bearer_auth(source.0.token().await?.expose()),
        })
    }

    /// What to fix when an endpoint answers 401 or 403 to these credentials.
    pub fn refused(&self) -> String {
        match self {
            Auth::None => "the endpoint wants credentials: give the environment an auth (a bearer token, basic auth, or azure-scope for Azure Monitor)".into(),
            Auth::Bearer(_) => "check the bearer token the auth names".into(),
            Auth::Basic { .. } => "check the basic auth user and password the auth names".into(),
            Auth::Renewed(source) => source.0.refused(),
        }
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
