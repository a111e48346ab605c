//! Just enough HTTP/1.1 to be scraped: `GET /metrics`, a pointer at `/`, 404, 405 and 400
//! otherwise, `Connection: close`. A task per connection with read and write deadlines, bounded
//! request heads and a cap on open connections, so a slow or silent client never holds up a scrape.

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::timeout;

use crate::sources::simulator::SimulatorHandle;

/// Request line and headers; a scraper's are a few hundred bytes.
const MAX_HEAD: usize = 8 * 1024;
const READ_TIMEOUT: Duration = Duration::from_secs(5);
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_CONNECTIONS: usize = 64;
const METRICS_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";
const PLAIN: &str = "text/plain; charset=utf-8";

#[derive(Debug, PartialEq, Eq)]
enum Route {
    Metrics,
    Index,
    NotFound,
    MethodNotAllowed,
    BadRequest,
    HeadTooLarge,
}

/// Accepts connections until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    fleet: SimulatorHandle,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => return,
            accepted = listener.accept() => accepted,
        };
        let Ok((stream, _)) = accepted else {
            // Out of file descriptors and the like: back off instead of spinning.
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        // Past the cap a connection is closed at once rather than queued behind slow ones.
        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
            continue;
        };
        let fleet = fleet.clone();
        tokio::spawn(async move {
            let _ = answer(stream, &fleet).await;
            drop(slot);
        });
    }
}

async fn answer(mut stream: TcpStream, fleet: &SimulatorHandle) -> std::io::Result<()> {
    let Ok(head) = timeout(READ_TIMEOUT, read_head(&mut stream)).await else {
        return Ok(());
    };
    let response = match route(&head?) {
        None => return Ok(()),
        Some(Route::Metrics) => match fleet.exposition().await {
            Ok(body) => response("200 OK", METRICS_TYPE, &body),
            Err(error) => response(
                "503 Service Unavailable",
                PLAIN,
                error.to_string().as_bytes(),
            ),
        },
        Some(Route::Index) => response("200 OK", PLAIN, b"Simulated fleet: metrics at /metrics\n"),
        Some(Route::NotFound) => response("404 Not Found", PLAIN, b"not found; try /metrics\n"),
        Some(Route::MethodNotAllowed) => response("405 Method Not Allowed", PLAIN, b"only GET\n"),
        Some(Route::BadRequest) => response("400 Bad Request", PLAIN, b"bad request\n"),
        Some(Route::HeadTooLarge) => response(
            "431 Request Header Fields Too Large",
            PLAIN,
            b"request head too large\n",
        ),
    };
    timeout(WRITE_TIMEOUT, async {
        stream.write_all(&response).await?;
        stream.shutdown().await
    })
    .await
    .unwrap_or(Ok(()))
}

/// Reads up to the blank line ending the head, or until `MAX_HEAD` bytes or end of stream.
async fn read_head(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while head.len() <= MAX_HEAD && !has_blank_line(&head) {
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            break;
        }
        head.extend_from_slice(&chunk[..read]);
    }
    Ok(head)
}

fn has_blank_line(head: &[u8]) -> bool {
    head.windows(4).any(|w| w == b"\r\n\r\n") || head.windows(2).any(|w| w == b"\n\n")
}

/// What to answer to a request head; `None` when the client sent nothing at all.
fn route(head: &[u8]) -> Option<Route> {
    if head.is_empty() {
        return None;
    }
    if !has_blank_line(head) {
        return Some(if head.len() > MAX_HEAD {
            Route::HeadTooLarge
        } else {
            Route::BadRequest
        });
    }
    let line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let Ok(line) = std::str::from_utf8(line) else {
        return Some(Route::BadRequest);
    };
    let mut parts = line.trim_end_matches('\r').split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Some(Route::BadRequest);
    };
    let method_ok = !method.is_empty() && method.bytes().all(|b| b.is_ascii_uppercase());
    if !method_ok || !target.starts_with('/') || !matches!(version, "HTTP/1.0" | "HTTP/1.1") {
        return Some(Route::BadRequest);
    }
    let path = target.split('?').next().unwrap_or_default();
    Some(match (method, path) {
        ("GET", "/metrics") => Route::Metrics,
        ("GET", "/") => Route::Index,
        (_, "/metrics" | "/") => Route::MethodNotAllowed,
        _ => Route::NotFound,
    })
}

fn response(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let allow = if status.starts_with("405") {
        "Allow: GET\r\n"
    } else {
        ""
    };
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{allow}Connection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_requests_and_refuses_malformed_ones() {
        let route = |text: &str| route(text.as_bytes());
        let get = |target: &str| format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n");
        assert_eq!(route(&get("/metrics")), Some(Route::Metrics));
        assert_eq!(route(&get("/metrics?x=1")), Some(Route::Metrics));
        assert_eq!(route("GET / HTTP/1.0\n\n"), Some(Route::Index));
        assert_eq!(route(&get("/nope")), Some(Route::NotFound));
        assert_eq!(
            route("POST /metrics HTTP/1.1\r\n\r\n"),
            Some(Route::MethodNotAllowed)
        );
        for bad in [
            "GET /metrics\r\n\r\n",
            "GET  /metrics HTTP/1.1\r\n\r\n",
            "get /metrics HTTP/1.1\r\n\r\n",
            "GET metrics HTTP/1.1\r\n\r\n",
            "GET /metrics HTTP/2.0\r\n\r\n",
            "GET /metrics HTTP/1.1\r\nHost: x\r\n",
            "\u{1}\u{2}\r\n\r\n",
        ] {
            assert_eq!(route(bad), Some(Route::BadRequest), "{bad:?}");
        }
        let huge = format!("GET / HTTP/1.1\r\nX: {}", "a".repeat(MAX_HEAD));
        assert_eq!(route(&huge), Some(Route::HeadTooLarge));
        assert_eq!(route(""), None);
    }

    #[test]
    fn responses_carry_length_and_close() {
        let text = String::from_utf8(response("405 Method Not Allowed", PLAIN, b"only GET\n"))
            .expect("ascii");
        assert!(
            text.starts_with("HTTP/1.1 405 Method Not Allowed\r\n"),
            "{text}"
        );
        assert!(text.contains("Content-Length: 9\r\n") && text.contains("Allow: GET\r\n"));
        assert!(
            text.ends_with("Connection: close\r\n\r\nonly GET\n"),
            "{text}"
        );
    }
}
