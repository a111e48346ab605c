//! The detail views as a surface: `describe KIND/NAME` for every subject a per-object figure
//! names (`group.web.cpu` → `group/web`). Each of the tab's drawn figures appears in its
//! subject's detail on a line with the catalogue's label, in the catalogue's text.

use std::collections::BTreeMap;
use std::path::Path;

use opsconsole::domain::{FleetSnapshot, figure};

/// The kinds whose figures name their subject.
const KINDS: [&str; 3] = ["group", "service", "database"];

/// `describe` text by subject (`group/web`).
pub fn gather(config: &Path, extra: &[&str], poll: &FleetSnapshot) -> BTreeMap<String, String> {
    subjects(poll)
        .into_keys()
        .map(|subject| {
            let text = super::run(config, extra, &["describe", &subject]);
            (subject, text)
        })
        .collect()
}

/// Each subject with its drawn figures' ids.
fn subjects(poll: &FleetSnapshot) -> BTreeMap<String, Vec<String>> {
    let mut subjects: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for id in figure::ids(poll) {
        let Some((kind, rest)) = id.split_once('.') else {
            continue;
        };
        let Some((name, _)) = rest.rsplit_once('.') else {
            continue;
        };
        let drawn = figure::definition(&id).is_some_and(|d| d.drawn);
        if KINDS.contains(&kind) && drawn {
            subjects
                .entry(format!("{kind}/{name}"))
                .or_default()
                .push(id);
        }
    }
    subjects
}

/// With `exact` (one fleet, no engine moving between commands) the value's text must match;
/// otherwise the figure must at least be there under its label.
pub fn show_their_figures(
    details: &BTreeMap<String, String>,
    poll: &FleetSnapshot,
    exact: bool,
    problems: &mut Vec<String>,
) {
    assert!(!details.is_empty(), "no subject has figures");
    for (subject, ids) in subjects(poll) {
        let text = &details[&subject];
        for id in ids {
            let definition = figure::definition(&id).expect("catalogued");
            let label = definition.label.to_lowercase();
            let value = figure::read(poll, &id).expect("reads");
            let shown = definition.text(value);
            let found = text.lines().any(|line| {
                line.to_lowercase().contains(&label) && (!exact || line.contains(&shown))
            });
            if !found {
                problems.push(format!(
                    "describe {subject}: no line with {label:?}{}",
                    if exact {
                        format!(" and {shown}")
                    } else {
                        String::new()
                    }
                ));
            }
        }
    }
}
