//! Headless Chromium (Debian's `chromium`) for the tests: a local page rendered to a PNG while
//! the browser's NetLog records every request, the browser stopped by process group after a
//! minute. Chromium calls Google by itself at start-up (sign-in, component updates) whatever the
//! flags; a dead proxy on loopback and a resolver that knows no names keep those calls on the
//! machine, and the NetLog tells them from the page's own requests.
#![allow(dead_code)]

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::stack::{free_port, require};

pub const CHROMIUM: &str = "/usr/bin/chromium";
const TIMEOUT: Duration = Duration::from_secs(60);
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Schemes a page loads from without a network: the file itself, inline data, in-memory blobs.
const LOCAL_SCHEMES: [&str; 4] = ["file", "data", "about", "blob"];

/// Where Chromium 156 goes by itself at start-up; a request there counts as the browser's own
/// only when the NetLog shows no page behind it.
const BROWSER_HOSTS: [&str; 2] = ["accounts.google.com", "update.googleapis.com"];

pub struct Shot {
    pub status: ExitStatus,
    pub png: Vec<u8>,
    /// What the page requested beyond the machine's files, and any connection off loopback.
    pub external: Vec<String>,
    /// Chromium's own start-up calls, which went no further than the dead proxy.
    pub browser_own: Vec<String>,
    pub log: String,
}

/// Chromium's process group, killed if it is still running when dropped (a timeout, a panic).
struct Browser(Child);

impl Drop for Browser {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let group = format!("-{}", self.0.id());
            Command::new("kill")
                .args(["-KILL", "--", &group])
                .status()
                .ok();
            self.0.kill().ok();
            self.0.wait().ok();
        }
    }
}

/// Renders `page` at `width`×`height` into `dir` (a fresh profile each time).
pub fn screenshot(dir: &Path, page: &Path, (width, height): (u32, u32)) -> Shot {
    require(CHROMIUM);
    let (png, netlog, log) = (
        dir.join("shot.png"),
        dir.join("netlog.json"),
        dir.join("chromium.log"),
    );
    let log_file = fs::File::create(&log).expect("chromium log");
    let mut command = Command::new(CHROMIUM);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
        ])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .args([
            "--disable-default-apps",
            "--hide-scrollbars",
            "--net-log-capture-mode=Everything",
        ])
        .arg("--disable-features=NetworkTimeServiceQuerying")
        // Anything not on loopback goes to a closed loopback port; no name resolves.
        .arg(format!("--proxy-server=http://127.0.0.1:{}", free_port()))
        .arg("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::from(log_file.try_clone().expect("log file")))
        .stderr(Stdio::from(log_file))
        .process_group(0);
    let mut browser = Browser(command.spawn().expect("start chromium"));
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        match browser.0.try_wait().expect("wait for chromium") {
            Some(status) => break status,
            None if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            None => {
                drop(browser);
                let log = fs::read_to_string(&log).unwrap_or_default();
                panic!("chromium did not finish within {TIMEOUT:?} and was killed; log:\n{log}");
            }
        }
    };
    let log = fs::read_to_string(&log).unwrap_or_default();
    let netlog_text = fs::read_to_string(&netlog)
        .unwrap_or_else(|e| panic!("no NetLog at {} ({e}); log:\n{log}", netlog.display()));
    let netlog: Value = serde_json::from_str(&netlog_text)
        .unwrap_or_else(|e| panic!("the NetLog is not JSON ({e}); log:\n{log}"));
    let (external, browser_own) = requests(&netlog);
    Shot {
        status,
        png: fs::read(&png).unwrap_or_default(),
        external,
        browser_own,
        log,
    }
}

/// Every URL and connection in a NetLog, split into (external, the browser's own). External:
/// any URL whose scheme needs a network (http, https, ws, wss, ftp, anything but
/// `LOCAL_SCHEMES`) unless it is a start-up call of the browser, and any TCP connection
/// attempted off loopback.
pub fn requests(netlog: &Value) -> (Vec<String>, Vec<String>) {
    let names: HashMap<u64, &str> = netlog["constants"]["logEventTypes"]
        .as_object()
        .expect("NetLog constants.logEventTypes")
        .iter()
        .filter_map(|(name, id)| Some((id.as_u64()?, name.as_str())))
        .collect();
    let events = netlog["events"].as_array().expect("NetLog events");
    let name = |e: &Value| {
        e["type"]
            .as_u64()
            .and_then(|t| names.get(&t).copied())
            .unwrap_or("?")
    };
    // A page's request names the page as initiator (a file:// origin prints as "null") or is
    // keyed to it; the browser's own have no initiator and no file:// key.
    let page_urls: HashSet<&str> = events
        .iter()
        .filter(|e| name(e) == "URL_REQUEST_START_JOB")
        .filter(|e| {
            let p = &e["params"];
            p["initiator"].as_str() != Some("not an origin")
                || p["network_isolation_key"]
                    .as_str()
                    .is_some_and(|k| k.contains("file://"))
        })
        .filter_map(|e| e["params"]["url"].as_str())
        .collect();
    let (mut external, mut own) = (BTreeSet::new(), BTreeSet::new());
    for e in events {
        if let Some(url) = e["params"]["url"].as_str().filter(|u| !u.is_empty()) {
            let scheme = url.split_once(':').map_or("", |(s, _)| s);
            if LOCAL_SCHEMES.contains(&scheme) {
                continue;
            }
            let host = url.split_once("://").map_or("", |(_, rest)| {
                rest.split(['/', '?', '#']).next().unwrap_or_default()
            });
            if BROWSER_HOSTS.contains(&host) && !page_urls.contains(url) {
                own.insert(url.to_string());
            } else {
                external.insert(url.to_string());
            }
        }
        if name(e) == "TCP_CONNECT_ATTEMPT"
            && let Some(address) = e["params"]["address"].as_str()
            && !address
                .parse::<SocketAddr>()
                .is_ok_and(|a| a.ip().is_loopback())
        {
            external.insert(format!("TCP connection to {address}"));
        }
    }
    (external.into_iter().collect(), own.into_iter().collect())
}

/// A PNG with something on it: a blank 1200×1600 page compresses to about 10 KB.
pub fn looks_drawn(png: &[u8]) -> bool {
    png.starts_with(PNG_SIGNATURE) && png.len() > 40_000
}

/// A loopback HTTP server answering 404 to everything, remembering each request line.
pub struct LoopbackServer {
    pub port: u16,
    seen: Arc<Mutex<Vec<String>>>,
}

impl LoopbackServer {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let port = listener.local_addr().expect("its address").port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                stream.set_read_timeout(Some(Duration::from_secs(2))).ok();
                let mut head = [0; 4096];
                let n = stream.read(&mut head).unwrap_or(0);
                let text = String::from_utf8_lossy(&head[..n]);
                if let Ok(mut seen) = log.lock() {
                    seen.push(text.lines().next().unwrap_or_default().to_string());
                }
                let answer =
                    "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                stream.write_all(answer.as_bytes()).ok();
            }
        });
        Self { port, seen }
    }

    pub fn requests(&self) -> Vec<String> {
        self.seen
            .lock()
            .map(|seen| seen.clone())
            .unwrap_or_default()
    }
}
