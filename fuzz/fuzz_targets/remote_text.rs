//! The sanitiser every remote text passes through. Properties: `clean` leaves no hostile
//! character (and changes nothing when there is none), `clean_lines` none but line breaks,
//! `quote` none either and never more characters than asked for.
#![no_main]

use std::borrow::Cow;

use libfuzzer_sys::fuzz_target;
use opsconsole::domain::remote_text::{clean, clean_lines, is_hostile, quote};

fuzz_target!(|data: &[u8]| {
    // The first byte is the quote's length limit; the rest, as a lossy decoder would see it.
    let Some((&limit, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let cleaned = clean(&text);
    assert!(!cleaned.chars().any(is_hostile), "{cleaned:?}");
    if !text.chars().any(is_hostile) {
        assert!(matches!(cleaned, Cow::Borrowed(t) if t == text));
    }
    let lines = clean_lines(&text);
    assert!(
        !lines.chars().any(|c| c != '\n' && is_hostile(c)),
        "{lines:?}"
    );
    let limit = usize::from(limit);
    let quoted = quote(&text, limit);
    assert!(quoted.chars().count() <= limit, "{limit}: {quoted:?}");
    assert!(!quoted.chars().any(is_hostile), "{quoted:?}");
});
