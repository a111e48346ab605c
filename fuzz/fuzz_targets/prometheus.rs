//! Prometheus HTTP API answers: every decoder (query, alerts, rules, targets) and the reader
//! of error bodies gets each input, as a misdirected or hostile server could send any body to
//! any request.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opsconsole::sources::prometheus::decode;

fuzz_target!(|body: &[u8]| {
    let _ = decode::decode_query(body);
    let _ = decode::decode_alerts(body);
    let _ = decode::decode_rules(body);
    let _ = decode::decode_targets(body);
    let _ = decode::error_body_message(body);
});
