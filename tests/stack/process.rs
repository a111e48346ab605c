//! Processes for the test stack: required binaries, free loopback ports, scratch directories,
//! children with their output in a log file, and waiting until a server answers.

use std::fs;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;

use super::http;

pub const READY_TIMEOUT: Duration = Duration::from_secs(60);

pub fn require(binary: &str) {
    assert!(
        Path::new(binary).is_file(),
        "{binary} is missing: run `bash scripts/install-test-deps.sh` (the README's test command does)"
    );
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// A fresh directory under the system temp dir, removed with the stack.
pub fn scratch_dir(name: &str) -> PathBuf {
    let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
    let dir =
        std::env::temp_dir().join(format!("opsconsole-{name}-{}-{nanos}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    dir
}

pub fn spawn_logged(dir: &Path, name: &str, command: &mut Command) -> Child {
    let log = fs::File::create(dir.join(format!("{name}.log"))).expect("log file");
    let err = log.try_clone().expect("log file");
    command
        .stdout(Stdio::from(log))
        .stderr(Stdio::from(err))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {name}: {e}"))
}

/// Debian's Prometheus on 127.0.0.1:`port`, with `prometheus.yml` and its data in `dir`.
pub fn prometheus(dir: &Path, port: u16) -> Command {
    let mut command = Command::new(super::PROMETHEUS);
    command
        .current_dir(dir)
        .arg(format!(
            "--config.file={}",
            dir.join("prometheus.yml").display()
        ))
        .arg(format!(
            "--storage.tsdb.path={}",
            dir.join("data").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"));
    command
}

pub fn opsconsole() -> Command {
    Command::new(env!("CARGO_BIN_EXE_opsconsole"))
}

pub fn first_line(child: &mut Child) -> String {
    let stdout = child.stdout.take().expect("piped stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the address line");
    line
}

pub fn wait_ready(url: &str, path: &str, dir: &Path, name: &str) {
    let deadline = Instant::now() + READY_TIMEOUT;
    while Instant::now() < deadline {
        if http::get(url, path).0 == 200 {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let log = fs::read_to_string(dir.join(format!("{name}.log"))).unwrap_or_default();
    panic!("{name} at {url} never became ready; log:\n{log}");
}
