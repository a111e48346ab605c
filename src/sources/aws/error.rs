//! SDK errors as one line an operator can act on: which call, what AWS said, and for
//! authentication failures what to check. Never the credentials themselves.

use aws_sdk_autoscaling::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

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
pub fn describe<E, R>(call: &str, error: &SdkError<E, R>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match error {
        SdkError::ServiceError(service) => {
            let inner = service.err();
            let code = inner.code().unwrap_or("error");
            let message = inner.message().unwrap_or("no message");
            if AUTH_CODES.contains(&code) {
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
            format!("{call}: {why}: {}", DisplayErrorContext(error))
        }
        // Usually missing credentials or region: the context says which.
        _ => format!("{call}: {}", DisplayErrorContext(error)),
    }
}
