//! Shipped files parse; each broken file fails with a message that names file, line and column;
//! the explicit-vs-default policy holds.

use std::fs;
use std::path::{Path, PathBuf};

use opsconsole::cli::ConsoleArgs;
use opsconsole::config::{self, LoadEnv, Paths, PathsEnv, Settings};
use opsconsole::input::keymap::Keymap;
use opsconsole::ui::theme::{Role, Theme};

fn fixture(name: &str) -> PathBuf {
    Path::new("tests/fixtures/invalid").join(name)
}

/// A fresh config dir under the system temp dir, unique per test.
fn config_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("opsconsole-test-{}-{test}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("themes")).expect("temp dir");
    dir
}

fn env_for(dir: &Path, no_color: bool) -> LoadEnv {
    LoadEnv {
        paths: PathsEnv {
            config_dir: Some(dir.to_path_buf()),
            state_dir: Some(dir.join("state")),
            ..PathsEnv::default()
        },
        no_color,
    }
}

fn error_text(result: Result<impl Sized, impl ToString>) -> String {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn shipped_files_parse() {
    for name in Theme::BUILTIN {
        Theme::load(name, None).expect(name);
    }
    for preset in Keymap::PRESETS {
        Keymap::load(preset, None).expect(preset);
    }
    let sample = fs::read_to_string("config.example.toml").expect("sample");
    Settings::parse(Path::new("config.example.toml"), &sample).expect("sample config parses");
    for entry in fs::read_dir("themes").expect("themes dir") {
        let path = entry.expect("entry").path();
        let name = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        assert!(
            Theme::BUILTIN.contains(&name.as_str()),
            "{name} is shipped but not built in"
        );
    }
}

#[test]
fn broken_keymaps_name_file_line_and_problem() {
    let cases = [
        (
            "keymap-unknown-action.toml",
            ":3:1: unknown action \"launch-missiles\"",
        ),
        (
            "keymap-duplicate-key.toml",
            ":3:9: key \"r\" is bound to both quit and refresh (tests/fixtures/invalid/keymap-duplicate-key.toml:2:12)",
        ),
        (
            "keymap-wrong-section.toml",
            ":2:1: 'select-next' belongs in [table], not [global]",
        ),
        ("keymap-bad-key.toml", ":2:16: unknown modifier \"hyper\""),
        (
            "keymap-unknown-section.toml",
            ":1:2: unknown section [everywhere]",
        ),
    ];
    for (file, expected) in cases {
        let message = error_text(Keymap::load("default", Some(&fixture(file))));
        assert!(
            message.contains(file) && message.contains(expected),
            "{file}: {message}"
        );
    }
    assert!(error_text(Keymap::load("emacs", None)).contains("unknown keymap preset \"emacs\""));
}

#[test]
fn broken_themes_name_file_line_and_problem() {
    let dir = config_dir("themes");
    let cases = [
        ("theme-unknown-role.toml", ":4:1: unknown role \"sparkles\""),
        ("theme-bad-colour.toml", ":4:13: bad colour \"greenish\""),
        ("theme-unknown-key.toml", ":4:"),
        ("theme-missing-roles.toml", "does not define role"),
    ];
    for (file, expected) in cases {
        fs::copy(fixture(file), dir.join("themes").join(file)).expect("copy");
        let name = file.trim_end_matches(".toml");
        let message = error_text(Theme::load(name, Some(&dir.join("themes"))));
        assert!(message.contains(expected), "{file}: {message}");
    }
    assert!(error_text(Theme::load("solarized", None)).contains("unknown theme \"solarized\""));
}

#[test]
fn broken_configs_name_file_line_and_problem() {
    let cases = [
        ("config-unknown-key.toml", ":2:1: unknown field `colour`"),
        ("config-bad-speed.toml", ":2:9: speed must be above 0"),
        ("config-bad-tab.toml", ":1:15: unknown tab \"billing\""),
        (
            "config-bad-refresh.toml",
            ":2:11: refresh must be between 250ms and 1h",
        ),
        ("config-syntax.toml", "config-syntax.toml:1:"),
        (
            "config-bad-keymap.toml",
            ":2:10: unknown keymap preset \"emacs\"; presets: default, vim",
        ),
    ];
    for (file, expected) in cases {
        let path = fixture(file);
        let text = fs::read_to_string(&path).expect("fixture");
        let message = error_text(Settings::parse(&path, &text));
        assert!(
            message.contains(file) && message.contains(expected),
            "{file}: {message}"
        );
    }
}

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

    fs::write(dir.join("keymap.toml"), "[global]\nquit = [\"x\"]\n").expect("write");
    let keymap = Keymap::load("default", Some(&dir.join("keymap.toml"))).expect("override");
    assert_eq!(keymap.describe_keys(opsconsole::app::Action::Quit), "x");
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
fn theme_extends_chains_cycles_and_names() {
    let dir = config_dir("extends");
    let themes = dir.join("themes");
    let write = |name: &str, text: &str| fs::write(themes.join(name), text).expect("write");
    // A user file named after a built-in may extend it explicitly.
    write(
        "light.toml",
        "name = \"light\"\nextends = \"light\"\n[roles]\nok = { fg = \"blue\" }\n",
    );
    let light = Theme::load("light", Some(&themes)).expect("light override");
    let builtin = Theme::load("light", None).expect("light");
    assert_eq!(light.style(Role::Ok).fg, Some(ratatui::style::Color::Blue));
    assert_eq!(light.style(Role::Text), builtin.style(Role::Text));

    write("a.toml", "extends = \"b\"\n");
    write("b.toml", "extends = \"a\"\n");
    let cycle = error_text(Theme::load("a", Some(&themes)));
    assert!(
        cycle.contains("b.toml:1:11: themes extend each other in a cycle: a -> b -> a"),
        "{cycle}"
    );

    write("copy.toml", "name = \"dark\"\nextends = \"dark\"\n");
    let copied = error_text(Theme::load("copy", Some(&themes)));
    assert!(
        copied.contains("copy.toml:1:8: name \"dark\" does not match the file name"),
        "{copied}"
    );

    write("typo.toml", "\nextends = \"drak\"\n");
    let typo = error_text(Theme::load("typo", Some(&themes)));
    assert!(
        typo.contains("typo.toml:2:11: unknown theme \"drak\""),
        "{typo}"
    );

    // An error inside a base theme points into the base, not at the `extends` line.
    fs::copy(fixture("theme-bad-colour.toml"), themes.join("base.toml")).expect("copy");
    write("top.toml", "extends = \"base\"\n");
    let nested = error_text(Theme::load("top", Some(&themes)));
    assert!(nested.contains("base.toml:4:13: bad colour"), "{nested}");
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
