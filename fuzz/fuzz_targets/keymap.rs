//! A user keymap file over each preset: sections, action names, key chords and conflicts.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use opsconsole::input::keymap::Keymap;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The first byte picks the preset the file overrides; the byte is part of the file too.
    let preset = Keymap::PRESETS[usize::from(data.first().copied().unwrap_or(0) & 1)];
    let user = Some((Path::new("keymap.toml"), text));
    match Keymap::from_text(preset, user) {
        Ok(keymap) => {
            for action in opsconsole::app::Action::ALL {
                let _ = keymap.describe_keys(*action);
            }
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
});
