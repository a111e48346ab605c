//! The client against faults a real server will not produce on demand: error statuses, broken
//! and cut-short bodies, oversized bodies and stalls. Each must end in its own `FetchError`
//! variant, quickly, without buffering past the size limit.

mod fault_server;

use std::time::{Duration, Instant};

use fault_server::{Step, response, serve};
use opsconsole::domain::remote_text::ERROR_QUOTE_CHARS;
use opsconsole::sources::prometheus::{EndpointConfig, FetchError, PrometheusClient};

fn client(url: &str, configure: impl FnOnce(&mut EndpointConfig)) -> PrometheusClient {
    let mut config = EndpointConfig::new(url);
    configure(&mut config);
    PrometheusClient::new(&config).expect("valid config")
}

/// Runs an instant query against a server answering every request with `steps()`.
async fn query_with(
    steps: impl Fn() -> Vec<Step> + Send + 'static,
    configure: impl FnOnce(&mut EndpointConfig),
) -> Result<opsconsole::sources::prometheus::QueryData, FetchError> {
    let (url, _requests) = serve(move |_| steps());
    client(&url, configure).instant("up").await
}

#[tokio::test]
async fn http_500_shows_the_api_error_text() {
    let body = r#"{"status":"error","errorType":"internal","error":"query timed out in expression evaluation"}"#;
    let error = query_with(move || response("500 Internal Server Error", body), |_| {})
        .await
        .expect_err("a 500");
    assert_eq!(
        error,
        FetchError::Http {
            status: 500,
            message: "query timed out in expression evaluation".into()
        }
    );
    assert_eq!(
        error.to_string(),
        "HTTP 500: query timed out in expression evaluation"
    );
}

#[tokio::test]
async fn http_502_html_shows_the_start_of_the_body_on_one_line() {
    let page = format!(
        "<html>\n<body>\n<h1>502 Bad Gateway</h1>\n{}</body></html>",
        "x".repeat(500)
    );
    let error = query_with(move || response("502 Bad Gateway", &page), |_| {})
        .await
        .expect_err("a 502");
    let FetchError::Http {
        status: 502,
        message,
    } = &error
    else {
        panic!("expected HTTP 502, got {error:?}");
    };
    assert!(
        message.starts_with("<html> <body> <h1>502 Bad Gateway</h1> xxx"),
        "{message}"
    );
    // Quoted to the sanitiser's length for error bodies, and marked as cut.
    assert!(message.chars().count() <= ERROR_QUOTE_CHARS && !message.contains('\n'));
    assert!(message.ends_with("..."), "{message}");
}

#[tokio::test]
async fn malformed_json_with_200() {
    let result = query_with(
        || response("200 OK", r#"{"status":"success","data":{"resu"#),
        |_| {},
    )
    .await;
    assert!(
        matches!(result, Err(FetchError::Malformed(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn body_cut_short_is_truncated() {
    let steps = || {
        let head =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n";
        vec![Step::Write(head.into()), Step::Write(vec![b' '; 100])]
    };
    let result = query_with(steps, |_| {}).await;
    assert!(
        matches!(result, Err(FetchError::Truncated(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn declared_oversized_body_is_refused_before_reading() {
    let steps = || {
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\n\r\n";
        vec![Step::Write(head.into()), Step::Write(vec![b' '; 1 << 20])]
    };
    let result = query_with(steps, |c| c.max_body_bytes = 64 << 10).await;
    assert_eq!(result, Err(FetchError::TooLarge { limit: 64 << 10 }));
}

#[tokio::test]
async fn undeclared_oversized_body_stops_at_the_limit() {
    let steps = || {
        let head = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n";
        let chunks = (0..64).map(|_| Step::Write(vec![b' '; 16 << 10]));
        std::iter::once(Step::Write(head.into()))
            .chain(chunks)
            .collect()
    };
    let error = query_with(steps, |c| c.max_body_bytes = 64 << 10)
        .await
        .expect_err("over the limit");
    assert_eq!(error, FetchError::TooLarge { limit: 64 << 10 });
    assert_eq!(error.to_string(), "response over 64 KiB limit");
}

async fn assert_times_out(steps: fn() -> Vec<Step>) {
    let timeout = Duration::from_millis(300);
    let started = Instant::now();
    let result = query_with(steps, |c| c.timeout = timeout).await;
    let elapsed = started.elapsed();
    assert_eq!(result, Err(FetchError::Timeout(timeout)));
    assert!(
        elapsed < timeout + Duration::from_millis(500),
        "took {elapsed:?}"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    assert_times_out(|| vec![Step::Sleep(Duration::from_secs(10))]).await;
}

#[tokio::test]
async fn a_body_that_stalls_times_out() {
    assert_times_out(|| {
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n";
        vec![
            Step::Write(head.into()),
            Step::Write(b"{\"status\"".to_vec()),
            Step::Sleep(Duration::from_secs(10)),
        ]
    })
    .await;
}

#[tokio::test]
async fn a_closed_port_is_a_connect_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let result = client(&format!("http://127.0.0.1:{port}"), |_| {})
        .instant("up")
        .await;
    let Err(FetchError::Connect(message)) = result else {
        panic!("expected Connect, got {result:?}");
    };
    assert!(
        !message.contains("127.0.0.1"),
        "short cause, no URL: {message}"
    );
}
