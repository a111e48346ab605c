//! An HTTP step's call: the environment's endpoint credentials and CA when the step asks for
//! them, the answer size-capped, its status checked and its fields captured.

use super::action::Done;
use super::shown;
use crate::domain::redact::redact;
use crate::domain::remote_text::quote;
use crate::domain::runbook::Endpoint;
use crate::runbook::target::Target;

const HTTP_BODY_LIMIT: usize = 64 << 10;
/// How much of an HTTP answer a step's output quotes.
const HTTP_SNIPPET_CHARS: usize = 200;

#[allow(clippy::too_many_arguments)]
pub(super) async fn http(
    target: &Target,
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: Option<&str>,
    auth: Option<Endpoint>,
    expect_status: &[u16],
    capture: &std::collections::BTreeMap<String, String>,
) -> Result<Done, String> {
    let endpoint = auth.and_then(|e| target.endpoint(e));
    let mut builder =
        reqwest::Client::builder().user_agent(concat!("opsconsole/", env!("CARGO_PKG_VERSION")));
    if let Some(config) = endpoint {
        builder = builder.tls_danger_accept_invalid_certs(config.insecure);
        if let Some(path) = &config.ca_file {
            let pem =
                std::fs::read(path).map_err(|e| format!("CA file {}: {e}", path.display()))?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| e.to_string())?;
            builder = builder.tls_certs_merge(certs);
        }
    }
    let client = builder.build().map_err(|e| e.to_string())?;
    let method = reqwest::Method::from_bytes(method.as_bytes())
        .map_err(|_| format!("bad method {method}"))?;
    let mut request = client.request(method, url);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    if let Some(body) = body {
        request = request.body(body.to_string());
    }
    if let Some(endpoint) = endpoint {
        request = endpoint.auth.authorize(request).await?;
    }
    let response = request.send().await.map_err(|e| short_error(&e))?;
    let status = response.status().as_u16();
    let bytes = response.bytes().await.map_err(|e| short_error(&e))?;
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(HTTP_BODY_LIMIT)]).to_string();
    let ok = if expect_status.is_empty() {
        (200..300).contains(&status)
    } else {
        expect_status.contains(&status)
    };
    // Redacted before it is cut: a secret the answer echoes must not be cut in two, leaving a
    // prefix that no later redaction recognises.
    let snippet = quote(&redact(&text), HTTP_SNIPPET_CHARS);
    if !ok {
        return Err(format!("HTTP {status}: {snippet}"));
    }
    let mut captured = Vec::new();
    if !capture.is_empty() {
        let json: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("answer is not JSON: {e}"))?;
        for (label, field) in capture {
            let value = json
                .get(field)
                .ok_or_else(|| format!("answer has no field {field:?}"))?;
            let value = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_string);
            captured.push((label.clone(), shown(&value)));
        }
    }
    let mut lines = vec![format!("HTTP {status}")];
    if !snippet.is_empty() {
        lines.push(snippet);
    }
    Ok(Done {
        lines,
        captured,
        note: None,
    })
}

fn short_error(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    text
}
