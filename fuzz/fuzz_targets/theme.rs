//! User theme files, through the real loader and a real themes directory: the input is
//! `fuzzed.toml`, and what follows a line `#---` is `dark.toml`, a user override of the
//! built-in that `fuzzed` may extend (so chains, overrides and cycles between files are
//! reached).
#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use opsconsole::ui::theme::{Role, Theme};

/// One directory per process, so parallel jobs do not read each other's files.
static DIR: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = std::env::temp_dir().join(format!("opsconsole-fuzz-theme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary themes directory");
    dir
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (fuzzed, dark) = text.split_once("\n#---\n").unwrap_or((text, ""));
    std::fs::write(DIR.join("fuzzed.toml"), fuzzed).expect("write fuzzed.toml");
    std::fs::write(DIR.join("dark.toml"), dark).expect("write dark.toml");
    for name in ["fuzzed", "dark"] {
        match Theme::load(name, Some(&DIR)) {
            Ok(theme) => {
                for role in Role::ALL {
                    let _ = theme.style(*role);
                }
            }
            Err(error) => {
                let _ = error.to_string();
            }
        }
    }
});
