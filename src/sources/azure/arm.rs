//! Azure Resource Manager: plain JSON over HTTPS with a bearer token from the chain. One client
//! per environment, with the limits a console needs: a deadline per call (a `Retry-After` wait
//! included), a response-size cap, `nextLink` paging that never leaves the ARM endpoint (the
//! token goes wherever a link points), and throttling remembered between calls so a 429's
//! `Retry-After` is honoured even by the next poll.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use reqwest::{Method, Response, Url};
use serde_json::Value;

use super::credential::Tokens;
use super::error::{ArmError, Failure};
use super::settings::AzureSettings;
use crate::sources::prometheus::http::{read_limited, root_cause, with_ca_file};

/// ARM pages are small (a few hundred items); this bounds a broken or hostile one.
const MAX_BODY: usize = 16 << 20;
/// Pages followed per list: 100 pages of ARM's usual 100 items.
const MAX_PAGES: usize = 100;
/// 429s retried within one call when their `Retry-After` fits in its deadline.
const MAX_RETRIES: u32 = 3;

/// One answer: its status, JSON body, ARM's request id (kept in the audit) and, for a
/// long-running operation, where its status is polled.
#[derive(Debug, Clone)]
pub struct ArmResponse {
    pub status: u16,
    pub body: Value,
    pub request_id: Option<String>,
    pub operation: Option<String>,
}

#[derive(Debug)]
pub struct ArmClient {
    http: reqwest::Client,
    tokens: Tokens,
    settings: AzureSettings,
    /// Set by a 429: no call goes out before it.
    throttled_until: Mutex<Option<Instant>>,
}

/// The HTTP client for ARM and for the credentials' token requests: timeouts, gzip and the
/// configured CA file.
pub fn http_client(settings: &AzureSettings) -> Result<reqwest::Client, String> {
    let builder = reqwest::Client::builder()
        .timeout(settings.timeout)
        .gzip(true)
        .user_agent(concat!("opsconsole/", env!("CARGO_PKG_VERSION")));
    with_ca_file(builder, settings.ca_file.as_deref())?
        .build()
        .map_err(|e| root_cause(&e))
}

impl ArmClient {
    /// A client with a credential from the chain `settings` name.
    pub fn new(settings: &AzureSettings) -> Result<Self, String> {
        Self::with_tokens(settings, Tokens::new(settings, settings.arm_scope())?)
    }

    pub fn with_tokens(settings: &AzureSettings, tokens: Tokens) -> Result<Self, String> {
        Ok(Self {
            http: http_client(settings)?,
            tokens,
            settings: settings.clone(),
            throttled_until: Mutex::new(None),
        })
    }

    pub fn settings(&self) -> &AzureSettings {
        &self.settings
    }

    /// One GET of `{arm}{path}` with `api-version` (the path starts with `/`, may hold a query).
    pub async fn get(&self, path: &str, api_version: &str) -> Result<ArmResponse, ArmError> {
        self.send(Method::GET, &self.url(path, api_version)?, None)
            .await
    }

    /// Every item of a list: each page's `value`, following `nextLink` up to [`MAX_PAGES`].
    pub async fn list(&self, path: &str, api_version: &str) -> Result<Vec<Value>, ArmError> {
        let mut items = Vec::new();
        let mut url = self.url(path, api_version)?;
        for _ in 0..MAX_PAGES {
            let page = self.send(Method::GET, &url, None).await?.body;
            if let Some(values) = page.get("value").and_then(Value::as_array) {
                items.extend(values.iter().cloned());
            }
            match page.get("nextLink").and_then(Value::as_str) {
                Some(link) if !link.is_empty() => url = self.link(link)?,
                _ => return Ok(items),
            }
        }
        Err(ArmError::new(
            &url,
            Failure::Paging(format!("more than {MAX_PAGES} pages")),
        ))
    }

    pub async fn post(
        &self,
        path: &str,
        api_version: &str,
        body: &Value,
    ) -> Result<ArmResponse, ArmError> {
        self.send(Method::POST, &self.url(path, api_version)?, Some(body))
            .await
    }

    /// POST to a link an answer gave (Cost Management's `properties.nextLink`); refused unless
    /// it is on the ARM endpoint.
    pub async fn post_link(&self, link: &str, body: &Value) -> Result<ArmResponse, ArmError> {
        self.send(Method::POST, &self.link(link)?, Some(body)).await
    }

    pub async fn patch(
        &self,
        path: &str,
        api_version: &str,
        body: &Value,
    ) -> Result<ArmResponse, ArmError> {
        self.send(Method::PATCH, &self.url(path, api_version)?, Some(body))
            .await
    }

    fn url(&self, path: &str, api_version: &str) -> Result<Url, ArmError> {
        let base = &self.settings.arm_endpoint;
        let mut url = Url::parse(&format!("{base}{path}"))
            .map_err(|e| ArmError::at(path, Failure::Config(e.to_string())))?;
        url.query_pairs_mut()
            .append_pair("api-version", api_version);
        Ok(url)
    }

    /// A link from an answer, only if it stays on the ARM endpoint's origin.
    fn link(&self, link: &str) -> Result<Url, ArmError> {
        let url =
            Url::parse(link).map_err(|e| ArmError::at(link, Failure::Paging(e.to_string())))?;
        let arm = Url::parse(&self.settings.arm_endpoint)
            .map_err(|e| ArmError::at(link, Failure::Config(e.to_string())))?;
        if url.origin() != arm.origin() {
            return Err(ArmError::at(
                link,
                Failure::Paging("a next link outside the ARM endpoint".into()),
            ));
        }
        Ok(url)
    }

    async fn send(
        &self,
        method: Method,
        url: &Url,
        body: Option<&Value>,
    ) -> Result<ArmResponse, ArmError> {
        let deadline = Instant::now() + self.settings.timeout;
        let fail = |failure| ArmError::new(url, failure);
        for attempt in 0.. {
            if let Some(until) = self.throttled_for() {
                let wait = until.saturating_duration_since(Instant::now());
                if Instant::now() + wait > deadline || attempt > MAX_RETRIES {
                    return Err(fail(Failure::Throttled(wait)));
                }
                tokio::time::sleep(wait).await;
            }
            let token = self
                .tokens
                .token()
                .await
                .map_err(|e| fail(Failure::Token(e)))?;
            let mut request = self
                .http
                .request(method.clone(), url.clone())
                .bearer_auth(token.secret());
            if let Some(body) = body {
                request = request
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body.to_string());
            }
            let left = deadline.saturating_duration_since(Instant::now());
            let response = tokio::time::timeout(left, request.send())
                .await
                .map_err(|_| fail(Failure::Timeout(self.settings.timeout)))?
                .map_err(|e| fail(Failure::transport(&e, self.settings.timeout)))?;
            if response.status().as_u16() == 429 {
                self.throttle(retry_after(&response));
                continue;
            }
            return answer(response, self.settings.timeout).await.map_err(fail);
        }
        unreachable!("the loop returns")
    }

    fn throttled_for(&self) -> Option<Instant> {
        let mut until = self
            .throttled_until
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match *until {
            Some(at) if at > Instant::now() => Some(at),
            _ => {
                *until = None;
                None
            }
        }
    }

    fn throttle(&self, wait: Duration) {
        *self
            .throttled_until
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(Instant::now() + wait);
    }
}

/// `Retry-After` in seconds (ARM's form; Cost Management also sends its own
/// `x-ms-ratelimit-microsoft.costmanagement-*-retry-after`), else a minute.
fn retry_after(response: &Response) -> Duration {
    let headers = response.headers();
    let seconds = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    let own = headers
        .keys()
        .filter(|name| name.as_str().ends_with("-retry-after") && name.as_str() != "retry-after")
        .filter_map(|name| seconds(name.as_str()))
        .max();
    Duration::from_secs(seconds("retry-after").or(own).unwrap_or(60).min(3600))
}

async fn answer(mut response: Response, timeout: Duration) -> Result<ArmResponse, Failure> {
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let request_id = header("x-ms-request-id");
    let operation = header("azure-asyncoperation").or_else(|| header("location"));
    let challenge = header("www-authenticate");
    let bytes = read_limited(&mut response, MAX_BODY, timeout)
        .await
        .map_err(Failure::Fetch)?;
    let parsed = if bytes.iter().all(u8::is_ascii_whitespace) {
        Ok(Value::Null)
    } else {
        serde_json::from_slice(&bytes).map_err(|e| Failure::Malformed(e.to_string()))
    };
    if (200..300).contains(&status) {
        let body = parsed?;
        return Ok(ArmResponse {
            status,
            body,
            request_id,
            operation,
        });
    }
    // A proxy's HTML error page is not JSON: the status still says what happened.
    let body = parsed.unwrap_or(Value::Null);
    Err(Failure::status(status, &body, challenge, request_id))
}
