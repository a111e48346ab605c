//! Report strings as literal text: names, notes and targets come from config files and
//! servers and may hold `<`, `&`, quotes, pipes or asterisks, which must show, not act.

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
    fn markdown_markup_becomes_text() {
        assert_eq!(markdown("< 475 ms"), "< 475 ms");
        assert_eq!(
            markdown("<b>x</b> [a](b) `c` a_b *d* |"),
            "\\<b>x\\</b> \\[a\\](b) \\`c\\` a\\_b \\*d\\* \\|"
        );
        assert_eq!(markdown("two\nlines"), "two lines");
    }
}
