//! A proxy in front of a real server that echoes credentials, for tests/secrets_echo.rs: it
//! forwards most requests, but answers queries in turn with 401, 500 and the real answer (and
//! the alert and rule lists always with an error) whose bodies echo every request header and
//! the credential decoded and encoded again, as a debugging gateway would. Its encoders are
//! written here, independent of the code under test.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use serde_json::json;

use super::fault_proxy::{forward, read_request};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    let (mut bits, mut held, mut out) = (0u32, 0, String::new());
    for &byte in bytes {
        bits = (bits << 8 | u32::from(byte)) & 0xffff;
        held += 8;
        while held >= 6 {
            held -= 6;
            out.push(ALPHABET[(bits >> held & 63) as usize] as char);
        }
    }
    if held > 0 {
        out.push(ALPHABET[(bits << (6 - held) & 63) as usize] as char);
    }
    while out.len() % 4 != 0 {
        out.push('=');
    }
    out
}

fn unbase64(text: &str) -> Vec<u8> {
    let (mut bits, mut held, mut out) = (0u32, 0, Vec::new());
    for value in text
        .bytes()
        .filter_map(|c| ALPHABET.iter().position(|&a| a == c))
    {
        bits = (bits << 6 | value as u32) & 0xffff;
        held += 6;
        if held >= 8 {
            held -= 8;
            out.push((bits >> held) as u8);
        }
    }
    out
}

/// As a URL query carries it.
pub fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The request's `Authorization` value, if sent.
fn authorization(head: &str) -> Option<String> {
    head.lines().skip(1).find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("authorization")
            .then(|| value.trim().to_string())
    })
}

/// The secret inside a credential: a bearer token, or a basic password (decoded).
fn secret_of(credential: &str) -> Option<String> {
    if let Some(token) = credential.strip_prefix("Bearer ") {
        return Some(token.to_string());
    }
    let pair = String::from_utf8(unbase64(credential.strip_prefix("Basic ")?)).ok()?;
    pair.split_once(':')
        .map(|(_, password)| password.to_string())
}

/// What a careless server says back: the request's headers, and the credential decoded and
/// encoded again.
fn echo(head: &str) -> String {
    let mut text = format!("unauthorized; you sent:\n{head}\n");
    if let Some(secret) = authorization(head).as_deref().and_then(secret_of) {
        text.push_str(&format!(
            "credential {secret}\nin a link /login?next=%2F&c={}\nencoded {}\n",
            percent(&secret),
            base64(secret.as_bytes())
        ));
    }
    text
}

/// Go's `json.Marshal(r.Header)`: every header as a list of values.
fn header_map(head: &str) -> String {
    let map: serde_json::Map<String, serde_json::Value> = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.to_string(), json!([v.trim()])))
        .collect();
    serde_json::Value::Object(map).to_string()
}

fn reply(status: &str, content_type: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

pub struct EchoProxy {
    pub url: String,
    /// Every `Authorization` value received.
    pub seen: Arc<Mutex<Vec<String>>>,
}

impl EchoProxy {
    pub fn start(upstream: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let upstream = upstream.trim_start_matches("http://").to_string();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let shared = Arc::clone(&seen);
        let count = Arc::new(AtomicUsize::new(0));
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (upstream, seen, count) =
                    (upstream.clone(), Arc::clone(&shared), Arc::clone(&count));
                thread::spawn(move || serve(stream, &upstream, &seen, &count));
            }
        });
        Self { url, seen }
    }
}

/// Queries go 401, 500, through, in turn; the alert and rule lists always fail.
fn serve(mut client: TcpStream, upstream: &str, seen: &Mutex<Vec<String>>, count: &AtomicUsize) {
    client.set_read_timeout(Some(Duration::from_secs(20))).ok();
    let Some(request) = read_request(&mut client) else {
        return;
    };
    let text = String::from_utf8_lossy(&request).to_string();
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    if let Some(value) = authorization(head) {
        seen.lock().expect("lock").push(value);
    }
    let path = head.split_whitespace().nth(1).unwrap_or_default();
    let turn = count.fetch_add(1, Ordering::SeqCst) % 3;
    let api_error = |kind: &str| {
        let error = format!("{}\n{}", header_map(head), echo(head));
        json!({"status": "error", "errorType": kind, "error": error}).to_string()
    };
    let answer = match path {
        p if p.starts_with("/api/v1/query") && turn == 0 => {
            reply("401 Unauthorized", "text/plain", &echo(head))
        }
        p if p.starts_with("/api/v1/query") && turn == 1 => reply(
            "500 Internal Server Error",
            "application/json",
            &api_error("internal"),
        ),
        "/api/v1/alerts" => reply("401 Unauthorized", "text/plain", &echo(head)),
        p if p.starts_with("/api/v1/rules") => reply(
            "500 Internal Server Error",
            "application/json",
            &api_error("internal"),
        ),
        p if p.starts_with("/api/v2/alerts") => reply(
            "401 Unauthorized",
            "application/json",
            &json!({"code": 401, "message": echo(head)}).to_string(),
        ),
        _ => match forward(upstream, &request) {
            Some(answer) => answer,
            None => return,
        },
    };
    client.write_all(&answer).ok();
}
