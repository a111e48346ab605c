//! Alertmanager v2 answers (`/api/v2/alerts`): a bare array of alerts with their status.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opsconsole::sources::prometheus::decode;

fuzz_target!(|body: &[u8]| {
    let _ = decode::decode_alertmanager_alerts(body);
});
