//! User theme files, through the real loader and a real themes directory: the input is
//! `fuzzed.toml`, and what follows a line `#---` is `dark.toml`, a user override of the
//! built-in that `fuzzed` may extend (so chains, overrides and cycles between files are
//! reached).
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use opsconsole::ui::theme::{Role, Theme};

/// One directory per process, so parallel jobs do not read each other's files. In memory
/// where the system has it: on disk the writes, not the parser, would set the pace (888 against
/// 13,000 inputs a second here). Directories of processes that are gone are removed.
static DIR: LazyLock<PathBuf> = LazyLock::new(|| {
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let prefix = "opsconsole-fuzz-theme-";
    for entry in std::fs::read_dir(&base).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name.strip_prefix(prefix)
            && !Path::new("/proc").join(pid).exists()
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let dir = base.join(format!("{prefix}{}", std::process::id()));
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
