//! Themes give styles to meanings (ok, warning, critical, muted, …), never to widgets, so every
//! tab stays consistent. Built-ins are embedded; a user file in `<config dir>/themes/NAME.toml`
//! either extends another theme (`extends = "dark"`) and lists only the roles it changes, or
//! has a built-in's name and so overrides parts of it.

use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::FileError;

macro_rules! roles {
    ($($variant:ident = $name:literal,)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Role { $($variant,)+ }

        impl Role {
            pub const ALL: &'static [Role] = &[$(Role::$variant,)+];

            pub fn name(self) -> &'static str {
                match self { $(Role::$variant => $name,)+ }
            }
        }
    };
}

roles! {
    Text = "text", Muted = "muted", Accent = "accent", Ok = "ok", Warning = "warning",
    Critical = "critical", Unknown = "unknown", Stale = "stale", Border = "border",
    BorderFocused = "border-focused", Selection = "selection", TabActive = "tab-active",
    TabInactive = "tab-inactive", Header = "header", Footer = "footer", EnvDemo = "env-demo",
    EnvStaging = "env-staging", EnvProduction = "env-production", Chart = "chart",
    TargetLine = "target-line", Bar = "bar",
}

/// Must list `Theme::BUILTIN` in the same order (a test checks).
const BUILTIN: [(&str, &str); 4] = [
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("mono", include_str!("../../themes/mono.toml")),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    /// Optional; when present it must match the file name, so a copied file is not mistaken
    /// for its original.
    name: Option<Spanned<String>>,
    extends: Option<Spanned<String>>,
    #[serde(default)]
    roles: std::collections::BTreeMap<Spanned<String>, StyleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StyleSpec {
    fg: Option<Spanned<String>>,
    bg: Option<Spanned<String>>,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    italic: bool,
    #[serde(default)]
    underlined: bool,
    #[serde(default)]
    reversed: bool,
    #[serde(default)]
    dim: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    name: String,
    styles: Vec<Option<Style>>,
}

impl Theme {
    pub const BUILTIN: &'static [&'static str] = &["dark", "light", "high-contrast", "mono"];

    /// `name` from `<user_dir>/<name>.toml` if that exists, else the built-in. The result must
    /// define every role, through `extends` or by itself.
    pub fn load(name: &str, user_dir: Option<&Path>) -> Result<Self, FileError> {
        let (theme, path) = load_layer(name, user_dir, &mut Vec::new(), false)?;
        if let Some(role) = Role::ALL
            .iter()
            .find(|r| theme.styles[**r as usize].is_none())
        {
            return Err(FileError::whole_file(
                &path,
                format!(
                    "theme {name:?} does not define role {} (add it, or extends = \"dark\")",
                    role.name()
                ),
            ));
        }
        Ok(theme)
    }

    pub fn style(&self, role: Role) -> Style {
        self.styles
            .get(role as usize)
            .copied()
            .flatten()
            .unwrap_or_default()
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// True when no state has a colour of its own (mono, NO_COLOR): states are then marked in
    /// text as well.
    pub fn colourless(&self) -> bool {
        [Role::Ok, Role::Warning, Role::Critical]
            .iter()
            .all(|&r| self.style(r).fg.is_none() && self.style(r).bg.is_none())
    }
}

/// Loads `name` from the user's themes dir (unless `builtin_only`) or the built-ins, then its
/// base: `extends`, or the built-in of the same name for a user file overriding one. Returns
/// the file it read, for errors about the merged result.
fn load_layer(
    name: &str,
    user_dir: Option<&Path>,
    chain: &mut Vec<String>,
    builtin_only: bool,
) -> Result<(Theme, PathBuf), FileError> {
    let user_file = user_dir
        .filter(|_| !builtin_only)
        .map(|dir| dir.join(format!("{name}.toml")))
        .filter(|p| p.is_file());
    let builtin = BUILTIN.iter().find(|(n, _)| *n == name);
    let (path, text) = match (&user_file, builtin) {
        (Some(path), _) => (
            path.clone(),
            std::fs::read_to_string(path)
                .map_err(|e| FileError::whole_file(path, format!("cannot read: {e}")))?,
        ),
        (None, Some((n, text))) => (
            PathBuf::from(format!("themes/{n}.toml")),
            (*text).to_string(),
        ),
        (None, None) => {
            // Name the file that was looked for, so the user knows where to put it.
            let wanted =
                user_dir.map_or_else(|| PathBuf::from(name), |d| d.join(format!("{name}.toml")));
            return Err(FileError::whole_file(
                &wanted,
                format!(
                    "unknown theme {name:?}; built-in themes: {}",
                    Theme::BUILTIN.join(", ")
                ),
            ));
        }
    };
    chain.push(name.to_string());
    let file: ThemeFile =
        toml::from_str(&text).map_err(|e| FileError::from_toml(&path, &text, &e))?;
    if let Some(given) = &file.name
        && given.get_ref() != name
    {
        return Err(FileError::at_span(
            &path,
            &text,
            Some(given.span()),
            format!(
                "name {:?} does not match the file name; it should be {name:?}",
                given.get_ref()
            ),
        ));
    }
    let overrides_builtin = user_file.is_some() && builtin.is_some();
    let mut theme = if let Some(extends) = &file.extends {
        let at_extends =
            |message: String| FileError::at_span(&path, &text, Some(extends.span()), message);
        let base = extends.get_ref();
        // A user file named after a built-in extends the built-in, not itself.
        let own_builtin = overrides_builtin && base == name;
        if chain.contains(base) && !own_builtin {
            return Err(at_extends(format!(
                "themes extend each other in a cycle: {} -> {base}",
                chain.join(" -> ")
            )));
        }
        // Errors inside the base keep their own location; only "no such theme" is ours.
        load_layer(base, user_dir, chain, own_builtin)
            .map(|(theme, _)| theme)
            .map_err(|e| {
                if e.line == 0 {
                    at_extends(e.message)
                } else {
                    e
                }
            })?
    } else if overrides_builtin {
        load_layer(name, user_dir, chain, true)?.0
    } else {
        Theme {
            name: name.to_string(),
            styles: vec![None; Role::ALL.len()],
        }
    };
    theme.name = name.to_string();
    for (role_name, spec) in &file.roles {
        let role = Role::ALL
            .iter()
            .find(|r| r.name() == role_name.get_ref())
            .ok_or_else(|| {
                FileError::at_span(
                    &path,
                    &text,
                    Some(role_name.span()),
                    format!(
                        "unknown role {:?}; roles: {}",
                        role_name.get_ref(),
                        Role::ALL
                            .iter()
                            .map(|r| r.name())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
        theme.styles[*role as usize] = Some(spec.style(&path, &text)?);
    }
    Ok((theme, path))
}

impl StyleSpec {
    fn style(&self, path: &Path, text: &str) -> Result<Style, FileError> {
        let colour = |c: &Option<Spanned<String>>| -> Result<Option<Color>, FileError> {
            c.as_ref()
                .map(|c| {
                    c.get_ref().parse::<Color>().map_err(|_| {
                        FileError::at_span(
                            path,
                            text,
                            Some(c.span()),
                            format!(
                                "bad colour {:?} (a name like \"cyan\", \"#1e1e2e\" or 0-255)",
                                c.get_ref()
                            ),
                        )
                    })
                })
                .transpose()
        };
        let mut style = Style::default();
        if let Some(fg) = colour(&self.fg)? {
            style = style.fg(fg);
        }
        if let Some(bg) = colour(&self.bg)? {
            style = style.bg(bg);
        }
        for (on, modifier) in [
            (self.bold, Modifier::BOLD),
            (self.italic, Modifier::ITALIC),
            (self.underlined, Modifier::UNDERLINED),
            (self.reversed, Modifier::REVERSED),
            (self.dim, Modifier::DIM),
        ] {
            if on {
                style = style.add_modifier(modifier);
            }
        }
        Ok(style)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_define_every_role_in_terminal_palette_colours() {
        let embedded: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
        assert_eq!(embedded, Theme::BUILTIN);
        for name in Theme::BUILTIN {
            let theme = Theme::load(name, None).expect(name);
            assert_eq!(theme.name(), *name);
            // 16 named colours or indexed ones: safe on 256-colour terminals and through tmux;
            // mono has none at all (NO_COLOR).
            for role in Role::ALL {
                let style = theme.style(*role);
                for colour in [style.fg, style.bg].into_iter().flatten() {
                    assert!(!matches!(colour, Color::Rgb(..)), "{name} {}", role.name());
                    assert_ne!(*name, "mono", "mono colours {}", role.name());
                }
            }
        }
    }
}
