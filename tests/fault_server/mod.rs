//! A tiny HTTP/1.1 server on 127.0.0.1 for the client tests. It exists only because a real
//! Prometheus cannot be made to stall, cut a body short or send a gigantic one; every
//! connection gets one scripted answer and is then closed.
// Shared by several test crates; not each uses every part.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// What the client sent: request line and headers, and the body.
#[derive(Debug)]
pub struct Request {
    pub head: String,
    pub body: String,
}

impl Request {
    /// The value of header `name` (case-insensitive), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// A scripted answer: raw bytes written in steps, with pauses between them.
pub enum Step {
    Write(Vec<u8>),
    Sleep(Duration),
}

/// Headers for a `status` answer with `body`, honest Content-Length, connection closed after.
pub fn response(status: &str, body: &str) -> Vec<Step> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    vec![
        Step::Write(head.into_bytes()),
        Step::Write(body.as_bytes().to_vec()),
    ]
}

/// Starts serving on a free loopback port; `script` decides each answer from the request.
/// Returns the base URL and the requests as they arrive.
pub fn serve(
    script: impl Fn(&Request) -> Vec<Step> + Send + 'static,
) -> (String, mpsc::Receiver<Request>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let address = listener.local_addr().expect("bound address");
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let Some(request) = read_request(&stream) else {
                continue;
            };
            let steps = script(&request);
            // Recorded before answering, so a test that has its answer also sees the request.
            let _ = tx.send(request);
            for step in steps {
                match step {
                    // The client may hang up first (size limit, timeout): not an error here.
                    Step::Write(bytes) => {
                        if stream.write_all(&bytes).is_err() {
                            break;
                        }
                    }
                    Step::Sleep(pause) => thread::sleep(pause),
                }
            }
        }
    });
    (format!("http://{address}"), rx)
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let mut request = Request {
        head,
        body: String::new(),
    };
    let length = request
        .header("content-length")
        .map_or(Ok(0), str::parse)
        .ok()?;
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    request.body = String::from_utf8(body).ok()?;
    Some(request)
}
