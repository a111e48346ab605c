//! The one redaction point. Every secret the console holds (endpoint tokens and passwords,
//! runbook secrets) is registered here with the encoded forms the console itself produces from
//! it (HTTP Basic's base64 of `user:password`, URL percent-encoding), and every surface that
//! writes text (screen, logs, audit, reports, `snapshot`, `check`, `describe`, runbook output)
//! passes it through [`redact`]. Credential headers quoted back by a server are blanked too,
//! whatever their value, since a proxy may echo a credential the console never held.

use std::borrow::Cow;
use std::sync::{LazyLock, RwLock};

use regex::Regex;

/// What a redacted secret reads as.
pub const MASK: &str = "***";

/// The secrets of this process.
static SECRETS: RwLock<Secrets> = RwLock::new(Secrets::new());

/// `Authorization: Basic …`, `Cookie: a=b; c=d`, `"x-api-key":"…"`, `api_key=…`: the name of a
/// credential header or parameter and its value, up to the end of the value.
static CREDENTIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)((?:proxy-)?authorization|set-cookie|cookie|x-api-key|api[-_]?key|access[-_]?token|x-amz-security-token|password|passwd|secret)(["']?\s*[:=]\s*["']?)([^"'\r\n&,}]*)"#,
    )
    .expect("the credential pattern is valid")
});

/// Secrets and their encodings, longest first so a longer form is masked whole. The console
/// keeps one for the whole process, behind [`register`] and [`redact`].
#[derive(Debug, Default)]
pub struct Secrets {
    needles: Vec<String>,
}

impl Secrets {
    pub const fn new() -> Self {
        Self {
            needles: Vec::new(),
        }
    }

    /// Adds `secret` and the forms it may take on the wire. Short texts (under 4 characters)
    /// are not added: masking every "ab" would garble output without protecting anything.
    pub fn add(&mut self, secret: &str) {
        if secret.chars().count() < 4 {
            return;
        }
        for form in [
            secret.to_string(),
            percent_encode(secret),
            base64(secret.as_bytes()),
        ] {
            if !self.needles.contains(&form) {
                self.needles.push(form);
            }
        }
        self.needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
    }

    /// `text` without any of these secrets (in any form) or credential header value.
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        // Header values first, then secrets until none is left: a mask beside other text can
        // spell a secret again ("pw**" in "pwpw**", found by fuzzing), while masking a secret
        // never forms a new header. Each pass shortens the text (a form has 4 bytes or more).
        let mut out = CREDENTIAL.replace_all(text, |caps: &regex::Captures<'_>| {
            let value = &caps[3];
            let masked = if value.trim().is_empty() { value } else { MASK };
            format!("{}{}{masked}", &caps[1], &caps[2])
        });
        while let Some(needle) = self.needles.iter().find(|n| out.contains(n.as_str())) {
            out = Cow::Owned(out.replace(needle.as_str(), MASK));
        }
        out
    }
}

/// Registers `secret` with the process's [`Secrets`] (see [`Secrets::add`]).
pub fn register(secret: &str) {
    SECRETS
        .write()
        .unwrap_or_else(|e| e.into_inner())
        .add(secret);
}

/// Registers HTTP Basic credentials: the password and the header value made from them.
pub fn register_basic(user: &str, password: &str) {
    register(password);
    register(&format!("{user}:{password}"));
}

/// `text` without any registered secret (in any registered form) or credential header value.
pub fn redact(text: &str) -> Cow<'_, str> {
    SECRETS
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .redact(text)
}

/// [`redact`] into an owned string.
pub fn redact_owned(text: String) -> String {
    match redact(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(redacted) => redacted,
    }
}

/// RFC 3986 percent-encoding of everything but unreserved characters, as a URL query would
/// carry a secret.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Standard base64 with padding, as HTTP Basic uses.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        // The probe's leaked header.
        assert_eq!(base64(b"ops:PWSEKRIT-55aa"), "b3BzOlBXU0VLUklULTU1YWE=");
    }

    #[test]
    fn masks_every_registered_form() {
        register_basic("ops", "PWSEKRIT-55aa");
        register("tok/en+with=chars");
        let text = "pw PWSEKRIT-55aa hdr b3BzOlBXU0VLUklULTU1YWE= url tok%2Fen%2Bwith%3Dchars \
                    raw tok/en+with=chars";
        let redacted = redact(text);
        for leaked in ["PWSEKRIT", "b3BzOlBXU0VLUklULTU1YWE", "tok%2Fen", "tok/en"] {
            assert!(!redacted.contains(leaked), "{leaked} in {redacted}");
        }
        assert_eq!(redacted.matches(MASK).count(), 4);
    }

    #[test]
    fn blanks_credential_headers_quoted_back() {
        let echoed =
            r#"{"headers":{"Authorization":"Basic dXNlcjpvdGhlcg==","Cookie":"sid=42; x=1"}}"#;
        let redacted = redact(echoed);
        assert!(!redacted.contains("dXNlcjpvdGhlcg"), "{redacted}");
        assert!(!redacted.contains("sid=42"), "{redacted}");
        let lines = "authorization: Bearer abc.def\nProxy-Authorization: Basic Zm9v\nok line";
        assert_eq!(
            redact(lines),
            "authorization: ***\nProxy-Authorization: ***\nok line"
        );
        assert_eq!(
            redact("GET /q?api_key=s3cr3t&x=1"),
            "GET /q?api_key=***&x=1"
        );
    }

    #[test]
    fn no_mask_spells_a_secret_again() {
        let mut secrets = Secrets::new();
        secrets.add("pw**");
        secrets.add("kie:***");
        for text in ["pwpw**", "pwpwpw***", "set-cookie:abc", "set-cookie: pw**"] {
            let redacted = secrets.redact(text);
            assert!(
                !redacted.contains("pw**") && !redacted.contains("kie:***"),
                "{text} -> {redacted}"
            );
        }
    }

    #[test]
    fn ordinary_text_is_untouched_and_short_secrets_ignored() {
        register("ab");
        let text = "HTTP 500: upstream lab about cabs";
        assert!(matches!(redact(text), Cow::Borrowed(t) if t == text));
    }
}
