//! The redactor. The input's first two lines are secrets, the rest a text that may hold them,
//! their encodings and credential headers. Property: a secret of four characters or more never
//! survives redaction.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opsconsole::domain::redact::Secrets;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let mut lines = input.splitn(3, '\n');
    let (Some(first), Some(second), Some(text)) = (lines.next(), lines.next(), lines.next()) else {
        return;
    };
    // A fresh set per input, as the process-wide one would keep growing.
    let mut secrets = Secrets::new();
    secrets.add(first);
    secrets.add(second);
    let redacted = secrets.redact(text);
    for secret in [first, second] {
        if secret.chars().count() >= 4 {
            assert!(!redacted.contains(secret), "{secret:?} in {redacted:?}");
        }
    }
});
