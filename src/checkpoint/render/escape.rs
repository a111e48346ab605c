//! Report strings as literal text: names, notes and targets come from config files and
//! servers and may hold `<`, `&`, quotes, pipes or asterisks, which must show, not act.

/// For HTML text and attribute values: `&`, `<`, `>` and both quotes become entities.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
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
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
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
            '\n' | '\r' | '\t' => out.push(' '),
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
}
