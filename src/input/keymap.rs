//! Keymaps: data files mapping action names to key chords, per context. Built-in presets are
//! embedded; a user file replaces the keys of each action it lists. Every problem is a load-time
//! error naming the file and line: an unknown action or section, a bad key, an action in the
//! wrong section, or one chord bound to two actions that can be active together.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ratatui::crossterm::event::KeyEvent;
use toml::Spanned;

use super::key_chord::KeyChord;
use crate::app::{Action, KeyContext};
use crate::diagnostic::FileError;

const PRESETS: [(&str, &str); 2] = [
    ("default", include_str!("../../keymaps/default.toml")),
    ("vim", include_str!("../../keymaps/vim.toml")),
];

type Sections = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<Vec<Spanned<String>>>>>;

#[derive(Debug, Clone)]
struct Binding {
    keys: Vec<KeyChord>,
    /// Where it was defined, for duplicate errors.
    origin: FileError,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: BTreeMap<Action, Binding>,
}

impl Keymap {
    pub const PRESETS: [&'static str; 2] = [PRESETS[0].0, PRESETS[1].0];

    pub fn load(preset: &str, user_override: Option<&Path>) -> Result<Self, FileError> {
        let (name, text) = PRESETS.iter().find(|(n, _)| *n == preset).ok_or_else(|| {
            FileError::whole_file(
                Path::new(preset),
                format!(
                    "unknown keymap preset {preset:?}; presets: {}",
                    Self::PRESETS.join(", ")
                ),
            )
        })?;
        let builtin_path = PathBuf::from(format!("keymaps/{name}.toml"));
        let mut bindings = parse(&builtin_path, text)?;
        if let Some(missing) = Action::ALL.iter().find(|a| !bindings.contains_key(a)) {
            return Err(FileError::whole_file(
                &builtin_path,
                format!("preset does not bind {missing}"),
            ));
        }
        if let Some(path) = user_override {
            let text = std::fs::read_to_string(path)
                .map_err(|e| FileError::whole_file(path, format!("cannot read: {e}")))?;
            bindings.extend(parse(path, &text)?);
        }
        let keymap = Self { bindings };
        keymap.check_duplicates()?;
        Ok(keymap)
    }

    pub fn resolve(&self, key: &KeyEvent, context: KeyContext) -> Option<Action> {
        let find = |ctx: KeyContext| {
            self.bindings
                .iter()
                .find(|(action, b)| {
                    action.context() == ctx && b.keys.iter().any(|k| k.matches(key))
                })
                .map(|(a, _)| *a)
        };
        find(context).or_else(|| {
            (context != KeyContext::Global)
                .then(|| find(KeyContext::Global))
                .flatten()
        })
    }

    pub fn keys(&self, action: Action) -> &[KeyChord] {
        self.bindings
            .get(&action)
            .map_or(&[], |b| b.keys.as_slice())
    }

    pub fn describe_keys(&self, action: Action) -> String {
        self.keys(action)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn check_duplicates(&self) -> Result<(), FileError> {
        let overlapping = |a: KeyContext, b: KeyContext| {
            a == b || a == KeyContext::Global || b == KeyContext::Global
        };
        for (a, first) in &self.bindings {
            for (b, second) in self.bindings.range(*a..).skip(1) {
                if !overlapping(a.context(), b.context()) {
                    continue;
                }
                if let Some(key) = first.keys.iter().find(|k| second.keys.contains(k)) {
                    let mut error = second.origin.clone();
                    error.message = format!(
                        "key \"{key}\" is bound to both {b} and {a} ({})",
                        first.origin.location()
                    );
                    return Err(error);
                }
            }
        }
        Ok(())
    }
}

fn parse(path: &Path, text: &str) -> Result<BTreeMap<Action, Binding>, FileError> {
    let sections: Sections =
        toml::from_str(text).map_err(|e| FileError::from_toml(path, text, &e))?;
    let mut bindings = BTreeMap::new();
    for (section, entries) in sections {
        let context = KeyContext::ALL
            .into_iter()
            .find(|c| c.name() == section.get_ref())
            .ok_or_else(|| {
                let names: Vec<&str> = KeyContext::ALL.iter().map(|c| c.name()).collect();
                FileError::at_span(
                    path,
                    text,
                    Some(section.span()),
                    format!(
                        "unknown section [{}]; sections: {}",
                        section.get_ref(),
                        names.join(", ")
                    ),
                )
            })?;
        for (name, keys) in entries {
            let at = |message: String| FileError::at_span(path, text, Some(name.span()), message);
            let action = Action::from_name(name.get_ref())
                .ok_or_else(|| at(format!("unknown action {:?}", name.get_ref())))?;
            if action.context() != context {
                return Err(at(format!(
                    "{action} belongs in [{}], not [{}]",
                    action.context().name(),
                    context.name()
                )));
            }
            let chords = keys
                .get_ref()
                .iter()
                .map(|k| {
                    k.get_ref()
                        .parse::<KeyChord>()
                        .map_err(|m| FileError::at_span(path, text, Some(k.span()), m))
                })
                .collect::<Result<Vec<_>, _>>()?;
            bindings.insert(
                action,
                Binding {
                    keys: chords,
                    origin: at(String::new()),
                },
            );
        }
    }
    Ok(bindings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    #[test]
    fn presets_bind_every_action_without_conflicts() {
        for preset in Keymap::PRESETS {
            let keymap = Keymap::load(preset, None).expect(preset);
            for action in Action::ALL {
                assert!(!keymap.keys(*action).is_empty(), "{preset} binds {action}");
            }
        }
    }

    #[test]
    fn resolves_context_before_global() {
        let keymap = Keymap::load("default", None).expect("default");
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(
            keymap.resolve(&esc, KeyContext::Help),
            Some(Action::CloseHelp)
        );
        assert_eq!(
            keymap.resolve(&esc, KeyContext::Table),
            Some(Action::ClearFilter)
        );
        let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(keymap.resolve(&q, KeyContext::Help), Some(Action::Quit));
        assert_eq!(keymap.describe_keys(Action::Quit), "q, ctrl+c");
    }
}
