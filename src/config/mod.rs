//! Finding and validating the user's files. Policy: a file the user named explicitly
//! (`--config`, `--theme`, `--keymap`) must be good or the console refuses to start; a bad file
//! in the default location falls back to built-ins *and* says so in a banner inside the console,
//! never silently.

mod auth;
mod aws;
mod azure;
mod check;
mod checkpoint;
mod environments;
mod objective_files;
mod paths;
mod sample;
mod settings;
mod slo_panels;
mod values;

use std::path::Path;

pub use check::{check, check_with};
pub use environments::{DEMO, EnvironmentConfig, SourceConfig};
pub use paths::{Paths, PathsEnv, describe_paths};
pub use sample::{SAMPLE, init};
pub use settings::{DEFAULT_SEED, DemoSettings, Settings, check_speed};

use crate::cli::ConsoleArgs;
use crate::diagnostic::FileError;
use crate::input::keymap::Keymap;
use crate::ui::theme::Theme;

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
    pub runbooks: crate::runbook::catalog::Catalog,
    /// Problems with files in default locations; shown in the console's banner.
    pub warnings: Vec<String>,
}

impl Config {
    /// When a headless command looks at the selected environment: on the demo its simulated
    /// clock's start (so `report`, `check` and `snapshot` see the fleet the console starts on),
    /// elsewhere the wall clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        match self.settings.selected_environment().map(|e| &e.source) {
            Ok(SourceConfig::Demo) => self.settings.demo.now(),
            _ => chrono::Utc::now(),
        }
    }
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
    // A name the user gave on purpose (flag, or a file they named) must work; a name from the
    // default config file may fall back, with a warning.
    let theme_explicit =
        args.theme.is_some() || (paths.config_file_explicit && settings.theme.is_some());
    let keymap_explicit =
        args.keymap.is_some() || (paths.config_file_explicit && settings.keymap.is_some());
    apply_flags(&mut settings, args)?;

    let theme_name = args
        .theme
        .clone()
        .or_else(|| env.no_color.then(|| "mono".to_string()))
        .or_else(|| settings.theme.clone())
        .unwrap_or_else(|| "dark".into());
    let theme = match Theme::load(&theme_name, Some(&paths.themes_dir)) {
        Ok(theme) => theme,
        Err(error) if theme_explicit => return Err(error.into()),
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
    let keymap = load_keymap(&preset, keymap_explicit, user_keymap, &mut warnings)?;
    let (runbooks, runbook_errors) =
        crate::runbook::catalog::Catalog::load(Some(&paths.runbooks_dir));
    warnings.extend(
        runbook_errors
            .iter()
            .map(|e| format!("{e} (this runbook is left out)")),
    );
    settings.theme = Some(theme.name().to_string());
    settings.keymap = Some(keymap.1.to_string());
    Ok(Config {
        paths,
        settings,
        theme,
        keymap: keymap.0,
        runbooks,
        warnings,
    })
}

/// The preset, then the user's override file. The override lives in the default location, so
/// a bad one is a warning and the preset alone is used. Returns the preset actually used.
fn load_keymap<'a>(
    preset: &'a str,
    explicit: bool,
    user_override: Option<&Path>,
    warnings: &mut Vec<String>,
) -> Result<(Keymap, &'a str), ConfigError> {
    let (preset_keymap, base) = match Keymap::load(preset, None) {
        Ok(keymap) => (keymap, preset),
        Err(error) if explicit => return Err(error.into()),
        Err(error) => {
            warnings.push(format!("{error} (the default keymap is in use)"));
            (Keymap::load("default", None)?, "default")
        }
    };
    let keymap = match user_override.map(|path| Keymap::load(base, Some(path))) {
        Some(Ok(keymap)) => keymap,
        Some(Err(error)) => {
            warnings.push(format!(
                "{error} (keymap {base} without your overrides in use)"
            ));
            preset_keymap
        }
        None => preset_keymap,
    };
    Ok((keymap, base))
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
    settings.read_only |= args.read_only;
    if args.keymap.is_some() {
        settings.keymap.clone_from(&args.keymap);
    }
    if let Some(seed) = args.seed {
        settings.demo.seed = seed;
    }
    if let Some(name) = &args.env {
        if settings.environment_named(name).is_none() {
            return Err(ConfigError::Invalid(format!(
                "--env: {}",
                settings::unknown_environment(name, &settings.environments)
            )));
        }
        settings.environment.clone_from(name);
    }
    // The explicit flag wins over an environment chosen in the shell's profile.
    if args.demo {
        settings.environment = DEMO.into();
    }
    if let Some(speed) = args.speed {
        settings.demo.speed =
            check_speed(speed).map_err(|m| ConfigError::Invalid(format!("--speed: {m}")))?;
    }
    Ok(())
}
