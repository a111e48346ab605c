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

/// Must list `Keymap::PRESETS` in the same order (a test checks).
const PRESET_FILES: [(&str, &str); 2] = [
    ("default", include_str!("../../keymaps/default.toml")),
    ("vim", include_str!("../../keymaps/vim.toml")),
];

type Sections = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<Vec<Spanned<String>>>>>;

/// One bound chord and where it was written, so conflicts can name both places.
#[derive(Debug, Clone)]
struct Bound {
    chord: KeyChord,
    origin: FileError,
    from_user: bool,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    /// Origins are only needed while loading; keeping bare chords lets `keys` hand out a slice.
    chords: BTreeMap<Action, Vec<KeyChord>>,
}

impl Keymap {
    pub const PRESETS: &'static [&'static str] = &["default", "vim"];

    /// The preset by name, then the user file (if given) replaces the keys of each action it
    /// lists. Conflicts are checked after merging, so an override cannot shadow a preset key.
    pub fn load(preset: &str, user_override: Option<&Path>) -> Result<Self, FileError> {
        let user = user_override
            .map(|path| {
                std::fs::read_to_string(path)
                    .map(|text| (path, text))
                    .map_err(|e| FileError::whole_file(path, format!("cannot read: {e}")))
            })
            .transpose()?;
        Self::from_text(
            preset,
            user.as_ref().map(|(path, text)| (*path, text.as_str())),
        )
    }

    /// [`Keymap::load`] with the user file already read: its path (for errors) and its text.
    pub fn from_text(preset: &str, user: Option<(&Path, &str)>) -> Result<Self, FileError> {
        let (name, text) = PRESET_FILES
            .iter()
            .find(|(n, _)| *n == preset)
            .ok_or_else(|| unknown_preset(preset))?;
        let builtin_path = PathBuf::from(format!("keymaps/{name}.toml"));
        let mut bindings = parse(&builtin_path, text, false)?;
        if let Some(missing) = Action::ALL.iter().find(|a| !bindings.contains_key(a)) {
            return Err(FileError::whole_file(
                &builtin_path,
                format!("preset does not bind {missing}"),
            ));
        }
        if let Some((path, text)) = user {
            bindings.extend(parse(path, text, true)?);
        }
        check_conflicts(&bindings)?;
        let chords = bindings
            .into_iter()
            .map(|(a, keys)| (a, keys.into_iter().map(|b| b.chord).collect()))
            .collect();
        Ok(Self { chords })
    }

    /// Looks in `context` first, then in `Global`.
    pub fn resolve(&self, key: &KeyEvent, context: KeyContext) -> Option<Action> {
        let find = |ctx: KeyContext| {
            self.chords
                .iter()
                .find(|(action, keys)| {
                    action.context() == ctx && keys.iter().any(|k| k.matches(key))
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
        self.chords.get(&action).map_or(&[], Vec::as_slice)
    }

    /// "q, ctrl+c": for the footer and the help overlay.
    pub fn describe_keys(&self, action: Action) -> String {
        self.keys(action)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The first key of `action`, for short hints ("q"); `None` when it is unbound.
    pub fn first_key(&self, action: Action) -> Option<String> {
        self.keys(action).first().map(ToString::to_string)
    }
}

/// A usage error rather than a file error: there is no file to point into.
fn unknown_preset(preset: &str) -> FileError {
    FileError::whole_file(
        Path::new(preset),
        format!(
            "unknown keymap preset {preset:?}; presets: {}",
            Keymap::PRESETS.join(", ")
        ),
    )
}

/// A chord may be bound once per context, and a context's chords must not repeat [global]'s:
/// both are live at the same time. [table] and [help] never are, so they may share keys.
fn check_conflicts(bindings: &BTreeMap<Action, Vec<Bound>>) -> Result<(), FileError> {
    let overlapping =
        |a: KeyContext, b: KeyContext| a == b || a == KeyContext::Global || b == KeyContext::Global;
    let all: Vec<(Action, &Bound)> = bindings
        .iter()
        .flat_map(|(action, keys)| keys.iter().map(move |b| (*action, b)))
        .collect();
    for (i, first) in all.iter().enumerate() {
        for second in &all[i + 1..] {
            if first.1.chord != second.1.chord
                || !overlapping(first.0.context(), second.0.context())
            {
                continue;
            }
            let (here, there) = blame(*first, *second);
            let mut error = here.1.origin.clone();
            error.message = if here.0 == there.0 {
                format!("key \"{}\" is listed twice for {}", here.1.chord, here.0)
            } else {
                format!(
                    "key \"{}\" is bound to both {} and {} ({})",
                    here.1.chord,
                    here.0,
                    there.0,
                    there.1.origin.location()
                )
            };
            return Err(error);
        }
    }
    Ok(())
}

/// Of two conflicting bindings, the one to report: the user's file if it took part (that is the
/// one to edit), else the later one in the file.
fn blame<'a>(
    a: (Action, &'a Bound),
    b: (Action, &'a Bound),
) -> ((Action, &'a Bound), (Action, &'a Bound)) {
    let rank = |x: &Bound| (x.from_user, x.origin.line, x.origin.column);
    if rank(a.1) > rank(b.1) {
        (a, b)
    } else {
        (b, a)
    }
}

fn parse(
    path: &Path,
    text: &str,
    from_user: bool,
) -> Result<BTreeMap<Action, Vec<Bound>>, FileError> {
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
                    "'{action}' belongs in [{}], not [{}]",
                    action.context().name(),
                    context.name()
                )));
            }
            let bound = keys
                .get_ref()
                .iter()
                .map(|k| {
                    let origin = FileError::at_span(path, text, Some(k.span()), String::new());
                    match k.get_ref().parse::<KeyChord>() {
                        Ok(chord) => Ok(Bound {
                            chord,
                            origin,
                            from_user,
                        }),
                        Err(message) => Err(FileError { message, ..origin }),
                    }
                })
                .collect::<Result<Vec<_>, _>>()?;
            bindings.insert(action, bound);
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
    fn preset_names_match_embedded_files() {
        let embedded: Vec<&str> = PRESET_FILES.iter().map(|(n, _)| *n).collect();
        assert_eq!(embedded, Keymap::PRESETS);
        let error = Keymap::load("emacs", None).expect_err("unknown preset");
        assert!(error.message.contains("presets: default, vim"), "{error}");
    }

    #[test]
    fn presets_leave_tmux_and_vim_chords_free() {
        // tmux prefixes, vim window moves, and every Alt chord stay with the terminal.
        let reserved = ["ctrl+a", "ctrl+b", "ctrl+h", "ctrl+j", "ctrl+k", "ctrl+l"];
        for preset in Keymap::PRESETS {
            let keymap = Keymap::load(preset, None).expect(preset);
            for action in Action::ALL {
                for chord in keymap.keys(*action) {
                    let text = chord.to_string();
                    assert!(
                        !reserved.contains(&text.as_str()) && !text.starts_with("alt+"),
                        "{preset} binds {text} to {action}"
                    );
                }
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
