//! SDK errors as one line an operator can act on: which call, what AWS said, and for
//! authentication failures what to check. Never the credentials themselves: what AWS (or a
//! proxy in between) said is quoted redacted, cleaned and cut.

use aws_sdk_autoscaling::config::http::HttpResponse;
use aws_sdk_autoscaling::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use crate::domain::redact::redact;
use crate::domain::remote_text::{ERROR_QUOTE_CHARS, quote};

/// Error codes that mean the key, its signature or its permissions are wrong.
const AUTH_CODES: [&str; 11] = [
    "SignatureDoesNotMatch",
    "InvalidSignatureException",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "IncompleteSignature",
    "ExpiredToken",
    "ExpiredTokenException",
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "AuthFailure",
];

/// `call` names the operation, as in "autoscaling:DescribeAutoScalingGroups".
pub fn describe<E>(call: &str, error: &SdkError<E, HttpResponse>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match error {
        SdkError::ServiceError(service) => {
            let inner = service.err();
            let raw = service.raw();
            let body = raw.body().bytes().map(String::from_utf8_lossy);
            // An answer the SDK could not parse (a proxy's, or an emulator's with the wrong
            // content type) still carries its code and message as text.
            let code = inner
                .code()
                .map(str::to_string)
                .or_else(|| body.as_deref().and_then(|b| tag(b, "Code")))
                .map_or_else(|| format!("HTTP {}", raw.status().as_u16()), |c| said(&c));
            let message = inner
                .message()
                .map(str::to_string)
                .or_else(|| body.as_deref().and_then(|b| tag(b, "Message")))
                .map_or_else(|| "no message".into(), |m| said(&m));
            let code = code.as_str();
            if AUTH_CODES.contains(&code) || raw.status().as_u16() == 403 {
                format!(
                    "{call}: authentication failed ({code}: {message}); check the access key, its secret and its permissions (profile, AWS_* variables)"
                )
            } else {
                format!("{call}: {code}: {message}")
            }
        }
        SdkError::TimeoutError(_) => format!("{call}: timed out"),
        SdkError::DispatchFailure(failure) => {
            let why = if failure.is_timeout() {
                "timed out connecting"
            } else if failure.is_io() {
                "cannot connect"
            } else {
                "request failed"
            };
            format!(
                "{call}: {why}: {}",
                said(&DisplayErrorContext(error).to_string())
            )
        }
        // Usually missing credentials or region: the context says which.
        _ => format!("{call}: {}", said(&DisplayErrorContext(error).to_string())),
    }
}

/// Text from the SDK or the wire, as it may be shown.
fn said(text: &str) -> String {
    quote(&redact(text), ERROR_QUOTE_CHARS)
}

/// The text of the first `<name>…</name>` in an XML body, or of `"name": "…"` in a JSON one.
fn tag(body: &str, name: &str) -> Option<String> {
    let xml = body
        .split_once(&format!("<{name}>"))
        .and_then(|(_, rest)| rest.split_once(&format!("</{name}>")))
        .map(|(text, _)| text.trim().to_string());
    let json = || {
        let key = format!("\"{}\"", name.to_lowercase());
        let lower = body.to_lowercase();
        let at = lower.find(&key)? + key.len();
        let rest = body[at..].trim_start().strip_prefix(':')?.trim_start();
        let rest = rest.strip_prefix('"')?;
        rest.split_once('"').map(|(text, _)| text.to_string())
    };
    xml.or_else(json).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::tag;

    #[test]
    fn codes_and_messages_are_read_from_bodies_the_sdk_could_not_parse() {
        let xml = "<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>bad token</Message></Error></ErrorResponse>";
        assert_eq!(tag(xml, "Code").as_deref(), Some("InvalidClientTokenId"));
        assert_eq!(tag(xml, "Message").as_deref(), Some("bad token"));
        let json =
            r#"{"__type": "x", "message": "The request signature we calculated does not match"}"#;
        assert_eq!(
            tag(json, "Message").as_deref(),
            Some("The request signature we calculated does not match")
        );
        assert_eq!(tag("<html>oops</html>", "Code"), None);
    }
}
