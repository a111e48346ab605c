//! The settings schema of `config.toml`: strict (unknown keys are errors), every key optional.

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use super::environments::{self, EnvironmentConfig, EnvironmentFile};
use super::slo_panels::{self, PanelFile, SloFile};
use super::values::SpanError;
use crate::app::Topic;
use crate::diagnostic::FileError;
use crate::input::keymap::Keymap;

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub theme: Option<String>,
    pub keymap: Option<String>,
    pub ascii: bool,
    pub mouse: bool,
    pub default_tab: Topic,
    pub demo: DemoSettings,
    /// Demo first, then the file's environments in name order.
    pub environments: Vec<EnvironmentConfig>,
    /// The one opened at start.
    pub environment: String,
    /// No runbook runs in any environment (also `--read-only`, or per environment).
    pub read_only: bool,
    pub checkpoint: crate::checkpoint::CheckpointSettings,
}

/// The simulator's seed when none is given: one default for the console and every command, so
/// all show the same fleet.
pub const DEFAULT_SEED: u64 = 42;

#[derive(Debug, Clone, PartialEq)]
pub struct DemoSettings {
    pub seed: u64,
    /// The simulated clock at start; `None` starts it at the wall clock. A fixed start (with a
    /// seed) gives the same fleet state whatever the hour: reproducible demos and captures.
    pub start: Option<chrono::DateTime<chrono::Utc>>,
    pub speed: f64,
    pub refresh: Duration,
    /// Config's `[slo]` objectives; `None` when it has none (the demo keeps its own).
    pub objectives: Option<crate::domain::slo::Objectives>,
}

impl DemoSettings {
    /// The demo's "now" for the console and every command: the configured start, else the
    /// wall clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.start.unwrap_or_else(chrono::Utc::now)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            theme: None,
            keymap: None,
            ascii: false,
            mouse: true,
            default_tab: Topic::Scaling,
            demo: DemoSettings {
                seed: DEFAULT_SEED,
                start: None,
                speed: 1.0,
                refresh: Duration::from_secs(2),
                objectives: None,
            },
            environments: vec![EnvironmentConfig::demo()],
            environment: environments::DEMO.into(),
            read_only: false,
            checkpoint: crate::checkpoint::CheckpointSettings::default(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SettingsFile {
    theme: Option<String>,
    keymap: Option<Spanned<String>>,
    ascii: Option<bool>,
    mouse: Option<bool>,
    default_tab: Option<Spanned<String>>,
    demo: Option<DemoFile>,
    environment: Option<Spanned<String>>,
    environments: Option<std::collections::BTreeMap<Spanned<String>, EnvironmentFile>>,
    slo: Option<SloFile>,
    panels: Option<Spanned<Vec<PanelFile>>>,
    read_only: Option<bool>,
    checkpoint: Option<super::checkpoint::CheckpointFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoFile {
    seed: Option<u64>,
    start: Option<Spanned<String>>,
    speed: Option<Spanned<f64>>,
    refresh: Option<Spanned<String>>,
}

pub const MAX_SPEED: f64 = 10_000.0;
const REFRESH_RANGE: (Duration, Duration) = (Duration::from_millis(250), Duration::from_secs(3600));

pub fn check_speed(speed: f64) -> Result<f64, String> {
    if speed.is_finite() && speed > 0.0 && speed <= MAX_SPEED {
        Ok(speed)
    } else {
        Err(format!(
            "speed must be above 0 and at most {MAX_SPEED}, not {speed}"
        ))
    }
}

pub fn unknown_environment(name: &str, known: &[EnvironmentConfig]) -> String {
    let names: Vec<&str> = known.iter().map(|e| e.name.as_str()).collect();
    format!(
        "unknown environment {name:?}; environments: {}",
        names.join(", ")
    )
}

impl Settings {
    /// Whether runbooks may run in `environment`: never when read-only globally or there.
    pub fn read_only_in(&self, environment: &EnvironmentConfig) -> bool {
        self.read_only || environment.read_only
    }

    pub fn environment_named(&self, name: &str) -> Option<&EnvironmentConfig> {
        self.environments.iter().find(|e| e.name == name)
    }

    /// The environment opened at start; the loader guarantees it exists.
    pub fn selected_environment(&self) -> Result<&EnvironmentConfig, String> {
        self.environment_named(&self.environment)
            .ok_or_else(|| format!("no environment named {}", self.environment))
    }

    pub fn parse(path: &Path, text: &str) -> Result<Self, FileError> {
        let file: SettingsFile =
            toml::from_str(text).map_err(|e| FileError::from_toml(path, text, &e))?;
        let at = |span, message: String| FileError::at_span(path, text, Some(span), message);
        let mut settings = Self {
            theme: file.theme,
            ..Self::default()
        };
        // Presets are a closed list, so a typo is caught here, at its line; theme names may be
        // user files and are checked when the theme loads.
        if let Some(keymap) = file.keymap {
            if !Keymap::PRESETS.contains(&keymap.get_ref().as_str()) {
                return Err(at(
                    keymap.span(),
                    format!(
                        "unknown keymap preset {:?}; presets: {}",
                        keymap.get_ref(),
                        Keymap::PRESETS.join(", ")
                    ),
                ));
            }
            settings.keymap = Some(keymap.into_inner());
        }
        settings.ascii = file.ascii.unwrap_or(settings.ascii);
        settings.read_only = file.read_only.unwrap_or(false);
        settings.mouse = file.mouse.unwrap_or(settings.mouse);
        if let Some(tab) = file.default_tab {
            settings.default_tab =
                Topic::parse(tab.get_ref(), &[]).map_err(|e| at(tab.span(), e))?;
        }
        let span_error = |(span, message): SpanError| at(span, message);
        settings.checkpoint =
            super::checkpoint::checkpoint(file.checkpoint.as_ref()).map_err(span_error)?;
        let config_dir = path.parent().unwrap_or_else(|| Path::new("."));
        let slo = slo_panels::slo(file.slo.as_ref(), config_dir).map_err(|e| match e {
            slo_panels::SloError::Span(e) => span_error(e),
            slo_panels::SloError::File(e) => e,
        })?;
        let panel_files = file
            .panels
            .as_ref()
            .map_or(&[][..], |p| p.get_ref().as_slice());
        let overrides = slo_panels::panel_overrides(panel_files).map_err(span_error)?;
        let panels_span = file.panels.as_ref().map_or(0..0, Spanned::span);
        settings.environments = environments::environments(
            &file.environments.unwrap_or_default(),
            &slo,
            &overrides,
            panels_span,
        )
        .map_err(span_error)?;
        if let Some(name) = file.environment {
            if settings.environment_named(name.get_ref()).is_none() {
                return Err(at(
                    name.span(),
                    unknown_environment(name.get_ref(), &settings.environments),
                ));
            }
            settings.environment = name.into_inner();
        }
        settings.demo.objectives = file.slo.is_some().then_some(slo);
        if let Some(demo) = file.demo {
            if let Some(seed) = demo.seed {
                settings.demo.seed = seed;
            }
            if let Some(start) = demo.start {
                let parsed =
                    chrono::DateTime::parse_from_rfc3339(start.get_ref()).map_err(|e| {
                        at(
                            start.span(),
                            format!(
                                "start {:?}: {e} (e.g. \"2026-11-18T10:15:00Z\")",
                                start.get_ref()
                            ),
                        )
                    })?;
                settings.demo.start = Some(parsed.with_timezone(&chrono::Utc));
            }
            if let Some(speed) = demo.speed {
                settings.demo.speed =
                    check_speed(*speed.get_ref()).map_err(|m| at(speed.span(), m))?;
            }
            if let Some(refresh) = demo.refresh {
                let value = super::values::duration(&refresh, REFRESH_RANGE.0, REFRESH_RANGE.1)
                    .map_err(span_error)?;
                settings.demo.refresh = value;
            }
        }
        Ok(settings)
    }
}
