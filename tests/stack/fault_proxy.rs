//! A proxy in front of the real Prometheus that can break on demand, for the faults a real
//! server cannot produce: HTTP 500, garbage, a truncated body, an oversized body, a 10 s stall.
//! In `Pass` mode it forwards every request unchanged, so the data stays real.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::thread;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Fault {
    Pass = 0,
    Status500 = 1,
    Garbage = 2,
    Truncated = 3,
    Oversized = 4,
    Stall = 5,
}

pub struct FaultProxy {
    pub url: String,
    mode: Arc<AtomicU8>,
}

impl FaultProxy {
    pub fn start(upstream: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let upstream = upstream.trim_start_matches("http://").to_string();
        let mode = Arc::new(AtomicU8::new(Fault::Pass as u8));
        let shared = Arc::clone(&mode);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let upstream = upstream.clone();
                let mode = shared.load(Ordering::SeqCst);
                thread::spawn(move || serve(stream, &upstream, mode));
            }
        });
        Self { url, mode }
    }

    pub fn set(&self, fault: Fault) {
        self.mode.store(fault as u8, Ordering::SeqCst);
    }
}

/// Reads one request (head and Content-Length body).
pub fn read_request(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 8192];
    loop {
        let n = stream.read(&mut buffer).ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buffer[..n]);
        let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        if data.len() >= end + 4 + length {
            return Some(data);
        }
    }
}

/// The request with `Connection: close`, so the upstream ends its answer by closing.
fn closing(request: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(request);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines: Vec<&str> = head
        .lines()
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .collect();
    lines.push("Connection: close");
    format!("{}\r\n\r\n{body}", lines.join("\r\n")).into_bytes()
}

fn serve(mut client: TcpStream, upstream: &str, mode: u8) {
    client.set_read_timeout(Some(Duration::from_secs(20))).ok();
    let Some(request) = read_request(&mut client) else {
        return;
    };
    let reply: Vec<u8> = match mode {
        m if m == Fault::Status500 as u8 => {
            let body = r#"{"status":"error","errorType":"internal","error":"injected failure"}"#;
            format!("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).into_bytes()
        }
        m if m == Fault::Garbage as u8 => {
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 19\r\nConnection: close\r\n\r\n{\"status\":\"succ<<<\x01".to_vec()
        }
        m if m == Fault::Truncated as u8 => {
            let mut reply = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000\r\nConnection: close\r\n\r\n".to_vec();
            reply.extend_from_slice(br#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"#);
            reply
        }
        m if m == Fault::Oversized as u8 => {
            let padding = "x".repeat(4 << 20);
            let body = format!(r#"{{"status":"success","data":{{"resultType":"string","result":[1,"{padding}"]}}}}"#);
            format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).into_bytes()
        }
        m if m == Fault::Stall as u8 => {
            thread::sleep(Duration::from_secs(10));
            return;
        }
        _ => match forward(upstream, &request) {
            Some(reply) => reply,
            None => return,
        },
    };
    client.write_all(&reply).ok();
}

/// `request` sent to `upstream` as it is (but closing), and the whole answer.
pub fn forward(upstream: &str, request: &[u8]) -> Option<Vec<u8>> {
    let mut server = TcpStream::connect(upstream).ok()?;
    server.write_all(&closing(request)).ok()?;
    let mut reply = Vec::new();
    server.read_to_end(&mut reply).ok();
    Some(reply)
}
