//! Just enough HTTP/1.1 over a loopback socket for the tests to poke the servers directly
//! (readiness, silences), independent of the client under test.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

fn request(base: &str, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
    let host = base.trim_start_matches("http://").trim_end_matches('/');
    let Ok(mut stream) = TcpStream::connect(host) else {
        return (0, String::new());
    };
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let body = body.unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    if stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body.as_bytes()))
        .is_err()
    {
        return (0, String::new());
    }
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok();
    let text = String::from_utf8_lossy(&response).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, dechunk(&body))
}

/// Alertmanager answers with chunked encoding; the tests only need the text.
fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    loop {
        let Some((size, after)) = rest.split_once("\r\n") else {
            return body.to_string();
        };
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            return body.to_string();
        };
        if size == 0 || after.len() < size {
            return if out.is_empty() {
                body.to_string()
            } else {
                out
            };
        }
        out.push_str(&after[..size]);
        rest = after[size..].trim_start_matches("\r\n");
    }
}

/// `text` percent-encoded for a URL's query string (all but RFC 3986's unreserved characters).
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub fn get(base: &str, path: &str) -> (u16, String) {
    request(base, "GET", path, None)
}

pub fn post(base: &str, path: &str, body: &str) -> (u16, String) {
    request(base, "POST", path, Some(body))
}

pub fn delete(base: &str, path: &str) -> (u16, String) {
    request(base, "DELETE", path, None)
}
