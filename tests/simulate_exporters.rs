//! The real binary feeding the real Prometheus tools: `simulate history` backfills with
//! `promtool tsdb create-blocks-from openmetrics`, `simulate serve` answers scrapes that pass
//! `promtool check metrics`, continues the history's counters, and stops cleanly on SIGTERM.
//! promtool is required (Debian: `apt-get install prometheus`); without it these tests fail.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::{DurationRound, Utc};

const BIN: &str = env!("CARGO_BIN_EXE_opsconsole");
const API_OK: &str = "http_requests_total{service=\"api\",code=\"200\"}";

fn promtool(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new("promtool")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promtool is needed for these tests (apt-get install prometheus)");
    let mut input = child.stdin.take().expect("piped stdin");
    input
        .write_all(stdin.unwrap_or_default())
        .expect("promtool reads stdin");
    drop(input);
    child.wait_with_output().expect("promtool finishes")
}

fn history(dir: &Path, start: &str) -> std::path::PathBuf {
    let file = dir.join("history.om");
    let output = Command::new(BIN)
        .args(["simulate", "history", "--days", "1", "--seed", "7"])
        .args(["--start", start, "-o"])
        .arg(&file)
        .output()
        .expect("the binary runs");
    assert!(output.status.success(), "{output:?}");
    file
}

/// The last value of `series` in an OpenMetrics file (value, timestamp).
fn last_sample(file: &Path, series: &str) -> (f64, i64) {
    let text = std::fs::read_to_string(file).expect("history is readable");
    let line = text
        .lines()
        .rev()
        .find(|l| l.starts_with(series))
        .expect("the series is in the history");
    let mut fields = line[series.len()..].split_whitespace();
    let value = fields.next().and_then(|v| v.parse().ok()).expect("value");
    let at = fields.next().and_then(|t| t.parse().ok()).expect("seconds");
    (value, at)
}

#[test]
fn history_backfills_into_prometheus_blocks() {
    let dir = tempdir("backfill");
    let file = history(&dir, "2026-11-18T03:00:00Z");
    let text = std::fs::read_to_string(&file).expect("readable");
    assert!(text.ends_with("\n# EOF\n"), "# EOF last, nothing after it");
    // 03:00 on the 18th minus one minute, in seconds.
    assert_eq!(last_sample(&file, API_OK).1, 1_794_970_740);
    let blocks = dir.join("blocks");
    let file_arg = file.to_str().expect("utf-8 path");
    let blocks_arg = blocks.to_str().expect("utf-8 path");
    let args = [
        "tsdb",
        "create-blocks-from",
        "openmetrics",
        "--max-block-duration=24h",
    ];
    let output = promtool(&[&args[..], &[file_arg, blocks_arg]].concat(), None);
    assert!(output.status.success(), "{output:?}");
    let metas = std::fs::read_dir(&blocks)
        .expect("a data dir")
        .filter_map(Result::ok)
        .filter(|entry| entry.path().join("meta.json").is_file())
        .count();
    assert!(metas >= 1, "a block directory appeared");
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn serve_answers_scrapes_continues_the_history_and_stops_on_sigterm() {
    let now = Utc::now();
    let minute = now
        .duration_trunc(chrono::Duration::minutes(1))
        .unwrap_or(now);
    let start = minute.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let dir = tempdir("serve");
    let (history_end, history_at) = last_sample(&history(&dir, &start), API_OK);
    assert_eq!(
        history_at,
        (minute - chrono::Duration::minutes(1)).timestamp()
    );

    let serve = [
        "simulate",
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--seed",
        "7",
    ];
    let mut server = Server(
        Command::new(BIN)
            .args(serve)
            .args(["--start", &start])
            .stdout(Stdio::piped())
            .spawn()
            .expect("the binary runs"),
    );
    let address = announced_address(&mut server.0);
    // A silent client holds its own connection only.
    let _silent = TcpStream::connect(&address).expect("connects");
    let asked = Instant::now();
    let (head, body) = get(&address, "/metrics");
    assert!(asked.elapsed() < Duration::from_secs(2), "not held up");
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert!(head.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"));
    assert!(head.contains(&format!("Content-Length: {}\r\n", body.len())));
    let text = String::from_utf8(body.clone()).expect("utf-8");
    for family in [
        "http_request_duration_seconds_bucket{service=\"api\",le=\"0.475\"}",
        "kube_horizontalpodautoscaler_status_current_replicas{",
        "kube_deployment_status_replicas_available{namespace=\"prod\",deployment=\"worker\"}",
        "node_total_hourly_cost{node=\"db-primary\",instance_type=\"db.r5.large\"}",
        "trivy_cluster_compliance{",
        "probe_ssl_earliest_cert_expiry{instance=\"internal-ca\"}",
    ] {
        assert!(text.contains(family), "{family} missing");
    }
    let checked = promtool(&["check", "metrics"], Some(&body));
    assert!(checked.status.success(), "{checked:?}");

    // The live counter continues the history's: no reset, and at most a few minutes of traffic on.
    let live: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix(API_OK))
        .and_then(|v| v.trim().parse().ok())
        .expect("the api counter");
    let gap = live - history_end;
    assert!(
        gap > 0.0 && gap < 5.0 * 60.0 * 5_000.0,
        "{history_end} then {live}"
    );

    assert!(get(&address, "/").0.starts_with("HTTP/1.1 200 OK"));
    assert!(get(&address, "/nope").0.starts_with("HTTP/1.1 404"));
    let mut bad = TcpStream::connect(&address).expect("connects");
    bad.write_all(b"nonsense\r\n\r\n").expect("sends");
    assert!(read_all(&mut bad).starts_with(b"HTTP/1.1 400"));

    let kill = Command::new("kill")
        .args(["-TERM", &server.0.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(kill.success());
    let deadline = Instant::now() + Duration::from_secs(2);
    let status = loop {
        if let Some(status) = server.0.try_wait().expect("waitable") {
            break status;
        }
        assert!(Instant::now() < deadline, "still running 2 s after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0), "{status:?}");
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn bad_input_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = taken.local_addr().expect("address").to_string();
    for (args, expected) in [
        (vec!["history", "--start", "yesterday"], "bad --start"),
        (vec!["history", "--step", "0s"], "multiple of 10s"),
        (
            vec!["history", "--step", "fast"],
            "--step: \"fast\" is not a duration",
        ),
        (vec!["history", "--days", "0"], "--days"),
        (
            vec!["history", "-o", "/nonexistent/dir/h.om"],
            "cannot write",
        ),
        (vec!["serve", "--listen", &port], "cannot listen"),
        (vec!["serve", "--speed", "0"], "speed"),
    ] {
        let output = Command::new(BIN)
            .arg("simulate")
            .args(&args)
            .output()
            .expect("the binary runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

/// Stops the server if a failed assertion leaves it running.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("opsconsole-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temp dir");
    dir
}

/// Reads the `listening on http://IP:PORT` line, failing rather than hanging if it never comes.
fn announced_address(server: &mut Child) -> String {
    let stdout = server.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the server announces its address");
    line.trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected announcement {line:?}"))
        .to_string()
}

fn get(address: &str, path: &str) -> (String, Vec<u8>) {
    let mut stream = TcpStream::connect(address).expect("connects");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\n\r\n").expect("sends");
    let response = read_all(&mut stream);
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = String::from_utf8_lossy(&response[..split + 4]).into_owned();
    (head, response[split + 4..].to_vec())
}

fn read_all(stream: &mut TcpStream) -> Vec<u8> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout set");
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .expect("the server closes");
    response
}
