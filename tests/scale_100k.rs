//! 100,000 series: a loopback server answers every instant panel with one sample per service
//! (about 7 MB a query, every 2 s). The real binary in a pseudo-terminal keeps answering tab
//! keys and quits within a second on `q`, SIGTERM and SIGHUP, and the headless
//! `snapshot` maps it in seconds, keeping the 2,000 worst services and saying so. On the code
//! before this test, mapping was quadratic: the console froze and ignored SIGTERM. How long
//! mapping takes at 10k, 50k and 100k series is measured by `benches/mapping.rs`, not here.

mod fault_server;
mod file_support;
mod stack;
#[path = "../benches/support/vector_body.rs"]
mod support;

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

use fault_server::{Request, Step, serve};

const SERVICES: usize = 100_000;

/// One console at a time: the snapshot's decoding would otherwise take the cores the
/// pseudo-terminal session's key timings measure.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn turn() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A Prometheus of 100,000 services: big vectors for instant queries, small valid answers
/// for everything else.
fn big_prometheus() -> String {
    let big = Arc::new(support::vector_body(SERVICES, 1));
    let (url, _requests) = serve(move |request: &Request| {
        let path = request.head.split_whitespace().nth(1).unwrap_or_default();
        let body: &[u8] = match path {
            p if p.starts_with("/api/v1/query_range") => {
                br#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#
            }
            p if p.starts_with("/api/v1/query") => &big,
            p if p.starts_with("/api/v1/alerts") => br#"{"status":"success","data":{"alerts":[]}}"#,
            p if p.starts_with("/api/v1/rules") => br#"{"status":"success","data":{"groups":[]}}"#,
            p if p.starts_with("/api/v1/targets") => {
                br#"{"status":"success","data":{"activeTargets":[],"droppedTargets":[]}}"#
            }
            _ => br#"{"status":"error","errorType":"not_found","error":"no such path"}"#,
        };
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        vec![Step::Write(head.into_bytes()), Step::Write(body.to_vec())]
    });
    url
}

/// A config whose `big` environment reads that server, opening on the Latency tab.
fn config(url: &str, test: &str) -> PathBuf {
    let path = file_support::config_dir(test).join("config.toml");
    std::fs::write(
        &path,
        format!(
            "default-tab = \"latency\"\n\n[environments.big]\nprometheus = \"{url}\"\n\
             interval = \"2s\"\nmax-response = \"16MiB\"\ntimeout = \"20s\"\n"
        ),
    )
    .expect("write the config");
    path
}

fn session(config: &std::path::Path, ending: &str) -> HashMap<String, String> {
    let args = format!("--config {} --env big", config.display());
    stack::pty::session(
        ending,
        &[
            ("OPSCONSOLE_PTY_ARGS", &args),
            ("OPSCONSOLE_PTY_READY", "100,000 services"),
            ("OPSCONSOLE_PTY_SETTLE", "1"),
            // It opens on Latency: every key must change the screen.
            ("OPSCONSOLE_PTY_KEYS", "34512"),
        ],
    )
}

#[test]
fn keys_answer_and_the_console_quits_while_100k_series_arrive() {
    let _turn = turn();
    let url = big_prometheus();
    let path = config(&url, "100k-pty");
    for ending in ["sigterm", "sighup", "quit-key"] {
        let report = session(&path, ending);
        assert_eq!(
            report["data_seen"], "True",
            "{ending}: the 100,000 services never reached the screen: {report:?}"
        );
        // From the key to the redraw of the tab bar. The issue's 100 ms is met by the release
        // build (BENCHMARKS.md); this debug build shares two cores with the server and its
        // decoding, and takes 10–100 ms. The quadratic mapping held keys for minutes.
        let slowest: f64 = report["slowest_key_ms"].parse().expect("key latency");
        assert!(slowest < 200.0, "{ending}: a tab key took {slowest} ms");
        let exit_ms: f64 = report["exit_ms"]
            .parse()
            .unwrap_or_else(|_| panic!("{ending}: never exited: {report:?}"));
        assert!(exit_ms < 1000.0, "{ending}: took {exit_ms} ms to exit");
        assert_eq!(report["exit_status"], "0", "{ending}: {report:?}");
        assert_eq!(report["restored"], "True", "{ending}: {report:?}");
    }
}

#[test]
fn headless_snapshot_keeps_the_worst_services_and_says_how_many() {
    let _turn = turn();
    let url = big_prometheus();
    let path = config(&url, "100k-snapshot");
    let state = path.with_file_name("state");
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_opsconsole"))
        .args([
            "--config",
            path.to_str().expect("utf-8 path"),
            "--env",
            "big",
        ])
        .args(["snapshot", "--tab", "latency", "--format", "json"])
        .env("OPSCONSOLE_STATE_DIR", &state)
        .output()
        .expect("run the binary");
    let took = started.elapsed();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let latency = &json["data"];
    assert_eq!(
        latency["services"].as_array().map(Vec::len),
        Some(2_000),
        "{latency:#}"
    );
    assert_eq!(latency["omitted"], 98_000);
    // The release build takes well under a second (BENCHMARKS.md); this debug build on a busy
    // CI machine gets a generous bound that the quadratic mapping (100 s) could never meet.
    assert!(took.as_secs() < 30, "snapshot took {took:?}");
}
