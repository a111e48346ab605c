//! One run per runbook and target at a time, across every console on the host: an exclusive
//! lock on `<state>/locks/<runbook>@<target>.lock`. The OS drops it when the holder exits,
//! even on SIGKILL, so a crash never leaves a stale lock behind.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct RunLock {
    _file: File,
}

pub fn lock_path(state_dir: &Path, runbook: &str, target: &str) -> PathBuf {
    let safe: String = format!("{runbook}@{target}")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "@-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    state_dir.join("locks").join(format!("{safe}.lock"))
}

impl RunLock {
    pub fn acquire(state_dir: &Path, runbook: &str, target: &str) -> Result<Self, String> {
        let path = lock_path(state_dir, runbook, target);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(TryLockError::WouldBlock) => Err(format!(
                "{runbook} on {target} is already running (locked by another run)"
            )),
            Err(TryLockError::Error(e)) => Err(format!("cannot lock {}: {e}", path.display())),
        }
    }

    /// Whether some process holds the lock now (a run in progress), without taking it for long.
    pub fn held(state_dir: &Path, runbook: &str, target: &str) -> bool {
        Self::acquire(state_dir, runbook, target).is_err()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_run_on_the_same_target_is_refused_until_the_first_ends() {
        let dir = std::env::temp_dir().join(format!("opsconsole-lock-{}", std::process::id()));
        let first = RunLock::acquire(&dir, "scale-out", "web").expect("free");
        let second = RunLock::acquire(&dir, "scale-out", "web").expect_err("held");
        assert!(second.contains("already running"), "{second}");
        assert!(
            RunLock::acquire(&dir, "scale-out", "worker").is_ok(),
            "other target"
        );
        assert!(RunLock::held(&dir, "scale-out", "web"));
        drop(first);
        assert!(!RunLock::held(&dir, "scale-out", "web"));
        assert!(lock_path(&dir, "a", "../x y").ends_with("a@.._x_y.lock"));
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
