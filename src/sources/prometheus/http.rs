//! One HTTP endpoint with the limits a console needs: a deadline over the whole exchange, a
//! body read chunk by chunk that stops at the size limit, short error messages, and decoding
//! of large bodies on a blocking thread so the current-thread runtime keeps drawing.

use std::time::Duration;

use reqwest::{Client, RequestBuilder, Response, Url};

use super::decode::error_body_message;
use super::{Auth, EndpointConfig, FetchError};

/// Bodies above this are decoded on a blocking thread; below it decoding takes under 1 ms.
const DECODE_INLINE_MAX: usize = 256 << 10;

#[derive(Debug, Clone)]
pub(super) struct Endpoint {
    http: Client,
    /// Always ends in `/`, so relative API paths keep its path prefix.
    base: Url,
    auth: Auth,
    timeout: Duration,
    max_body_bytes: usize,
}

impl Endpoint {
    pub(super) fn new(config: &EndpointConfig) -> Result<Self, FetchError> {
        let base = base_url(&config.url)?;
        let mut builder = Client::builder()
            .timeout(config.timeout)
            .gzip(true)
            .user_agent(concat!("opsconsole/", env!("CARGO_PKG_VERSION")))
            .tls_danger_accept_invalid_certs(config.insecure);
        builder = with_ca_file(builder, config.ca_file.as_deref()).map_err(FetchError::Config)?;
        let http = builder
            .build()
            .map_err(|e| FetchError::Config(root_cause(&e)))?;
        Ok(Self {
            http,
            base,
            auth: config.auth.clone(),
            timeout: config.timeout,
            max_body_bytes: config.max_body_bytes,
        })
    }

    /// GET `path` (relative to the base URL, may carry a query) and decode the body.
    pub(super) async fn get<T: Send + 'static>(
        &self,
        path: &str,
        decode: fn(&[u8]) -> Result<T, FetchError>,
    ) -> Result<T, FetchError> {
        let url = self.url(path)?;
        self.fetch(self.http.get(url), decode).await
    }

    /// POST `form` url-encoded to `path`: long PromQL does not fit in a URL.
    pub(super) async fn post_form<T: Send + 'static>(
        &self,
        path: &str,
        form: &[(&str, &str)],
        decode: fn(&[u8]) -> Result<T, FetchError>,
    ) -> Result<T, FetchError> {
        let url = self.url(path)?;
        self.fetch(self.http.post(url).form(form), decode).await
    }

    fn url(&self, path: &str) -> Result<Url, FetchError> {
        self.base
            .join(path)
            .map_err(|e| FetchError::Config(e.to_string()))
    }

    async fn fetch<T: Send + 'static>(
        &self,
        request: RequestBuilder,
        decode: fn(&[u8]) -> Result<T, FetchError>,
    ) -> Result<T, FetchError> {
        // reqwest's own timeout is the same; this one also bounds our reading of the body (and
        // the wait for a renewed token).
        let body = tokio::time::timeout(self.timeout, async {
            let request = self
                .auth
                .authorize(request)
                .await
                .map_err(FetchError::Auth)?;
            self.exchange(request).await
        })
        .await
        .unwrap_or(Err(FetchError::Timeout(self.timeout)));
        let result = match body {
            Ok(body) if body.len() > DECODE_INLINE_MAX => {
                tokio::task::spawn_blocking(move || decode(&body))
                    .await
                    .unwrap_or_else(|e| Err(FetchError::Malformed(format!("decoder failed: {e}"))))
            }
            Ok(body) => decode(&body),
            Err(error) => Err(error),
        };
        // The one place a fetch's errors leave: whatever a server said is made safe to show.
        result.map_err(FetchError::quoted)
    }

    async fn exchange(&self, request: RequestBuilder) -> Result<Vec<u8>, FetchError> {
        let mut response = request
            .send()
            .await
            .map_err(transport_error(self.timeout))?;
        let status = response.status();
        let body = read_limited(&mut response, self.max_body_bytes, self.timeout).await;
        if status.is_success() {
            return body;
        }
        if matches!(status.as_u16(), 401 | 403) {
            return Err(FetchError::Refused {
                status: status.as_u16(),
                message: body.map(|b| error_message(&b)).unwrap_or_default(),
                fix: self.auth.refused(),
            });
        }
        Err(FetchError::Http {
            status: status.as_u16(),
            message: body.map(|b| error_message(&b)).unwrap_or_default(),
        })
    }
}

/// Trusts the PEM bundle at `path` beside the system's roots (a private CA, a test server).
pub(crate) fn with_ca_file(
    builder: reqwest::ClientBuilder,
    path: Option<&std::path::Path>,
) -> Result<reqwest::ClientBuilder, String> {
    let Some(path) = path else {
        return Ok(builder);
    };
    let unreadable = |e: &dyn std::fmt::Display| format!("CA file {}: {e}", path.display());
    let pem = std::fs::read(path).map_err(|e| unreadable(&e))?;
    let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| unreadable(&e))?;
    if certs.is_empty() {
        return Err(unreadable(&"no PEM certificates in it"));
    }
    Ok(builder.tls_certs_merge(certs))
}

/// The base URL with a trailing `/`, so `join("api/v1/query")` appends rather than replaces.
fn base_url(text: &str) -> Result<Url, FetchError> {
    let mut url =
        Url::parse(text.trim()).map_err(|e| FetchError::Config(format!("URL {text:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::Config(format!(
            "URL {text:?}: not http or https"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // Not echoed: the URL holds a password.
        return Err(FetchError::Config(
            "credentials belong in auth, not in the URL".into(),
        ));
    }
    if !url.path().ends_with('/') {
        url.set_path(&format!("{}/", url.path()));
    }
    Ok(url)
}

/// Reads the body chunk by chunk, never holding more than `limit` bytes.
pub(crate) async fn read_limited(
    response: &mut Response,
    limit: usize,
    timeout: Duration,
) -> Result<Vec<u8>, FetchError> {
    // Only known when not compressed; then a too-large body is refused before reading it.
    let declared = response.content_length();
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(FetchError::TooLarge { limit });
    }
    let mut body = Vec::with_capacity(declared.map_or(0, |length| length as usize));
    while let Some(chunk) = response.chunk().await.map_err(transport_error(timeout))? {
        if chunk.len() > limit - body.len() {
            return Err(FetchError::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    match declared {
        Some(length) if (body.len() as u64) < length => Err(FetchError::Truncated(format!(
            "{} of {length} bytes",
            body.len()
        ))),
        _ => Ok(body),
    }
}

/// The server's error text, else the body; [`FetchError::quoted`] redacts, cleans and cuts it.
fn error_message(body: &[u8]) -> String {
    error_body_message(body).unwrap_or_else(|| String::from_utf8_lossy(body).into_owned())
}

fn transport_error(timeout: Duration) -> impl Fn(reqwest::Error) -> FetchError {
    move |error| {
        if error.is_timeout() {
            FetchError::Timeout(timeout)
        } else if error.is_body() || error.is_decode() {
            FetchError::Truncated(root_cause(&error))
        } else if error.is_builder() {
            FetchError::Config(root_cause(&error))
        } else {
            FetchError::Connect(root_cause(&error))
        }
    }
}

/// The innermost cause ("Connection refused (os error 111)"): short, and unlike reqwest's own
/// message it does not repeat the URL.
pub(crate) fn root_cause(error: &reqwest::Error) -> String {
    let mut innermost = None;
    let mut cause = std::error::Error::source(error);
    while let Some(source) = cause {
        innermost = Some(source);
        cause = source.source();
    }
    innermost.map_or_else(|| error.to_string(), ToString::to_string)
}
