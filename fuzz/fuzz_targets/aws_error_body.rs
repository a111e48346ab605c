//! AWS error bodies the SDK could not parse (XML or JSON, from a proxy or an emulator): the
//! code and message read from them as text. Property: what is read is part of the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opsconsole::sources::aws::error_body;

fuzz_target!(|data: &[u8]| {
    // As the error path reads the raw body.
    let body = String::from_utf8_lossy(data);
    for name in ["Code", "Message"] {
        if let Some(text) = error_body::field(&body, name) {
            assert!(!text.is_empty() && body.contains(&text), "{name}: {text:?}");
        }
    }
});
