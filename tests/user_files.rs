//! Shipped files parse; each broken keymap, theme or config fails with a message that names
//! file, line and column.

mod file_support;

use std::fs;
use std::path::Path;

use opsconsole::config::Settings;
use opsconsole::input::keymap::Keymap;
use opsconsole::ui::theme::{Role, Theme};

use file_support::{config_dir, error_text, fixture};

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

/// The README's config reference is the sample `config init` writes, word for word.
#[test]
fn the_readme_shows_the_sample_config() {
    let sample = fs::read_to_string("config.example.toml").expect("sample");
    let readme = fs::read_to_string("README.md").expect("README");
    let first = sample.lines().next().expect("a first line");
    let start = readme.find(first).expect("the README quotes the sample");
    let end = start + readme[start..].find("```").expect("the code block ends");
    assert_eq!(readme[start..end].trim_end(), sample.trim_end());
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
            ":2:11: \"10ms\" is not between 250ms and 1h",
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
