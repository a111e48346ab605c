//! The real console in a pseudo-terminal, driven by `tests/pty_session.py` as a user would:
//! its report, every byte it wrote to the terminal, and its state directory (logs, audit).

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

pub struct PtyRun {
    pub report: HashMap<String, String>,
    pub bytes: Vec<u8>,
    pub state_dir: PathBuf,
}

/// What to press: tab keys (each waited for until the tab bar shows it), then other keys (a
/// second apart); `q` follows.
pub struct Keys<'a> {
    pub tabs: &'a str,
    pub then: &'a str,
}

/// Runs the console with `args` until `ready` is on screen (then `settle` seconds), presses
/// `keys` and quits with `q`.
pub fn run(args: &str, ready: &str, settle: &str, keys: &Keys, env: &[(&str, &str)]) -> PtyRun {
    let dump = super::scratch_dir("pty").join("terminal.bytes");
    let output = Command::new("python3")
        .args([
            "tests/pty_session.py",
            env!("CARGO_BIN_EXE_opsconsole"),
            "quit-key",
        ])
        .env("OPSCONSOLE_PTY_ARGS", args)
        .env("OPSCONSOLE_PTY_READY", ready)
        .env("OPSCONSOLE_PTY_SETTLE", settle)
        .env("OPSCONSOLE_PTY_KEYS", keys.tabs)
        .env("OPSCONSOLE_PTY_THEN", keys.then)
        .env("OPSCONSOLE_PTY_DUMP", &dump)
        .envs(env.iter().copied())
        .output()
        .expect("python3 is needed for the pseudo-terminal harness");
    assert!(
        output.status.success(),
        "harness failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: HashMap<String, String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| {
            l.split_once(' ')
                .map(|(k, v)| (k.to_string(), v.to_string()))
        })
        .collect();
    assert_eq!(report["exit_status"], "0", "{report:?}");
    let bytes = std::fs::read(&dump).expect("the harness dumps the terminal's bytes");
    std::fs::remove_dir_all(dump.parent().expect("dir")).ok();
    let state_dir = PathBuf::from(&report["state_dir"]);
    PtyRun {
        report,
        bytes,
        state_dir,
    }
}
