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
    let dump_path = dump.to_string_lossy();
    let mut settings = vec![
        ("OPSCONSOLE_PTY_ARGS", args),
        ("OPSCONSOLE_PTY_READY", ready),
        ("OPSCONSOLE_PTY_SETTLE", settle),
        ("OPSCONSOLE_PTY_KEYS", keys.tabs),
        ("OPSCONSOLE_PTY_THEN", keys.then),
        ("OPSCONSOLE_PTY_DUMP", &dump_path),
    ];
    settings.extend_from_slice(env);
    let report = session("quit-key", &settings);
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

/// One harness session ended by `ending` (quit-key, sigterm, sighup, …) with the harness's
/// settings in `env`; its report (key timings, exit time and status, terminal restored).
pub fn session(ending: &str, env: &[(&str, &str)]) -> HashMap<String, String> {
    let output = Command::new("python3")
        .args([
            "tests/pty_session.py",
            env!("CARGO_BIN_EXE_opsconsole"),
            ending,
        ])
        .envs(env.iter().copied())
        .output()
        .expect("python3 is needed for the pseudo-terminal harness");
    assert!(
        output.status.success(),
        "harness failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| {
            l.split_once(' ')
                .map(|(k, v)| (k.to_string(), v.to_string()))
        })
        .collect()
}
