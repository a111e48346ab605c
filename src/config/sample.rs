//! `config init`: the commented sample, embedded so the binary can write it anywhere.

use std::path::PathBuf;

use super::{ConfigError, Paths};

/// `config.example.toml`: every setting, commented, with its default.
pub const SAMPLE: &str = include_str!("../../config.example.toml");

/// Writes the sample to the config file, creating directories; refuses to overwrite unless
/// `force`, so a tuned config is never lost to a stray `init`.
pub fn init(paths: &Paths, force: bool) -> Result<PathBuf, ConfigError> {
    let path = &paths.config_file;
    if path.exists() && !force {
        return Err(ConfigError::Invalid(format!(
            "{} exists; use --force to overwrite",
            path.display()
        )));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| ConfigError::Invalid(format!("cannot create {}: {e}", dir.display())))?;
    }
    std::fs::write(path, SAMPLE)
        .map_err(|e| ConfigError::Invalid(format!("cannot write {}: {e}", path.display())))?;
    Ok(path.clone())
}
