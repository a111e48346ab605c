//! A user runbook file: the TOML schema, parameters, secrets, steps, conditions and the checks
//! that need the whole runbook (placeholders, targets, limits).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use opsconsole::domain::runbook::Origin;
use opsconsole::runbook::catalog;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("runbooks/fuzzed.toml");
    if let Err(error) = catalog::parse(path, text, Origin::File(path.to_path_buf())) {
        let _ = error.to_string();
    }
});
