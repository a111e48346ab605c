//! Golden text captures: every tab, the help and a runbook plan at 80×24, 120×40 and 200×50,
//! in the default theme and with `--ascii`, compared with the files in tests/golden/. A layout
//! change shows up as a reviewed diff of those files:
//! `OPSCONSOLE_ACCEPT_GOLDEN=1 cargo test --test golden` rewrites them.

mod checkpoint_support;
mod common;
mod golden_support;

use std::fs;

use golden_support::{
    ACCEPT, SIZES, capture, diff, file_name, file_text, golden_path, scenes, snapshot,
};
use opsconsole::domain::checkpoint::format::blocking_failures;

#[test]
fn captures_match_the_committed_goldens() {
    let accept = std::env::var_os(ACCEPT).is_some();
    let mut failures = Vec::new();
    for (scene, state) in scenes() {
        for size in SIZES {
            for ascii in [false, true] {
                let name = file_name(scene, size, ascii);
                let actual = file_text(&capture(&mut state(), size.0, size.1, ascii).lines);
                let path = golden_path(&name);
                if accept {
                    fs::create_dir_all(path.parent().expect("a folder")).expect("golden folder");
                    fs::write(&path, &actual).expect("write a golden capture");
                    continue;
                }
                match fs::read_to_string(&path) {
                    Ok(expected) if expected == actual => {}
                    Ok(expected) => failures.push(format!("{name}:\n{}", diff(&expected, &actual))),
                    Err(e) => failures.push(format!("{name}: no golden capture ({e})")),
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} capture(s) differ from tests/golden/:\n{}\nIf the change is intended, review and \
         accept it: {ACCEPT}=1 cargo test --test golden",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn ascii_captures_are_plain_ascii_and_our_text_never_needs_the_fallback() {
    for (scene, state) in scenes() {
        for size in SIZES {
            for ascii in [false, true] {
                let name = file_name(scene, size, ascii);
                let capture = capture(&mut state(), size.0, size.1, ascii);
                assert_eq!(capture.fallbacks, 0, "{name}: cells with no ASCII stand-in");
                if ascii {
                    let screen = capture.lines.join("\n");
                    let odd: String = screen.chars().filter(|c| !c.is_ascii()).collect();
                    assert!(odd.is_empty(), "{name}: {odd:?} in\n{screen}");
                }
            }
        }
    }
}

/// Whether `sentence` can be read whole on the screen: on one row, or wrapped over the next
/// rows within one pane (the columns between two borders of the row it starts on).
fn shows_whole(lines: &[String], sentence: &str) -> bool {
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let wanted = words(sentence);
    let rows: Vec<Vec<char>> = lines.iter().map(|l| l.chars().collect()).collect();
    rows.iter().enumerate().any(|(y, row)| {
        let mut edges: Vec<usize> = (0..row.len()).filter(|&x| "│┃║".contains(row[x])).collect();
        edges.insert(0, 0);
        edges.push(row.len());
        edges.windows(2).any(|w| {
            let (from, to) = (w[0], w[1]);
            let text: Vec<String> = rows[y..rows.len().min(y + 6)]
                .iter()
                .map(|r| r[from.min(r.len())..to.min(r.len())].iter().collect())
                .collect();
            words(&text.join(" ").replace(['│', '┃', '║'], " ")).contains(&wanted)
        })
    })
}

/// The verdicts a reader needs, each in the wording of the domain figure it states.
fn verdict_sentences() -> Vec<(&'static str, String)> {
    let snapshot = snapshot();
    let mut sentences = Vec::new();
    // Every service of the seeded quiet hour burns alike, so the selected one's verdict is known
    // whichever row is selected; a scene where they differ must say which service it expects.
    let verdicts: Vec<String> = snapshot
        .latency
        .as_ref()
        .expect("latency figures")
        .services
        .iter()
        .map(|s| s.burn_verdict().sentence())
        .collect();
    assert!(
        verdicts.windows(2).all(|w| w[0] == w[1]) && !verdicts.is_empty(),
        "{verdicts:?}"
    );
    sentences.push(("latency", verdicts[0].clone()));
    let security = snapshot.security.as_ref().expect("security figures");
    sentences.push((
        "security",
        format!(
            "target >= {}%",
            opsconsole::domain::checkpoint::criterion::trim_number(security.score_target_percent)
        ),
    ));
    if let Some(basis) = &security.score_basis {
        sentences.push(("security", basis.clone()));
    }
    let cost = snapshot.cost.as_ref().expect("cost figures");
    sentences.push(("cost", cost.forecast_method.clone()));
    let readiness = snapshot.readiness.as_ref().expect("readiness figures");
    sentences.push(("readiness", readiness.summary()));
    sentences.push((
        "readiness",
        format!("level {}", readiness.level().label().to_uppercase()),
    ));
    let report = checkpoint_support::report();
    sentences.push(("checkpoint", report.summary.headline()));
    for failure in blocking_failures(&report) {
        sentences.push(("checkpoint", failure));
    }
    sentences
}

#[test]
fn verdict_sentences_are_whole_at_80_by_24() {
    let cut: Vec<String> = verdict_sentences()
        .into_iter()
        .filter_map(|(scene, sentence)| {
            let state = scenes()
                .into_iter()
                .find(|(name, _)| *name == scene)
                .map(|(_, state)| state)
                .expect("a scene");
            let lines = capture(&mut state(), 80, 24, false).lines;
            (!shows_whole(&lines, &sentence))
                .then(|| format!("{scene}: {sentence:?} in\n{}", lines.join("\n")))
        })
        .collect();
    assert!(cut.is_empty(), "cut at 80x24:\n{}", cut.join("\n\n"));
}

#[test]
fn a_sentence_wrapped_inside_a_pane_counts_as_whole_and_a_cut_one_does_not() {
    let screen: Vec<String> = [
        "│left pane │ the forecast is made │",
        "│more text │ from the last 7 days │",
        "│          │ of spend             │",
    ]
    .map(String::from)
    .to_vec();
    assert!(shows_whole(
        &screen,
        "the forecast is made from the last 7 days of spend"
    ));
    assert!(!shows_whole(
        &screen,
        "the forecast is made from the last 8 days"
    ));
    assert!(
        !shows_whole(&screen, "pane the forecast"),
        "not across a border"
    );
}

/// The README's screens are golden captures (`<!-- capture: PATH -->` before each block), so
/// they cannot drift from what the console draws; `scripts/readme_captures.py` copies them.
#[test]
fn the_readme_shows_the_golden_captures() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("README.md")).expect("README.md");
    let mut shown = 0;
    for (at, _) in readme.match_indices("<!-- capture: ") {
        let rest = &readme[at + "<!-- capture: ".len()..];
        let path = &rest[..rest.find(" -->").expect("a closed marker")];
        let block = rest
            .split_once("```text\n")
            .and_then(|(_, b)| b.split_once("```"))
            .map(|(b, _)| b)
            .expect("a text block after the marker");
        let golden = fs::read_to_string(root.join(path)).expect("the captured file");
        assert_eq!(
            block.trim_end(),
            golden.trim_end(),
            "README's capture of {path} is not the file: run scripts/readme_captures.py"
        );
        shown += 1;
    }
    assert!(
        shown >= 12,
        "the README shows every tab at 80x24 and 120x40: {shown} captures"
    );
}
