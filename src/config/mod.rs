//! Finding and validating the user's files. Policy: a file the user named explicitly
//! (`--config`, `--theme`, `--keymap`) must be good or the console refuses to start; a bad file
//! in the default location falls back to built-ins *and* says so in a banner inside the console,
//! never silently.

mod paths;
mod settings;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub use paths::{Paths, PathsEnv, describe_paths};
pub use settings::{DemoSettings, Settings, check_speed, parse_duration};

use crate::cli::ConsoleArgs;
use crate::diagnostic::FileError;
use crate::input::keymap::Keymap;
use crate::ui::theme::Theme;

pub const SAMPLE: &str = include_str!("../../config.example.toml");

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0}")]
    File(#[from] FileError),
    #[error("{0}")]
    Invalid(String),
}

pub struct Config {
    pub paths: Paths,
    pub settings: Settings,
    pub theme: Theme,
    pub keymap: Keymap,
    /// Problems with files in default locations; shown in the console's banner.
    pub warnings: Vec<String>,
}

/// Environment facts that change the outcome, passed in so tests need not set variables.
#[derive(Debug, Clone, Default)]
pub struct LoadEnv {
    pub paths: PathsEnv,
    pub no_color: bool,
}

impl LoadEnv {
    pub fn from_process() -> Self {
        Self {
            paths: PathsEnv::from_process(),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        }
    }
}

pub fn load(args: &ConsoleArgs) -> Result<Config, ConfigError> {
    load_with(args, &LoadEnv::from_process())
}

pub fn load_with(args: &ConsoleArgs, env: &LoadEnv) -> Result<Config, ConfigError> {
    let paths = Paths::resolve_with(args, &env.paths);
    let mut warnings = Vec::new();
    let mut settings = match read_settings(&paths) {
        Ok(settings) => settings,
        Err(error) if paths.config_file_explicit => return Err(error.into()),
        Err(error) => {
            warnings.push(format!("{error} (built-in defaults in use)"));
            Settings::default()
        }
    };
    apply_flags(&mut settings, args)?;

    let theme_name = args
        .theme
        .clone()
        .or_else(|| env.no_color.then(|| "mono".to_string()))
        .or_else(|| settings.theme.clone())
        .unwrap_or_else(|| "dark".into());
    let theme = match Theme::load(&theme_name, Some(&paths.themes_dir)) {
        Ok(theme) => theme,
        Err(error) if args.theme.is_some() => return Err(error.into()),
        Err(error) => {
            let fallback = if env.no_color { "mono" } else { "dark" };
            warnings.push(format!("{error} (built-in theme {fallback} in use)"));
            Theme::load(fallback, None)?
        }
    };

    let preset = settings.keymap.clone().unwrap_or_else(|| "default".into());
    let user_keymap = paths
        .keymap_file
        .is_file()
        .then_some(paths.keymap_file.as_path());
    let keymap = match Keymap::load(&preset, user_keymap) {
        Ok(keymap) => keymap,
        Err(error) if args.keymap.is_some() && user_keymap.is_none() => return Err(error.into()),
        Err(error) => {
            warnings.push(format!("{error} (built-in default keymap in use)"));
            Keymap::load("default", None)?
        }
    };
    settings.theme = Some(theme_name);
    settings.keymap = Some(preset);
    Ok(Config {
        paths,
        settings,
        theme,
        keymap,
        warnings,
    })
}

fn read_settings(paths: &Paths) -> Result<Settings, FileError> {
    let path = &paths.config_file;
    match std::fs::read_to_string(path) {
        Ok(text) => Settings::parse(path, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !paths.config_file_explicit => {
            Ok(Settings::default())
        }
        Err(e) => Err(FileError::whole_file(
            path,
            format!("cannot read config: {e}"),
        )),
    }
}

fn apply_flags(settings: &mut Settings, args: &ConsoleArgs) -> Result<(), ConfigError> {
    settings.ascii |= args.ascii;
    if args.keymap.is_some() {
        settings.keymap.clone_from(&args.keymap);
    }
    if args.seed.is_some() {
        settings.demo.seed = args.seed;
    }
    if let Some(speed) = args.speed {
        settings.demo.speed =
            check_speed(speed).map_err(|m| ConfigError::Invalid(format!("--speed: {m}")))?;
    }
    Ok(())
}

/// Writes the commented sample config; refuses to overwrite unless `force`.
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

/// Validates the config file, every user theme and the keymap; reports every error found.
pub fn check(args: &ConsoleArgs) -> (Vec<FileError>, String) {
    check_with(args, &LoadEnv::from_process())
}

pub fn check_with(args: &ConsoleArgs, env: &LoadEnv) -> (Vec<FileError>, String) {
    let paths = Paths::resolve_with(args, &env.paths);
    let mut errors = Vec::new();
    let mut report = String::new();
    let mut note =
        |result: Result<(), FileError>, what: &str, errors: &mut Vec<FileError>| match result {
            Ok(()) => {
                let _ = writeln!(report, "ok     {what}");
            }
            Err(error) => {
                let _ = writeln!(report, "error  {error}");
                errors.push(error);
            }
        };
    let settings = read_settings(&paths);
    note(
        settings.as_ref().map(|_| ()).map_err(Clone::clone),
        &paths.config_file.display().to_string(),
        &mut errors,
    );
    let settings = settings.unwrap_or_default();
    let mut themes: Vec<String> = user_theme_names(&paths.themes_dir);
    themes.push(
        args.theme
            .clone()
            .or_else(|| settings.theme.clone())
            .unwrap_or_else(|| "dark".into()),
    );
    themes.sort();
    themes.dedup();
    for name in themes {
        note(
            Theme::load(&name, Some(&paths.themes_dir)).map(|_| ()),
            &format!("theme {name}"),
            &mut errors,
        );
    }
    let preset = args
        .keymap
        .clone()
        .or(settings.keymap)
        .unwrap_or_else(|| "default".into());
    let user_keymap = paths
        .keymap_file
        .is_file()
        .then_some(paths.keymap_file.as_path());
    note(
        Keymap::load(&preset, user_keymap).map(|_| ()),
        &format!(
            "keymap {preset}{}",
            user_keymap
                .map(|p| format!(" + {}", p.display()))
                .unwrap_or_default()
        ),
        &mut errors,
    );
    let _ = writeln!(report, "{} error(s)", errors.len());
    (errors, report)
}

fn user_theme_names(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect()
}
