//! Key chords as people write them ("q", "ctrl+c", "shift+tab", "?", "pagedown") ⇄ crossterm
//! key events. Shifted characters are normalised: terminals disagree on whether '?' or 'G'
//! carries SHIFT, so characters match on the character alone. Spellings that mean the same key
//! parse to the same chord ("backtab" = "shift+tab", "ctrl+C" = "ctrl+c"), so duplicate
//! bindings are caught by plain equality.

use std::fmt;
use std::str::FromStr;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyChord {
    pub code: KeyCode,
    /// Only CONTROL and ALT for characters; SHIFT too for named keys ("shift+tab").
    pub modifiers: KeyModifiers,
}

const NAMED: [(&str, KeyCode); 15] = [
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("space", KeyCode::Char(' ')),
];

impl KeyChord {
    pub fn matches(&self, key: &KeyEvent) -> bool {
        let wanted = self.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let got = key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        match (self.code, key.code) {
            (KeyCode::Char(a), KeyCode::Char(b)) => {
                // With ctrl, terminals may report either case; with the kitty protocol a
                // shifted letter may arrive lower-case with SHIFT set.
                let shifted = key.modifiers.contains(KeyModifiers::SHIFT);
                let same = if wanted.contains(KeyModifiers::CONTROL) {
                    a.eq_ignore_ascii_case(&b)
                } else {
                    a == b || (shifted && a == b.to_ascii_uppercase())
                };
                same && wanted == got
            }
            (KeyCode::Tab, KeyCode::BackTab) => {
                self.modifiers.contains(KeyModifiers::SHIFT) && wanted == got
            }
            (a, b) => a == b && self.modifiers == key.modifiers,
        }
    }
}

impl FromStr for KeyChord {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        // "+" alone (or ending a chord like "ctrl++") is the plus key, not a separator.
        let (prefix, key) = match text.strip_suffix('+') {
            Some(rest) if rest.is_empty() || rest.ends_with('+') => {
                (rest.trim_end_matches('+'), "+")
            }
            _ => text.rsplit_once('+').map_or(("", text), |(p, k)| (p, k)),
        };
        let mut modifiers = KeyModifiers::NONE;
        for part in prefix.split('+').filter(|p| !p.is_empty()) {
            modifiers |= match part.to_ascii_lowercase().as_str() {
                "ctrl" | "control" => KeyModifiers::CONTROL,
                "alt" => KeyModifiers::ALT,
                "shift" => KeyModifiers::SHIFT,
                other => {
                    return Err(format!(
                        "unknown modifier {other:?} in key {text:?} (use ctrl, alt or shift)"
                    ));
                }
            };
        }
        let lower = key.to_ascii_lowercase();
        let code = if lower == "backtab" {
            modifiers |= KeyModifiers::SHIFT;
            KeyCode::Tab
        } else if let Some((_, code)) = NAMED.iter().find(|(name, _)| *name == lower) {
            *code
        } else if let Some(n) = lower
            .strip_prefix('f')
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|n| (1..=12).contains(n))
        {
            KeyCode::F(n)
        } else {
            let mut chars = key.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => KeyCode::Char(c),
                _ => return Err(format!("unknown key {key:?} in {text:?}")),
            }
        };
        if let KeyCode::Char(c) = code
            && modifiers.contains(KeyModifiers::SHIFT)
            && c != ' '
        {
            return Err(format!(
                "write the shifted character itself instead of {text:?} (e.g. \"G\", \"?\")"
            ));
        }
        let code = match code {
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            code => code,
        };
        Ok(Self { code, modifiers })
    }
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (flag, name) in [
            (KeyModifiers::CONTROL, "ctrl+"),
            (KeyModifiers::ALT, "alt+"),
            (KeyModifiers::SHIFT, "shift+"),
        ] {
            if self.modifiers.contains(flag) {
                f.write_str(name)?;
            }
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            code => {
                let name = NAMED
                    .iter()
                    .find(|(_, c)| *c == code)
                    .map_or("?", |(n, _)| n);
                f.write_str(name)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chord(text: &str) -> KeyChord {
        text.parse().expect("valid chord")
    }

    #[test]
    fn parses_and_round_trips() {
        let same = [
            "q",
            "ctrl+c",
            "shift+tab",
            "?",
            "G",
            "enter",
            "esc",
            "up",
            "pagedown",
            "home",
            "end",
            "f5",
            "space",
            "tab",
            "backspace",
            "alt+x",
            "+",
            "ctrl++",
            "[",
        ];
        for text in same {
            assert_eq!(chord(text).to_string(), text, "{text}");
        }
        for (text, canonical) in [
            ("Ctrl+C", "ctrl+c"),
            ("backtab", "shift+tab"),
            ("PageUp", "pageup"),
            (" x ", "x"),
        ] {
            assert_eq!(chord(text).to_string(), canonical, "{text}");
        }
    }

    #[test]
    fn rejects_nonsense() {
        for bad in ["hyper+x", "nokey", "shift+g", "", "f13", "ctrl+"] {
            assert!(bad.parse::<KeyChord>().is_err(), "{bad}");
        }
    }

    #[test]
    fn matching_normalises_what_terminals_report() {
        use KeyCode::{BackTab, Char, Tab};
        const NONE: KeyModifiers = KeyModifiers::NONE;
        const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
        const CTRL: KeyModifiers = KeyModifiers::CONTROL;
        let cases = [
            ("?", Char('?'), SHIFT, true),
            ("?", Char('?'), NONE, true),
            ("G", Char('G'), SHIFT, true),
            ("G", Char('G'), NONE, true),
            ("G", Char('g'), SHIFT, true),
            ("g", Char('G'), SHIFT, false),
            ("g", Char('g'), NONE, true),
            ("shift+tab", BackTab, SHIFT, true),
            ("shift+tab", BackTab, NONE, true),
            ("shift+tab", Tab, SHIFT, true),
            ("tab", BackTab, SHIFT, false),
            ("tab", Tab, NONE, true),
            ("ctrl+c", Char('c'), CTRL, true),
            ("ctrl+c", Char('C'), CTRL, true),
            ("c", Char('c'), CTRL, false),
            ("ctrl+c", Char('c'), NONE, false),
            ("esc", KeyCode::Esc, NONE, true),
            ("f5", KeyCode::F(5), NONE, true),
        ];
        for (text, code, modifiers, expected) in cases {
            let event = KeyEvent::new(code, modifiers);
            assert_eq!(chord(text).matches(&event), expected, "{text} vs {event:?}");
        }
    }
}
