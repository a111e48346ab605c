//! `assets/checkpoint-tab.txt`: the Checkpoint tab of tests/checkpoint_support at 120×40, as the
//! README shows it. The capture must match what the code draws; after a deliberate change,
//! rewrite it with `OPSCONSOLE_WRITE_ASSETS=1 cargo test --test checkpoint_screenshot`.

mod checkpoint_support;
mod common;

use std::path::Path;

use checkpoint_support::{report, showing};
use common::{draw, lines};

#[test]
fn the_capture_in_assets_is_current() {
    let drawn: String = lines(&draw(&mut showing(report()), 120, 40, false))
        .iter()
        .map(|l| format!("{}\n", l.trim_end()))
        .collect();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/checkpoint-tab.txt");
    if std::env::var_os("OPSCONSOLE_WRITE_ASSETS").is_some() {
        std::fs::write(&path, &drawn).expect("write the capture");
    }
    let stored = std::fs::read_to_string(&path).expect("assets/checkpoint-tab.txt");
    assert_eq!(
        stored, drawn,
        "the capture is stale; see the comment at the top"
    );
}
