//! Remote text is data. Label values, annotations, error bodies, command output and cloud
//! messages come from servers we do not control; this is the one sanitiser they pass through
//! where they enter the domain, so no surface (terminal, text, Markdown, HTML, JSON) can be
//! driven by them. Control characters (C0, DEL, C1), bidi controls and invisible formatting
//! become visible escapes (`\x1b`, `\u202e`): an operator sees that something odd was sent
//! instead of having it act on their terminal or reorder a row.

use std::borrow::Cow;

/// How many characters of an error body a status line quotes back.
pub const ERROR_QUOTE_CHARS: usize = 240;

/// Whether `c` may not reach a surface as itself.
pub fn is_hostile(c: char) -> bool {
    c.is_control()
        || matches!(c,
            // bidi embeddings, overrides and isolates; Arabic letter mark
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}'
            // zero-width space/joiners, LRM/RLM, line and paragraph separators
            | '\u{200b}'..='\u{200f}' | '\u{2028}' | '\u{2029}'
            // word joiner and invisible operators, deprecated format controls, BOM
            | '\u{2060}'..='\u{2064}' | '\u{206a}'..='\u{206f}' | '\u{feff}'
            // interlinear annotation and tag characters
            | '\u{fff9}'..='\u{fffb}' | '\u{e0000}'..='\u{e007f}')
}

/// `text` with every hostile character shown as an escape; borrowed when nothing changes.
pub fn clean(text: &str) -> Cow<'_, str> {
    // Printable ASCII, by far the usual case (label values decode in a hot path), is checked
    // byte by byte before the full test.
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) || !text.chars().any(is_hostile) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_visible(&mut out, c);
    }
    Cow::Owned(out)
}

/// Like [`clean`], for text of several lines (command output, descriptions): line breaks
/// (`\n`, and `\r\n` as `\n`) stay; a lone carriage return, which could overwrite a line, and
/// everything else hostile is escaped.
pub fn clean_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_hostile(c)) {
        return Cow::Borrowed(text);
    }
    let lines: Vec<Cow<'_, str>> = text
        .split('\n')
        .map(|line| clean(line.strip_suffix('\r').unwrap_or(line)))
        .collect();
    Cow::Owned(lines.join("\n"))
}

/// [`clean`] into an owned string, for decoders that already own the text.
pub fn clean_owned(text: String) -> String {
    match clean(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(cleaned) => cleaned,
    }
}

/// A server's words quoted back on one line: cleaned, white space folded, and cut to
/// `max_chars` with "..." so a large body cannot flood a status line or a report.
pub fn quote(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    // Word by word, stopping once past the limit: an 8 MiB error body costs its first words.
    for word in text.split_whitespace() {
        if chars > max_chars {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        let word = clean(word);
        chars += word.chars().count();
        out.push_str(&word);
    }
    if chars <= max_chars {
        return out;
    }
    // The dots count towards the limit too, so a limit under 3 holds (found by fuzzing).
    let dots = max_chars.min(3);
    let mut cut: String = out.chars().take(max_chars - dots).collect();
    cut.push_str(&"..."[..dots]);
    cut
}

fn push_visible(out: &mut String, c: char) {
    use std::fmt::Write as _;
    let code = u32::from(c);
    let _ = match c {
        _ if !is_hostile(c) => {
            out.push(c);
            Ok(())
        }
        _ if code < 0x80 => write!(out, "\\x{code:02x}"),
        _ if code <= 0xffff => write!(out, "\\u{code:04x}"),
        _ => write!(out, "\\U{code:08x}"),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_would_drive_a_terminal() {
        assert_eq!(clean("a\x1b]52;c;aGk=\x07b"), "a\\x1b]52;c;aGk=\\x07b");
        assert_eq!(clean("\x1b[2Jx\r\n\t\x7f"), "\\x1b[2Jx\\x0d\\x0a\\x09\\x7f");
        assert_eq!(clean("csi\u{9b}31m"), "csi\\u009b31m");
        assert_eq!(clean("abc\u{202e}fed"), "abc\\u202efed");
        assert_eq!(
            clean("\u{2066}x\u{2069}\u{200b}\u{feff}"),
            "\\u2066x\\u2069\\u200b\\ufeff"
        );
        assert_eq!(clean("tag\u{e0041}"), "tag\\U000e0041");
    }

    #[test]
    fn leaves_ordinary_text_borrowed() {
        for text in [
            "checkout",
            "p99 > 475ms",
            "Zürich · 東京 ✓",
            "a\\x1b stays as typed",
        ] {
            assert!(matches!(clean(text), Cow::Borrowed(t) if t == text));
        }
    }

    #[test]
    fn clean_lines_keeps_line_breaks_only() {
        assert_eq!(clean_lines("one\r\ntwo\x1b[0m\n"), "one\ntwo\\x1b[0m\n");
        assert_eq!(clean_lines("over\rwrite\n"), "over\\x0dwrite\n");
        assert!(matches!(clean_lines("a\nb\n"), Cow::Borrowed("a\nb\n")));
    }

    #[test]
    fn quote_folds_cleans_and_cuts() {
        assert_eq!(quote("  bad\n\n gateway\x1b ", 100), "bad gateway\\x1b");
        let long = "x".repeat(1000);
        let quoted = quote(&long, 20);
        assert_eq!(quoted.len(), 20);
        assert!(quoted.ends_with("..."));
    }

    #[test]
    fn quote_never_exceeds_a_limit_below_the_dots() {
        assert_eq!(quote("abcdef", 4), "a...");
        assert_eq!(quote("abcdef", 2), "..");
        assert_eq!(quote("abcdef", 0), "");
        assert_eq!(quote("ab", 2), "ab");
    }

    #[test]
    fn output_never_holds_a_hostile_character() {
        let every: String = (0u32..0x3000)
            .chain(0xe0000..0xe0080)
            .filter_map(char::from_u32)
            .collect();
        assert!(!clean(&every).chars().any(is_hostile));
        assert!(
            !clean_lines(&every)
                .chars()
                .any(|c| c != '\n' && is_hostile(c))
        );
    }
}
