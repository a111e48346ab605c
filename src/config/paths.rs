//! Where files live. Config: `OPSCONSOLE_CONFIG_DIR` > `$XDG_CONFIG_HOME/opsconsole` > the
//! platform's default; state (logs): `OPSCONSOLE_STATE_DIR` > `$XDG_STATE_HOME/opsconsole` >
//! the platform's default. XDG is honoured on every platform, where terminal users look.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use directories::ProjectDirs;

use crate::cli::ConsoleArgs;

/// The environment variables that decide the directories, passed explicitly so tests need
/// not mutate the process environment.
#[derive(Debug, Clone, Default)]
pub struct PathsEnv {
    pub config_dir: Option<PathBuf>,
    pub xdg_config_home: Option<PathBuf>,
    pub state_dir: Option<PathBuf>,
    pub xdg_state_home: Option<PathBuf>,
}

impl PathsEnv {
    pub fn from_process() -> Self {
        let var = |name| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        Self {
            config_dir: var("OPSCONSOLE_CONFIG_DIR"),
            xdg_config_home: var("XDG_CONFIG_HOME"),
            state_dir: var("OPSCONSOLE_STATE_DIR"),
            xdg_state_home: var("XDG_STATE_HOME"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub config_file: PathBuf,
    /// Named with --config or $OPSCONSOLE_CONFIG: then a missing or bad file is an error.
    pub config_file_explicit: bool,
    pub themes_dir: PathBuf,
    pub keymap_file: PathBuf,
    /// The user's runbooks, `*.toml`.
    pub runbooks_dir: PathBuf,
    pub state_dir: PathBuf,
    pub log_dir: PathBuf,
}

impl Paths {
    pub fn resolve(args: &ConsoleArgs) -> Self {
        Self::resolve_with(args, &PathsEnv::from_process())
    }

    pub fn resolve_with(args: &ConsoleArgs, env: &PathsEnv) -> Self {
        let project = ProjectDirs::from("", "", "opsconsole");
        let fallback = || std::env::temp_dir().join("opsconsole");
        let config_dir = env
            .config_dir
            .clone()
            .or_else(|| env.xdg_config_home.as_ref().map(|d| d.join("opsconsole")))
            .or_else(|| project.as_ref().map(|p| p.config_dir().to_path_buf()))
            .unwrap_or_else(fallback);
        let state_dir = env
            .state_dir
            .clone()
            .or_else(|| env.xdg_state_home.as_ref().map(|d| d.join("opsconsole")))
            .or_else(|| {
                project.as_ref().map(|p| {
                    p.state_dir()
                        .unwrap_or_else(|| p.data_local_dir())
                        .to_path_buf()
                })
            })
            .unwrap_or_else(fallback);
        Self {
            config_file: args
                .config
                .clone()
                .unwrap_or_else(|| config_dir.join("config.toml")),
            config_file_explicit: args.config.is_some(),
            themes_dir: config_dir.join("themes"),
            keymap_file: config_dir.join("keymap.toml"),
            runbooks_dir: config_dir.join("runbooks"),
            log_dir: state_dir.join("logs"),
            config_dir,
            state_dir,
        }
    }
}

pub fn describe_paths(paths: &Paths) -> String {
    let mark = |p: &Path| if p.exists() { "" } else { "  (not present)" };
    let mut out = String::new();
    for (label, path) in [
        ("config file", &paths.config_file),
        ("config dir", &paths.config_dir),
        ("themes dir", &paths.themes_dir),
        ("keymap override", &paths.keymap_file),
        ("runbooks", &paths.runbooks_dir),
        ("state dir", &paths.state_dir),
        ("log dir", &paths.log_dir),
    ] {
        let _ = writeln!(out, "{label:<16} {}{}", path.display(), mark(path));
    }
    out
}
