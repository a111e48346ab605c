//! The help overlay, generated from the live keymap so it always tells the truth. Actions are
//! grouped by where they act; each group's key column is as wide as its widest keys, and
//! descriptions wrap under themselves, so nothing is cut and no column runs into the next.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::boxed;
use crate::app::{Action, KeyContext};
use crate::ui::RenderContext;
use crate::ui::format::symbols;
use crate::ui::theme::Role;

/// Wider lines are hard to read; on a wide terminal the box stays centred at this width.
pub const MAX_WIDTH: u16 = 100;
/// Action names (the keymap.toml vocabulary) are shown only if descriptions keep this room.
const MIN_DESCRIPTION: usize = 56;
const INDENT: usize = 2;
const GAP: usize = 2;

/// Where an action acts: the keymap's contexts, with the global keys that change the current
/// tab's view (chart range, checkpoint week) in a group of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Global,
    Tab,
    Table,
    Detail,
    Overlay,
    Runbook,
    Help,
}

impl Group {
    pub const ALL: [Self; 7] = [
        Self::Global,
        Self::Tab,
        Self::Table,
        Self::Detail,
        Self::Overlay,
        Self::Runbook,
        Self::Help,
    ];

    pub fn of(action: Action) -> Self {
        match action {
            Action::NextRange
            | Action::PreviousRange
            | Action::PreviousWeek
            | Action::NextWeek
            | Action::ThisWeek => Self::Tab,
            _ => match action.context() {
                KeyContext::Global => Self::Global,
                KeyContext::Table => Self::Table,
                KeyContext::Detail => Self::Detail,
                KeyContext::Help => Self::Help,
                KeyContext::Overlay => Self::Overlay,
                KeyContext::Runbook => Self::Runbook,
            },
        }
    }

    pub fn heading(self) -> &'static str {
        match self {
            Self::Global => "Global: anywhere",
            Self::Tab => "Tab: the current tab's charts and weeks",
            Self::Table => "Table: the current tab's rows (movement keys also scroll overlays)",
            Self::Detail => "Detail: a row opened with Enter (x acts on it, i shows its sources)",
            Self::Overlay => "Overlays: inspect, alerts, environments, runbooks, audit",
            Self::Runbook => "Runbook: from the plan to the result",
            Self::Help => "Help: this view",
        }
    }
}

struct Entry {
    keys: String,
    name: String,
    description: String,
}

fn entries(group: Group, context: &RenderContext) -> Vec<Entry> {
    Action::ALL
        .iter()
        .filter(|a| Group::of(**a) == group)
        .map(|a| {
            let keys = context.keymap.describe_keys(*a);
            Entry {
                keys: if keys.is_empty() {
                    "unbound".into()
                } else {
                    keys
                },
                name: a.name().into_owned(),
                description: symbols(&a.description(), context.ascii),
            }
        })
        .collect()
}

fn widest<'a>(texts: impl Iterator<Item = &'a str>) -> usize {
    texts.map(|t| t.chars().count()).max().unwrap_or(0)
}

/// The help's lines for a box `width` columns wide inside its border.
fn lines(width: u16, context: &RenderContext) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let groups: Vec<(Group, Vec<Entry>)> = Group::ALL
        .into_iter()
        .map(|g| (g, entries(g, context)))
        .filter(|(_, e)| !e.is_empty())
        .collect();
    // Very long key lists (a user's keymap) wrap rather than squeeze the descriptions out.
    let key_column = |e: &[Entry]| (widest(e.iter().map(|e| e.keys.as_str())) + GAP).min(width / 3);
    let name_column = |e: &[Entry]| widest(e.iter().map(|e| e.name.as_str())) + GAP;
    let show_names = groups.iter().all(|(_, e)| {
        width.saturating_sub(INDENT + key_column(e) + name_column(e)) >= MIN_DESCRIPTION
    });
    let (keys_style, muted, text) = (
        context.style(Role::Accent),
        context.style(Role::Muted),
        context.style(Role::Text),
    );
    let mut lines = Vec::new();
    for (group, entries) in &groups {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        let heading = wrap(group.heading(), width);
        let bold = keys_style.add_modifier(Modifier::BOLD);
        lines.extend(heading.into_iter().map(|h| Line::styled(h, bold)));
        let keys_width = key_column(entries);
        let names_width = if show_names { name_column(entries) } else { 0 };
        let description_width = width.saturating_sub(INDENT + keys_width + names_width);
        for entry in entries {
            let keys = wrap(&entry.keys, keys_width.saturating_sub(GAP));
            let description = wrap(&entry.description, description_width);
            for row in 0..keys.len().max(description.len()) {
                let cell = |cells: &[String]| cells.get(row).cloned().unwrap_or_default();
                let name = if row == 0 && show_names {
                    entry.name.as_str()
                } else {
                    ""
                };
                lines.push(Line::from(vec![
                    Span::raw(" ".repeat(INDENT)),
                    Span::styled(format!("{:<keys_width$}", cell(&keys)), keys_style),
                    Span::styled(format!("{name:<names_width$}"), muted),
                    Span::styled(cell(&description), text),
                ]));
            }
        }
    }
    lines
}

/// Greedy word wrap to `width` columns; a word longer than a line is split, never cut.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let used = line.chars().count();
        if used > 0 && used + 1 + word.chars().count() <= width {
            line.push(' ');
            line.push_str(word);
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
        }
        let chars: Vec<char> = word.chars().collect();
        let mut chunks = chars.chunks(width).peekable();
        while let Some(chunk) = chunks.next() {
            let chunk: String = chunk.iter().collect();
            if chunks.peek().is_some() {
                lines.push(chunk);
            } else {
                line = chunk;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws the help scrolled to `scroll` (clamped to the content) and returns the scroll used, so
/// the state never runs past the end and the first key back up moves the view.
pub fn render(frame: &mut Frame, area: Rect, scroll: u16, context: &RenderContext) -> u16 {
    let width = area.width.min(MAX_WIDTH);
    let lines = lines(width.saturating_sub(2), context);
    let total = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let height = total.saturating_add(2).min(area.height);
    let visible = height.saturating_sub(2);
    let scroll = scroll.min(total.saturating_sub(visible));
    let title = if visible < total {
        let keys = |action| context.keymap.first_key(action).unwrap_or_default();
        format!(
            " Keys · {}/{} scroll · {}-{}/{total} ",
            keys(Action::SelectNext),
            keys(Action::SelectPrevious),
            scroll + 1,
            scroll + visible,
        )
    } else {
        " Keys (from the active keymap) ".to_string()
    };
    let title = symbols(&title, context.ascii);
    let (box_area, block) = boxed(area, (width, height), &title, context);
    frame.render_widget(Clear, box_area);
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(usize::from(scroll))
        .take(usize::from(visible))
        .collect();
    let paragraph = Paragraph::new(shown)
        .block(block)
        .style(context.style(Role::Text));
    frame.render_widget(paragraph, box_area);
    scroll
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_words_and_splits_only_words_longer_than_a_line() {
        assert_eq!(wrap("Select the next row", 10), ["Select the", "next row"]);
        assert_eq!(wrap("q, ctrl+c", 20), ["q, ctrl+c"]);
        assert_eq!(wrap("abcdefgh ij", 3), ["abc", "def", "gh", "ij"]);
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(wrap("a b", 0), ["a", "b"]);
    }
}
