//! The layer rules of `src/lib.rs`, checked on the source text: pure layers never reach for
//! the runtime, the sources or tokio, and `domain` depends on nothing in the crate.

use std::fs;
use std::path::Path;

fn sources_under(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in fs::read_dir(dir).expect("readable src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path).expect("utf-8 source");
            // Unit tests may build fixtures however they like; the rules are about the code.
            let code = text
                .split("#[cfg(test)]")
                .next()
                .unwrap_or_default()
                .to_string();
            out.push((path.display().to_string(), code));
        }
    }
}

/// Theme and keymap files are read once at start-up by their own types (their schemas live with
/// them); no drawing or key handling code reads files.
const LOADERS: [&str; 2] = ["theme.rs", "keymap.rs"];

fn check(layer: &str, forbidden: &[&str]) {
    let mut files = Vec::new();
    sources_under(&Path::new("src").join(layer), &mut files);
    assert!(!files.is_empty(), "no sources found for {layer}");
    for (path, text) in files {
        let loader = LOADERS.iter().any(|l| path.ends_with(l));
        for needle in forbidden.iter().filter(|n| !(loader && **n == "std::fs")) {
            assert!(
                !text.contains(needle),
                "{path} must not use `{needle}` (layer rules in src/lib.rs)"
            );
        }
    }
}

#[test]
fn domain_depends_on_nothing_in_the_crate() {
    check(
        "domain",
        &[
            "crate::app",
            "crate::ui",
            "crate::sources",
            "crate::runtime",
            "crate::config",
            "tokio::",
        ],
    );
}

#[test]
fn app_is_pure() {
    check(
        "app",
        &[
            "crate::ui",
            "crate::sources",
            "crate::runtime",
            "crate::config",
            "tokio::",
            "Instant::now",
            "Utc::now",
            "std::fs",
        ],
    );
}

#[test]
fn ui_and_input_never_do_io() {
    for layer in ["ui", "input"] {
        check(
            layer,
            &[
                "crate::sources",
                "crate::runtime",
                "tokio::",
                "Instant::now",
                "Utc::now",
                "std::fs",
                "std::net",
            ],
        );
    }
}

#[test]
fn sources_never_reach_into_the_ui() {
    check(
        "sources",
        &[
            "crate::app",
            "crate::ui",
            "crate::runtime",
            "crate::input",
            "crate::config",
            "crate::commands",
        ],
    );
}

#[test]
fn headless_commands_never_need_the_interactive_loop() {
    check("commands", &["crate::runtime"]);
}

#[test]
fn runbooks_never_reach_into_the_ui() {
    check(
        "runbook",
        &[
            "crate::app",
            "crate::ui",
            "crate::input",
            "crate::runtime",
            "crate::commands",
        ],
    );
}

#[test]
fn the_checkpoint_is_evaluated_below_the_ui() {
    // It reads sources and the audit; the tab, the report command and `check` all call it.
    check(
        "checkpoint",
        &[
            "crate::app",
            "crate::ui",
            "crate::input",
            "crate::runtime",
            "crate::commands",
            "crate::config",
        ],
    );
}

/// Each small rule lives once: `needle` may appear only in `home` (under src/).
fn only_in(home: &str, needles: &[&str], rule: &str) {
    let mut files = Vec::new();
    sources_under(Path::new("src"), &mut files);
    for (path, text) in files {
        if Path::new(&path) == Path::new("src").join(home) {
            continue;
        }
        for needle in needles {
            assert!(
                !text.contains(needle),
                "{path} has `{needle}`: {rule} lives in src/{home} only"
            );
        }
    }
}

#[test]
fn one_duration_grammar_and_one_freshness_rule() {
    // A match on unit names is a second grammar; use `domain::duration::parse`.
    only_in(
        "domain/duration.rs",
        &["\"ms\" =>", "\"s\" =>", "\"h\" =>", "\"d\" =>"],
        "the duration grammar",
    );
    only_in(
        "domain/panel.rs",
        &["interval * 2", "2 * interval", "STALE_AFTER_INTERVALS"],
        "the freshness rule (`Freshness::of`)",
    );
}

/// Views draw; they do not judge or choose. What is warning or critical is decided beside the
/// figure in the domain, and which row is selected (the row runbooks act on) in `app`.
#[test]
fn the_ui_neither_judges_nor_picks_rows() {
    check(
        "ui",
        &[
            "Health::rising",
            "Health::falling",
            "=> Health::",
            "selected_key",
            "SortKey",
        ],
    );
}
