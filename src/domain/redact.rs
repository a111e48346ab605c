//! The one redaction point. Every secret the console holds (endpoint tokens and passwords,
//! runbook secrets, cloud keys from the environment) is registered here with the forms it may
//! take in text: the encodings the console itself produces from it (HTTP Basic's base64 of
//! `user:password`, URL percent-encoding), base64 at any alignment (a secret inside a longer
//! encoded text), JSON escaping and the text reversed. Every surface that writes text (screen,
//! logs, audit, reports, `snapshot`, `check`, `describe`, runbook output) passes it through
//! [`redact`]. Credential headers quoted back by a server are blanked too, whatever their
//! value, since a proxy may echo a credential the console never held.

use std::borrow::Cow;
use std::sync::{LazyLock, RwLock};

use regex::Regex;

/// What a redacted secret reads as.
pub const MASK: &str = "***";

/// Secrets shorter than this are not registered: masking every "ab" would garble output
/// without protecting anything.
const MIN_SECRET_CHARS: usize = 4;

/// Base64 fragments shorter than this are not registered: they would match ordinary words.
const MIN_FRAGMENT_CHARS: usize = 8;

/// The secrets of this process.
static SECRETS: RwLock<Secrets> = RwLock::new(Secrets::new());

/// `Authorization: Basic …`, `Cookie: a=b; c=d`, `"x-api-key":"…"`, `{"Authorization":["…"]}`
/// (Go's header map), `api_key=…`, `"token": "…"`: the name of a credential header or
/// parameter, and its value: an optional scheme word and one token (or `;`-separated cookie
/// pairs). Not to the end of the line: quoted on one line, the text after it stays readable.
static CREDENTIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)((?:proxy-)?authorization|set-cookie|cookie|x-api-key|api[-_]?key|token|x-amz-security-token|password|passwd|secret)(["']?[ \t]*[:=][ \t]*\[?[ \t]*["']?)((?:[a-z][\w-]*[ \t]+)?[^\s"'&,;}\]]+(?:;[ \t]*[^\s"'&,;}\]]+)*)"#,
    )
    .expect("the credential pattern is valid")
});

/// Secrets and their forms, longest first so a longer form is masked whole. The console keeps
/// one set for the whole process, behind [`register`] and [`redact`]; the fuzz target keeps
/// its own per input.
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

    /// Adds `secret` and the forms it may take in text.
    pub fn add(&mut self, secret: &str) {
        if secret.chars().count() < MIN_SECRET_CHARS {
            return;
        }
        let mut forms = vec![
            secret.to_string(),
            secret.chars().rev().collect(),
            percent_encode(secret, false),
            percent_encode(secret, true),
            json_escape(secret),
        ];
        for alphabet in [STANDARD, URL_SAFE] {
            forms.push(base64(secret.as_bytes(), alphabet));
            forms.extend(base64_fragments(secret.as_bytes(), alphabet));
        }
        for form in forms {
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
        // never forms a new header value. Each pass shortens the text (a form has 4 or more
        // bytes, the mask 3), so the loop ends.
        let mut out = CREDENTIAL.replace_all(text, |caps: &regex::Captures<'_>| {
            let value = &caps[3];
            // Already masked (a plan's "Bearer ••••••"): nothing to hide.
            let masked = value
                .split_whitespace()
                .last()
                .is_some_and(|word| word.chars().all(|c| c == '*' || c == '•'));
            let value = if masked { value } else { MASK };
            format!("{}{}{value}", &caps[1], &caps[2])
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
/// carry a secret; upper- or lower-case hex digits, as encoders differ.
fn percent_encode(text: &str, lower: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            _ if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) => out.push(byte as char),
            _ if lower => out.push_str(&format!("%{byte:02x}")),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The text inside a JSON string literal: a secret with quotes or backslashes echoed in JSON.
fn json_escape(text: &str) -> String {
    let quoted = serde_json::to_string(text).unwrap_or_default();
    quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or(text)
        .to_string()
}

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64 with padding, as HTTP Basic uses.
fn base64(bytes: &[u8], alphabet: &[u8; 64]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(alphabet[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The characters that encode only `bytes` when they sit at each of the three offsets of a
/// longer base64 text (`echo "x$SECRET" | base64`): whatever surrounds them, these appear.
fn base64_fragments(bytes: &[u8], alphabet: &[u8; 64]) -> Vec<String> {
    (0..3)
        .filter_map(|shift| {
            let mut shifted = vec![0; shift];
            shifted.extend_from_slice(bytes);
            let encoded = base64(&shifted, alphabet);
            // Characters wholly inside the secret's bits: from the first one past the
            // `shift` leading bytes to the last one before its end.
            let from = (8 * shift).div_ceil(6);
            let to = 8 * (shift + bytes.len()) / 6;
            let fragment = encoded.get(from..to)?;
            (fragment.len() >= MIN_FRAGMENT_CHARS).then(|| fragment.to_string())
        })
        .collect()
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
            assert_eq!(base64(plain.as_bytes(), STANDARD), encoded);
        }
        // The probe's leaked header.
        assert_eq!(
            base64(b"ops:PWSEKRIT-55aa", STANDARD),
            "b3BzOlBXU0VLUklULTU1YWE="
        );
        assert_eq!(base64(&[0xfb, 0xff], URL_SAFE), "-_8=");
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
        // Folded onto one line (an error quoted back), the rest stays readable.
        let folded = "you sent: authorization: Bearer abc.def accept: */* cookie: a=1; b=2 host: x";
        assert_eq!(
            redact(folded),
            "you sent: authorization: *** accept: */* cookie: *** host: x"
        );
        assert_eq!(
            redact("GET /q?api_key=s3cr3t&x=1"),
            "GET /q?api_key=***&x=1"
        );
        // Go's `json.Marshal(r.Header)`: every value is an array.
        let go = r#"{"Authorization":["Basic dXNlcjpvdGhlcg=="],"X-Auth-Token":[ "abc123" ]}"#;
        let redacted = redact(go);
        assert!(!redacted.contains("dXNlcjpvdGhlcg"), "{redacted}");
        assert!(!redacted.contains("abc123"), "{redacted}");
    }

    #[test]
    fn a_value_already_masked_is_left_as_shown() {
        let plan = "header Authorization: Bearer •••••• then token: *** and Cookie: ***";
        assert_eq!(redact(plan), plan);
    }

    #[test]
    fn masks_the_secret_inside_longer_encoded_text_and_reversed() {
        let secret = "QuietRiver-7731";
        register(secret);
        for prefix in ["", "x", "xy", "key=", "token: "] {
            let text = format!("{prefix}{secret}\n");
            for alphabet in [STANDARD, URL_SAFE] {
                let encoded = base64(text.as_bytes(), alphabet);
                let redacted = redact(&encoded);
                assert!(
                    redacted.contains(MASK),
                    "{prefix:?}: {encoded} -> {redacted}"
                );
                // At most two characters at each end may carry a few of the secret's bits.
                let left = redacted.replace(MASK, "");
                assert!(left.len() <= 4 + base64(prefix.as_bytes(), alphabet).len() + 4);
            }
        }
        let reversed: String = secret.chars().rev().collect();
        assert_eq!(redact(&format!("<{reversed}>")), "<***>");
    }

    #[test]
    fn masks_json_escaped_and_lower_case_percent_forms() {
        register(r#"pa"ss\wörd/1"#);
        assert_eq!(redact(r#"{"echo":"pa\"ss\\wörd/1"}"#), r#"{"echo":"***"}"#);
        assert_eq!(redact("q=pa%22ss%5cw%c3%b6rd%2f1"), "q=***");
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
