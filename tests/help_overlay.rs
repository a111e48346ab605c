//! The help overlay and the README's key table tell the keymap's truth. The help, drawn at 80×24
//! and 200×50 and scrolled with the real keys: every group heading, every action's whole
//! description, keys never running into the next column, and the end reachable but not passed.
//! The README's table: exactly the default keymap's bindings.

mod common;

use std::collections::BTreeMap;

use common::{draw, keymap, lines, simulator, state_with};
use opsconsole::app::{Action, AppState, Overlay, Topic, update};
use opsconsole::input::translate_key;
use opsconsole::ui::format::symbols;
use opsconsole::ui::overlays::help::{Group, MAX_WIDTH};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(state: &mut AppState, code: KeyCode) {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(message) = translate_key(&key, state, &keymap()) {
        update(state, message);
    }
}

fn help_scroll(state: &AppState) -> usize {
    match state.overlay {
        Overlay::Help { scroll } => usize::from(scroll),
        other => panic!("help is not open: {other:?}"),
    }
}

/// One screenful of the help box: where it is, its title and its rows inside the border.
struct Screen {
    left: usize,
    width: usize,
    title: String,
    rows: Vec<String>,
}

fn screen(state: &mut AppState, size: (u16, u16), ascii: bool) -> Screen {
    let screen: Vec<Vec<char>> = lines(&draw(state, size.0, size.1, ascii))
        .iter()
        .map(|l| l.chars().collect())
        .collect();
    let text = |row: &[char], from: usize, to: usize| row[from..to].iter().collect::<String>();
    let (top, title_at) = screen
        .iter()
        .enumerate()
        .find_map(|(y, row)| {
            (0..row.len().saturating_sub(5))
                .find(|x| text(row, *x, x + 5) == " Keys")
                .map(|x| (y, x))
        })
        .expect("the help box's title");
    // The title starts right after the box's left corner; the box is centred.
    let left = title_at - 1;
    let width = usize::from(size.0.min(MAX_WIDTH));
    let side = screen[top + 1][left];
    let rows = screen[top + 1..]
        .iter()
        .take_while(|row| row[left] == side)
        .map(|row| text(row, left + 1, left + width - 1))
        .collect();
    let title = text(&screen[top], left, left + width);
    Screen {
        left,
        width,
        title,
        rows,
    }
}

/// Every row of the help, collected by scrolling down with the real key until it stops.
fn whole_help(size: (u16, u16), ascii: bool) -> (Vec<String>, Screen) {
    let mut state = state_with(simulator().snapshot(), Topic::Scaling);
    press(&mut state, KeyCode::Char('?'));
    let mut content: Vec<String> = Vec::new();
    loop {
        let shown = screen(&mut state, size, ascii);
        let scroll = help_scroll(&state);
        content.truncate(scroll);
        content.extend(shown.rows.iter().cloned());
        press(&mut state, KeyCode::Char('j'));
        let _ = screen(&mut state, size, ascii);
        if help_scroll(&state) == scroll {
            // Clamped at the end: one key back up moves the view at once.
            press(&mut state, KeyCode::Char('k'));
            let _ = screen(&mut state, size, ascii);
            assert_eq!(help_scroll(&state) + 1, scroll.max(1), "{size:?}");
            return (content, shown);
        }
    }
}

fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_help(size: (u16, u16), ascii: bool) {
    let keymap = keymap();
    let (content, last) = whole_help(size, ascii);
    assert_eq!(last.width, usize::from(size.0.min(100)), "{size:?}");
    assert_eq!(last.left, usize::from(size.0.saturating_sub(100) / 2));
    // The last screen ends on the last line and says so.
    let total = content.len();
    assert!(last.title.contains(&format!("/{total} ")), "{}", last.title);
    let final_action = Action::ALL
        .iter()
        .rfind(|a| Group::of(**a) == Group::Help)
        .expect("a help action");
    let end = folded(last.rows.last().expect("a row"));
    assert!(end.ends_with(final_action.description().as_ref()), "{end}");

    for group in Group::ALL {
        assert!(
            content.iter().any(|r| r.trim_end() == group.heading()),
            "{group:?}"
        );
    }
    let joined = folded(&content.join(" "));
    let names = size.0 >= 100;
    for action in Action::ALL {
        let description = symbols(&action.description(), ascii);
        assert!(joined.contains(&folded(&description)), "{action} cut");
        // Its first row: indent, keys, two spaces at least, [name, two spaces,] description.
        let keys = keymap.describe_keys(*action);
        let first_words: String = folded(&description).chars().take(12).collect();
        let row = content.iter().find(|row| {
            let Some(rest) = row.strip_prefix(&format!("  {keys}  ")) else {
                return false;
            };
            let rest = rest.trim_start();
            let rest = if names {
                match rest.strip_prefix(&format!("{}  ", action.name())) {
                    Some(after_name) => after_name.trim_start(),
                    None => return false,
                }
            } else {
                rest
            };
            rest.starts_with(&first_words)
        });
        assert!(
            row.is_some(),
            "{action} at {size:?}: keys and description apart"
        );
    }
    if ascii {
        assert!(content.iter().all(|r| r.is_ascii()), "{content:?}");
    }
}

#[test]
fn help_at_80x24_wraps_descriptions_under_themselves_and_scrolls_to_the_end() {
    check_help((80, 24), false);
    check_help((80, 24), true);
}

#[test]
fn help_at_200x50_stays_readable_and_shows_the_keymap_names() {
    check_help((200, 50), false);
}

/// `| `down`, `j` / `up`, `k` | select-next / select-previous | … |`: each action's keys.
fn readme_key_table() -> BTreeMap<String, Vec<String>> {
    let readme = std::fs::read_to_string("README.md").expect("README");
    let section = readme.split("\n## Keys\n").nth(1).expect("a Keys section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut listed = BTreeMap::new();
    for row in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.trim_start_matches("| ").split(" | ").collect();
        let keys: Vec<&str> = cells[0].split(" / ").collect();
        let actions: Vec<&str> = cells[1].split(" / ").collect();
        assert_eq!(keys.len(), actions.len(), "{row}");
        for (keys, action) in keys.iter().zip(actions) {
            let keys = keys.split(", ").map(|k| k.trim_matches('`').to_string());
            let previous = listed.insert(action.to_string(), keys.collect());
            assert!(previous.is_none(), "{action} listed twice");
        }
    }
    listed
}

#[test]
fn the_readme_key_table_is_the_default_keymap() {
    let keymap = keymap();
    let listed = readme_key_table();
    for action in Action::ALL {
        let bound: Vec<String> = keymap.keys(*action).iter().map(|k| k.to_string()).collect();
        assert_eq!(listed.get(action.name().as_ref()), Some(&bound), "{action}");
    }
    assert_eq!(listed.len(), Action::ALL.len(), "{listed:?}");
}
