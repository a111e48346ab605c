//! The settings file (`config.toml`): environments, endpoints and their auth, panels, SLOs and
//! checkpoint criteria, every error located in the file.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use opsconsole::config::Settings;

fuzz_target!(|data: &[u8]| {
    // The loader reads the file as UTF-8 and refuses anything else before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(error) = Settings::parse(Path::new("config.toml"), text) {
        let _ = error.to_string();
    }
});
