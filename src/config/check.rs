//! `config check`: every user file validated, every error reported (not just the first), each
//! as `file:line:column`, with a line per file saying ok or what is wrong.

use std::fmt::Write as _;
use std::path::Path;

use super::{LoadEnv, Paths, SourceConfig, read_settings};
use crate::cli::ConsoleArgs;
use crate::diagnostic::FileError;
use crate::input::keymap::Keymap;
use crate::sources::prometheus::settings::EndpointSpec;
use crate::ui::theme::Theme;

pub fn check(args: &ConsoleArgs) -> (Vec<FileError>, String) {
    check_with(args, &LoadEnv::from_process())
}

pub fn check_with(args: &ConsoleArgs, env: &LoadEnv) -> (Vec<FileError>, String) {
    let paths = Paths::resolve_with(args, &env.paths);
    let mut report = Report::default();
    let settings = read_settings(&paths);
    report.note(
        settings.as_ref().map(|_| ()).map_err(Clone::clone),
        &paths.config_file.display().to_string(),
    );
    let settings = settings.unwrap_or_default();

    // Every user theme, even unused ones, so a broken file is found before it is selected.
    let mut themes = user_theme_names(&paths.themes_dir);
    themes.push(
        args.theme
            .clone()
            .or_else(|| settings.theme.clone())
            .unwrap_or_else(|| "dark".into()),
    );
    themes.sort();
    themes.dedup();
    for name in themes {
        report.note(
            Theme::load(&name, Some(&paths.themes_dir)).map(|_| ()),
            &format!("theme {name}"),
        );
    }

    let preset = args
        .keymap
        .clone()
        .or(settings.keymap.clone())
        .unwrap_or_else(|| "default".into());
    let preset_ok = Keymap::load(&preset, None).map(|_| ());
    let base = if preset_ok.is_ok() {
        preset.as_str()
    } else {
        "default"
    };
    report.note(preset_ok, &format!("keymap {preset}"));
    if paths.keymap_file.is_file() {
        report.note(
            Keymap::load(base, Some(&paths.keymap_file)).map(|_| ()),
            &paths.keymap_file.display().to_string(),
        );
    }
    let (catalog, runbook_errors) =
        crate::runbook::catalog::Catalog::load(Some(&paths.runbooks_dir));
    for error in runbook_errors {
        report.note(Err(error.clone()), &error.path.display().to_string());
    }
    report.note(
        Ok(()),
        &format!("runbooks ({} loaded)", catalog.runbooks.len()),
    );
    // Secrets are read when an environment starts; check now that each one is there.
    for environment in &settings.environments {
        if let SourceConfig::Prometheus(prometheus) = &environment.source {
            let endpoints = std::iter::once(&prometheus.prometheus).chain(&prometheus.alertmanager);
            let resolved = endpoints
                .map(EndpointSpec::resolve)
                .find_map(Result::err)
                .map_or(Ok(()), |e| {
                    Err(FileError::whole_file(
                        &paths.config_file,
                        format!("environment {}: {e}", environment.name),
                    ))
                });
            report.note(
                resolved,
                &format!("environment {} (credentials found)", environment.name),
            );
        }
    }
    let _ = writeln!(report.text, "{} error(s)", report.errors.len());
    (report.errors, report.text)
}

#[derive(Default)]
struct Report {
    errors: Vec<FileError>,
    text: String,
}

impl Report {
    fn note(&mut self, result: Result<(), FileError>, what: &str) {
        match result {
            Ok(()) => {
                let _ = writeln!(self.text, "ok     {what}");
            }
            Err(error) => {
                let _ = writeln!(self.text, "error  {error}");
                self.errors.push(error);
            }
        }
    }
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
