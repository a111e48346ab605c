//! Which files win and what happens when one is bad: explicitly named files must be good, bad
//! files in default locations fall back with a visible warning, NO_COLOR, partial overrides,
//! `config init` and `config check`.

mod file_support;

use std::fs;

use opsconsole::cli::ConsoleArgs;
use opsconsole::config::{self, Paths, Settings};
use opsconsole::input::keymap::Keymap;
use opsconsole::ui::theme::{Role, Theme};

use file_support::{config_dir, env_for, error_text, fixture};

#[test]
fn explicit_bad_config_is_an_error_default_location_is_a_warning() {
    let dir = config_dir("policy");
    let args = ConsoleArgs {
        config: Some(fixture("config-unknown-key.toml")),
        ..ConsoleArgs::default()
    };
    assert!(error_text(config::load_with(&args, &env_for(&dir, false))).contains("unknown field"));
    let missing = ConsoleArgs {
        config: Some(dir.join("nope.toml")),
        ..ConsoleArgs::default()
    };
    assert!(
        config::load_with(&missing, &env_for(&dir, false)).is_err(),
        "a named missing file is an error"
    );

    fs::copy(fixture("config-bad-tab.toml"), dir.join("config.toml")).expect("copy");
    let loaded =
        config::load_with(&ConsoleArgs::default(), &env_for(&dir, false)).expect("falls back");
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    assert!(
        loaded.warnings[0].contains("config.toml:1:15")
            && loaded.warnings[0].contains("built-in defaults")
    );
    assert_eq!(
        loaded.settings,
        Settings {
            theme: Some("dark".into()),
            keymap: Some("default".into()),
            ..Settings::default()
        }
    );
}

#[test]
fn no_color_selects_mono_unless_a_theme_is_named() {
    let dir = config_dir("nocolor");
    let loaded = config::load_with(&ConsoleArgs::default(), &env_for(&dir, true)).expect("load");
    assert_eq!(loaded.theme.name(), "mono");
    let named = ConsoleArgs {
        theme: Some("light".into()),
        ..ConsoleArgs::default()
    };
    assert_eq!(
        config::load_with(&named, &env_for(&dir, true))
            .expect("load")
            .theme
            .name(),
        "light"
    );
}

#[test]
fn user_theme_and_keymap_override_parts() {
    let dir = config_dir("overrides");
    fs::write(
        dir.join("themes/ops.toml"),
        "extends = \"dark\"\n[roles]\nok = { fg = \"blue\" }\n",
    )
    .expect("write");
    fs::write(
        dir.join("themes/dark.toml"),
        "[roles]\nwarning = { fg = \"magenta\" }\n",
    )
    .expect("write");
    let themes = dir.join("themes");
    let ops = Theme::load("ops", Some(&themes)).expect("ops");
    let builtin = Theme::load("dark", None).expect("dark");
    assert_eq!(ops.style(Role::Ok).fg, Some(ratatui::style::Color::Blue));
    assert_eq!(
        ops.style(Role::Warning).fg,
        Some(ratatui::style::Color::Magenta),
        "ops extends the user's dark override"
    );
    assert_eq!(ops.style(Role::Critical), builtin.style(Role::Critical));

    fs::write(dir.join("keymap.toml"), "[global]\nquit = [\"Q\"]\n").expect("write");
    let keymap = Keymap::load("default", Some(&dir.join("keymap.toml"))).expect("override");
    assert_eq!(keymap.describe_keys(opsconsole::app::Action::Quit), "Q");
    assert_eq!(
        keymap.describe_keys(opsconsole::app::Action::Refresh),
        "r",
        "other actions keep their keys"
    );
    fs::write(dir.join("keymap.toml"), "[global]\nquit = [\"r\"]\n").expect("write");
    let clash = error_text(Keymap::load("default", Some(&dir.join("keymap.toml"))));
    assert!(
        clash.contains("keymap.toml:2:9: key \"r\" is bound to both quit and refresh")
            && clash.contains("(keymaps/default.toml:"),
        "the user's file is blamed: {clash}"
    );
    fs::write(dir.join("keymap.toml"), "[global]\nquit = [\"x\", \"x\"]\n").expect("write");
    let twice = error_text(Keymap::load("default", Some(&dir.join("keymap.toml"))));
    assert!(
        twice.ends_with(":2:14: key \"x\" is listed twice for quit"),
        "{twice}"
    );
}

#[test]
fn init_writes_the_sample_and_check_reports_every_error() {
    let dir = config_dir("init");
    let env = env_for(&dir, false);
    let paths = Paths::resolve_with(&ConsoleArgs::default(), &env.paths);
    let written = config::init(&paths, false).expect("init");
    assert_eq!(fs::read_to_string(&written).expect("read"), config::SAMPLE);
    assert!(
        config::init(&paths, false).is_err(),
        "no overwrite without --force"
    );
    let (errors, report) = config::check_with(&ConsoleArgs::default(), &env);
    assert!(errors.is_empty(), "{report}");

    fs::copy(fixture("config-bad-tab.toml"), &written).expect("copy");
    fs::copy(
        fixture("theme-bad-colour.toml"),
        dir.join("themes/broken.toml"),
    )
    .expect("copy");
    let (errors, report) = config::check_with(&ConsoleArgs::default(), &env);
    assert_eq!(errors.len(), 2, "{report}");
    assert!(
        report.contains("config.toml:1:15") && report.contains("broken.toml:4:13"),
        "{report}"
    );
    assert!(config::describe_paths(&paths).contains("keymap override"));
}

#[test]
fn names_from_the_default_config_fall_back_with_warnings_named_ones_fail() {
    let dir = config_dir("names");
    fs::write(
        dir.join("config.toml"),
        "theme = \"solarized\"\nkeymap = \"vim\"\n",
    )
    .expect("write");
    fs::write(dir.join("keymap.toml"), "[table]\nselect-next = [\"q\"]\n").expect("write");
    let loaded = config::load_with(&ConsoleArgs::default(), &env_for(&dir, false)).expect("load");
    assert_eq!(loaded.theme.name(), "dark");
    assert_eq!(loaded.settings.keymap.as_deref(), Some("vim"));
    assert_eq!(loaded.warnings.len(), 2, "{:?}", loaded.warnings);
    assert!(loaded.warnings[0].contains("unknown theme \"solarized\""));
    assert!(
        loaded.warnings[1].contains("keymap.toml:2:16: key \"q\" is bound to both")
            && loaded.warnings[1].ends_with("(keymap vim without your overrides in use)"),
        "{:?}",
        loaded.warnings
    );
    assert_eq!(
        loaded
            .keymap
            .describe_keys(opsconsole::app::Action::SelectNext),
        "down, j"
    );

    // The same file named explicitly: its theme must exist.
    let explicit = ConsoleArgs {
        config: Some(dir.join("config.toml")),
        ..ConsoleArgs::default()
    };
    let error = error_text(config::load_with(&explicit, &env_for(&dir, false)));
    assert!(error.contains("unknown theme \"solarized\""), "{error}");
    let flag = ConsoleArgs {
        keymap: Some("emacs".into()),
        ..ConsoleArgs::default()
    };
    assert!(error_text(config::load_with(&flag, &env_for(&dir, false))).contains("emacs"));

    // NO_COLOR beats the config file's theme, not a --theme flag.
    fs::write(dir.join("config.toml"), "theme = \"light\"\n").expect("write");
    let loaded = config::load_with(&ConsoleArgs::default(), &env_for(&dir, true)).expect("load");
    assert_eq!(loaded.theme.name(), "mono");
}
