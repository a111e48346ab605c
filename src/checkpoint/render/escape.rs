//! Report strings as literal text: names, notes and targets come from config files and
//! servers and may hold `<`, `&`, quotes, pipes or asterisks, which must show, not act; and
//! control or bidi characters, which the sanitiser shows as escapes (`\x1b`) in every format.

use crate::domain::remote_text::clean;

/// For HTML text and attribute values: `&`, `<`, `>` and both quotes become entities.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// For Markdown: one line, with what a wiki would read as markup (emphasis, code, links, table
/// pipes, HTML tags) backslash-escaped.
pub fn markdown(s: &str) -> String {
    let one_line: String = s
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let cleaned = clean(&one_line);
    let mut out = String::with_capacity(cleaned.len());
    let mut chars = cleaned.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            // `< 475 ms` stays as it is; `<b` or `</` could open a tag.
            '<' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || "/!?".contains(*n)) =>
            {
                out.push_str("\\<");
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_markup_becomes_text() {
        assert_eq!(
            html("<script>a('x') & \"b\"</script>"),
            "&lt;script&gt;a(&#39;x&#39;) &amp; &quot;b&quot;&lt;/script&gt;"
        );
        assert_eq!(html("≥ 99.9 %"), "≥ 99.9 %");
    }

    #[test]
    fn markdown_markup_becomes_text() {
        assert_eq!(markdown("< 475 ms"), "< 475 ms");
        assert_eq!(
            markdown("<b>x</b> [a](b) `c` a_b *d* |"),
            "\\<b>x\\</b> \\[a\\](b) \\`c\\` a\\_b \\*d\\* \\|"
        );
        assert_eq!(markdown("two\nlines"), "two lines");
    }

    #[test]
    fn control_and_bidi_characters_show_as_escapes() {
        let hostile = "a\x1b]52;c;aGk=\x07b\u{202e}c\u{9b}";
        assert_eq!(html(hostile), "a\\x1b]52;c;aGk=\\x07b\\u202ec\\u009b");
        assert_eq!(
            markdown(hostile),
            "a\\\\x1b\\]52;c;aGk=\\\\x07b\\\\u202ec\\\\u009b"
        );
    }
}
