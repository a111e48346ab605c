//! Reading an AWS error body the SDK could not parse (a proxy's, or an emulator's with the
//! wrong content type): its code and message as text. Plain string work, outside the `aws`
//! feature, so the fuzz targets reach it without building the SDK.

/// The text of the first `<name>…</name>` in an XML body, or of `"name": "…"` in a JSON one.
pub fn field(body: &str, name: &str) -> Option<String> {
    let xml = body
        .split_once(&format!("<{name}>"))
        .and_then(|(_, rest)| rest.split_once(&format!("</{name}>")))
        .map(|(text, _)| text.trim().to_string());
    let json = || {
        // ASCII folding keeps byte offsets: full Unicode lowercasing changes lengths ('İ'
        // grows), and an offset into it would cut `body` inside a character (found by fuzzing).
        let key = format!("\"{}\"", name.to_ascii_lowercase());
        let lower = body.to_ascii_lowercase();
        let at = lower.find(&key)? + key.len();
        let rest = body[at..].trim_start().strip_prefix(':')?.trim_start();
        let rest = rest.strip_prefix('"')?;
        rest.split_once('"').map(|(text, _)| text.to_string())
    };
    xml.or_else(json).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn codes_and_messages_are_read_from_bodies_the_sdk_could_not_parse() {
        let xml = "<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>bad token</Message></Error></ErrorResponse>";
        assert_eq!(field(xml, "Code").as_deref(), Some("InvalidClientTokenId"));
        assert_eq!(field(xml, "Message").as_deref(), Some("bad token"));
        let json =
            r#"{"__type": "x", "message": "The request signature we calculated does not match"}"#;
        assert_eq!(
            field(json, "Message").as_deref(),
            Some("The request signature we calculated does not match")
        );
        assert_eq!(field("<html>oops</html>", "Code"), None);
    }

    #[test]
    fn letters_that_change_length_when_lowercased_do_not_cut_the_body() {
        assert_eq!(field("İİİİ\"code\"", "Code"), None);
        assert_eq!(
            field("İstek \"message\": \"reddedildi\"", "Message").as_deref(),
            Some("reddedildi")
        );
        assert_eq!(
            field("\u{212a}\"code\":\"é\"", "Code").as_deref(),
            Some("é")
        );
    }
}
