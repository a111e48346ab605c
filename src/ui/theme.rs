//! Themes give styles to meanings (ok, warning, critical, muted, …), never to widgets, so every
//! tab stays consistent. Built-ins are embedded; a user file in `<config dir>/themes/NAME.toml`
//! either extends another theme (`extends = "dark"`) and lists only the roles it changes, or
//! has a built-in's name and so overrides parts of it.

use std::path::{Path, PathBuf};
use std::str::FromStr;

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
    #[allow(dead_code)]
    name: Option<String>,
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
    pub const BUILTIN: [&'static str; 4] = [BUILTIN[0].0, BUILTIN[1].0, BUILTIN[2].0, BUILTIN[3].0];

    pub fn load(name: &str, user_dir: Option<&Path>) -> Result<Self, FileError> {
        let theme = load_layer(name, user_dir, &mut Vec::new(), false)?;
        if let Some(role) = Role::ALL
            .iter()
            .find(|r| theme.styles[**r as usize].is_none())
        {
            return Err(FileError::whole_file(
                Path::new(name),
                format!("theme {name:?} does not define role {}", role.name()),
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
}

/// Loads `name` from the user's themes dir (unless `builtin_only`) or the built-ins, then its
/// base: `extends`, or the built-in of the same name for a user file overriding one.
fn load_layer(
    name: &str,
    user_dir: Option<&Path>,
    chain: &mut Vec<String>,
    builtin_only: bool,
) -> Result<Theme, FileError> {
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
            return Err(FileError::whole_file(
                Path::new(name),
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
    let mut theme = if let Some(extends) = &file.extends {
        let at_extends =
            |message: String| FileError::at_span(&path, &text, Some(extends.span()), message);
        if chain.contains(extends.get_ref()) {
            return Err(at_extends(format!(
                "themes extend each other in a cycle: {} -> {}",
                chain.join(" -> "),
                extends.get_ref()
            )));
        }
        load_layer(extends.get_ref(), user_dir, chain, false)
            .map_err(|e| at_extends(e.to_string()))?
    } else if user_file.is_some() && builtin.is_some() {
        load_layer(name, user_dir, chain, true)?
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
    Ok(theme)
}

impl StyleSpec {
    fn style(&self, path: &Path, text: &str) -> Result<Style, FileError> {
        let colour = |c: &Option<Spanned<String>>| -> Result<Option<Color>, FileError> {
            c.as_ref()
                .map(|c| {
                    Color::from_str(c.get_ref()).map_err(|_| {
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
    fn builtins_define_every_role() {
        for name in Theme::BUILTIN {
            let theme = Theme::load(name, None).expect(name);
            assert_eq!(theme.name(), name);
        }
        let mono = Theme::load("mono", None).expect("mono");
        assert!(
            Role::ALL
                .iter()
                .all(|r| mono.style(*r).fg.is_none() && mono.style(*r).bg.is_none()),
            "mono has no colours"
        );
    }
}
