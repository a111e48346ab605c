//! Helpers for the user-file tests: fixtures, throw-away config dirs, explicit environments.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use opsconsole::config::{LoadEnv, PathsEnv};

pub fn fixture(name: &str) -> PathBuf {
    Path::new("tests/fixtures/invalid").join(name)
}

/// A fresh config dir under the system temp dir, unique per test.
pub fn config_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("opsconsole-test-{}-{test}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("themes")).expect("temp dir");
    dir
}

pub fn env_for(dir: &Path, no_color: bool) -> LoadEnv {
    LoadEnv {
        paths: PathsEnv {
            config_dir: Some(dir.to_path_buf()),
            state_dir: Some(dir.join("state")),
            ..PathsEnv::default()
        },
        no_color,
    }
}

pub fn error_text(result: Result<impl Sized, impl ToString>) -> String {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}
