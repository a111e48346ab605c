//! Pure decoders: response bytes in, owned values out, no I/O. Prometheus wraps every answer in
//! `{"status", "data"}` or `{"status": "error", "errorType", "error"}`; Alertmanager v2 answers
//! with a bare array. Sample values are parsed from borrowed strings so that large range queries
//! decode at hundreds of MB/s (`benches/decode.rs`).

mod alerts;
mod fields;
mod health;
mod query;
mod value;

use serde::Deserialize;

use super::FetchError;

pub use alerts::{
    AlertState, AmAlert, AmState, PromAlert, decode_alertmanager_alerts, decode_alerts,
};
pub use health::{RulesHealth, TargetsHealth, decode_rules, decode_targets};
pub use query::{InstantSample, QueryData, RangeSeries, decode_query};

/// Label pairs sorted by name; `__name__` is kept when the server sends it.
pub type Labels = Vec<(String, String)>;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope<T> {
    status: String,
    data: Option<T>,
    error_type: Option<String>,
    error: Option<String>,
}

/// The `data` of a Prometheus response, or its API error.
fn unwrap_envelope<'de, T: Deserialize<'de>>(body: &'de [u8]) -> Result<T, FetchError> {
    let envelope: Envelope<T> = serde_json::from_slice(body).map_err(malformed)?;
    match envelope.status.as_str() {
        "success" => envelope
            .data
            .ok_or_else(|| FetchError::Malformed("success without data".into())),
        "error" => Err(FetchError::Api {
            kind: envelope.error_type.unwrap_or_else(|| "error".into()),
            message: envelope.error.unwrap_or_default(),
        }),
        other => Err(FetchError::Malformed(format!("unknown status {other:?}"))),
    }
}

fn malformed(error: serde_json::Error) -> FetchError {
    FetchError::Malformed(error.to_string())
}

/// The server's own words from an error body, if it is one of the JSON error shapes:
/// Prometheus's `{"error": "…"}`, Alertmanager's (go-swagger) `{"message": "…"}`, and Azure's
/// (ARM's error contract, Azure Monitor's endpoints) `{"error": {"code": "…", "message": "…"}}`,
/// read as `message (code)`: `Code: text` would read as a credential header to the redactor.
pub fn error_body_message(body: &[u8]) -> Option<String> {
    let parsed: serde_json::Value = serde_json::from_slice(body).ok()?;
    let text = |value: &serde_json::Value, key: &str| {
        value
            .get(key)
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
    };
    match parsed.get("error") {
        Some(error) if error.is_object() => match (text(error, "code"), text(error, "message")) {
            (Some(code), Some(message)) => Some(format!("{message} ({code})")),
            (code, message) => message.or(code),
        },
        _ => text(&parsed, "error").or_else(|| text(&parsed, "message")),
    }
}

#[cfg(test)]
mod tests {
    use super::error_body_message;

    #[test]
    fn error_bodies_of_prometheus_alertmanager_and_azure() {
        let said = |body: &str| error_body_message(body.as_bytes());
        assert_eq!(
            said(r#"{"status":"error","error":"bad query"}"#).as_deref(),
            Some("bad query")
        );
        assert_eq!(
            said(r#"{"message":"silence not found"}"#).as_deref(),
            Some("silence not found")
        );
        assert_eq!(
            said(
                r#"{"error":{"code":"InvalidAuthenticationToken","message":"The token expired."}}"#
            )
            .as_deref(),
            Some("The token expired. (InvalidAuthenticationToken)")
        );
        assert_eq!(said("<html>502</html>"), None);
    }
}
