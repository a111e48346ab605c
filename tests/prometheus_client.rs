//! The client's successful exchanges against the loopback test server: auth headers, path
//! prefixes, form parameters, the Alertmanager path, large bodies; and that configs and errors
//! never show a secret.

mod fault_server;

use std::time::Duration;

use fault_server::{Request, response, serve};
use opsconsole::sources::prometheus::{
    AlertmanagerClient, AmState, Auth, EndpointConfig, FetchError, PrometheusClient, QueryData,
    Secret,
};

const VECTOR: &str = r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","job":"api"},"value":[1763900000.123,"1"]}]}}"#;

/// Answers `body` when the request carries `authorization`, else 401 naming what it got.
fn guarded(
    authorization: &'static str,
    body: String,
) -> impl Fn(&Request) -> Vec<fault_server::Step> {
    move |request| match request.header("authorization") {
        Some(sent) if sent == authorization => response("200 OK", &body),
        sent => response("401 Unauthorized", &format!("bad credentials {sent:?}")),
    }
}

fn config(url: String, auth: Auth) -> EndpointConfig {
    EndpointConfig {
        auth,
        ..EndpointConfig::new(url)
    }
}

#[tokio::test]
async fn bearer_token_and_path_prefix() {
    for suffix in ["/prometheus", "/prometheus/"] {
        let (url, requests) = serve(guarded("Bearer t0ken-abc", VECTOR.into()));
        let auth = Auth::Bearer(Secret::new("t0ken-abc"));
        let client =
            PrometheusClient::new(&config(format!("{url}{suffix}"), auth)).expect("config");
        let Ok(QueryData::Vector(samples)) = client.instant("up").await else {
            panic!("expected a vector");
        };
        assert_eq!(samples[0].value, 1.0);
        let request = requests.recv().expect("a request");
        assert!(
            request
                .head
                .starts_with("POST /prometheus/api/v1/query HTTP/1.1"),
            "{}",
            request.head
        );
        assert_eq!(request.body, "query=up");
        assert_eq!(
            request.header("user-agent"),
            Some(concat!("opsconsole/", env!("CARGO_PKG_VERSION")))
        );
    }
}

#[tokio::test]
async fn basic_auth_and_range_parameters() {
    let matrix = r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"api"},"values":[[1763900000,"0.5"],[1763900015,"NaN"]]}]}}"#;
    let (url, requests) = serve(guarded("Basic YWRtaW46czNjcmV0LXBhc3M=", matrix.into()));
    let auth = Auth::Basic {
        user: "admin".into(),
        password: Secret::new("s3cret-pass"),
    };
    let client = PrometheusClient::new(&config(url, auth)).expect("config");
    let series = client
        .range(
            "rate(x[5m])",
            1_763_900_000.0,
            1_763_900_015.5,
            Duration::from_secs(15),
        )
        .await
        .expect("a matrix");
    assert_eq!(series[0].points[0], (1_763_900_000.0, 0.5));
    assert!(series[0].points[1].1.is_nan());
    let request = requests.recv().expect("a request");
    assert!(request.head.starts_with("POST /api/v1/query_range "));
    assert_eq!(
        request.body,
        "query=rate%28x%5B5m%5D%29&start=1763900000&end=1763900015.5&step=15"
    );
}

#[tokio::test]
async fn range_answered_with_a_vector_is_malformed() {
    let (url, _requests) = serve(|_| response("200 OK", VECTOR));
    let client = PrometheusClient::new(&EndpointConfig::new(url)).expect("config");
    let result = client.range("up", 0.0, 60.0, Duration::from_secs(15)).await;
    assert_eq!(
        result,
        Err(FetchError::Malformed(
            "query_range answered with a vector".into()
        ))
    );
}

#[tokio::test]
async fn health_and_alert_paths() {
    let (url, requests) = serve(|request| {
        let body = match request.head.split(' ').nth(1).unwrap_or_default() {
            "/api/v1/targets?state=active" => {
                r#"{"status":"success","data":{"activeTargets":[{"labels":{"job":"a","instance":"127.0.0.1:1"},"health":"up"}],"droppedTargets":[]}}"#
            }
            "/api/v1/rules" => r#"{"status":"success","data":{"groups":[]}}"#,
            "/api/v1/alerts" => r#"{"status":"success","data":{"alerts":[]}}"#,
            "/api/v2/alerts" => {
                r#"[{"labels":{"alertname":"A"},"annotations":{},"fingerprint":"f1","startsAt":"2026-11-23T10:00:00Z","status":{"state":"active","silencedBy":[],"inhibitedBy":[]}}]"#
            }
            _ => return response("404 Not Found", "404 page not found"),
        };
        response("200 OK", body)
    });
    let config = EndpointConfig::new(url);
    let prometheus = PrometheusClient::new(&config).expect("config");
    assert_eq!(prometheus.targets().await.map(|t| t.up), Ok(1));
    assert_eq!(prometheus.rules().await.map(|r| r.rules), Ok(0));
    assert_eq!(prometheus.alerts().await, Ok(vec![]));
    let alertmanager = AlertmanagerClient::new(&config).expect("config");
    let alerts = alertmanager.alerts().await.expect("alerts");
    assert_eq!(
        (alerts[0].fingerprint.as_str(), alerts[0].state),
        ("f1", AmState::Active)
    );
    let gets = requests
        .try_iter()
        .filter(|r| r.head.starts_with("GET "))
        .count();
    assert_eq!(gets, 4);
}

#[tokio::test]
async fn a_body_over_the_inline_decode_limit_decodes() {
    let samples: Vec<String> = (0..5000)
        .map(|i| format!(r#"{{"metric":{{"job":"api","instance":"127.0.0.1:{i}"}},"value":[1763900000,"{i}.5"]}}"#))
        .collect();
    let body = format!(
        r#"{{"status":"success","data":{{"resultType":"vector","result":[{}]}}}}"#,
        samples.join(",")
    );
    assert!(
        body.len() > 256 << 10,
        "big enough to be decoded on a blocking thread"
    );
    let (url, _requests) = serve(move |_| response("200 OK", &body));
    let client = PrometheusClient::new(&EndpointConfig::new(url)).expect("config");
    let Ok(QueryData::Vector(decoded)) = client.instant("up").await else {
        panic!("expected a vector");
    };
    assert_eq!(decoded.len(), 5000);
    assert_eq!(decoded[4999].value, 4999.5);
}

#[tokio::test]
async fn secrets_stay_out_of_debug_and_errors() {
    let (url, _requests) = serve(guarded("Bearer right", VECTOR.into()));
    let auth = Auth::Bearer(Secret::new("wrong-t0ken"));
    let config = config(url, auth);
    assert!(!format!("{config:?}").contains("wrong-t0ken"), "{config:?}");
    let client = PrometheusClient::new(&config).expect("config");
    assert!(!format!("{client:?}").contains("wrong-t0ken"));
    // The server echoes the header it got; the client scrubs the token from the message.
    let error = client.instant("up").await.expect_err("401");
    assert_eq!(
        error.to_string(),
        r#"HTTP 401 (credentials refused): bad credentials Some("Bearer ***"); check the bearer token the auth names"#
    );
    let basic = Auth::Basic {
        user: "admin".into(),
        password: Secret::new("pa55word"),
    };
    assert_eq!(
        format!("{basic:?}"),
        r#"Basic { user: "admin", password: *** }"#
    );
    assert_eq!(Secret::new("pa55word").to_string(), "***");
}

#[test]
fn unusable_configs_are_config_errors() {
    let ca_dir = std::env::temp_dir().join(format!("opsconsole-ca-{}", std::process::id()));
    std::fs::create_dir_all(&ca_dir).expect("temp dir");
    let not_pem = ca_dir.join("not-a-cert.pem");
    std::fs::write(&not_pem, "hello").expect("write");
    let cases = [
        EndpointConfig::new("not a url"),
        EndpointConfig::new("ftp://127.0.0.1/"),
        EndpointConfig::new("http://admin:hunter2@127.0.0.1:9090"),
        EndpointConfig {
            ca_file: Some(ca_dir.join("missing.pem")),
            ..EndpointConfig::new("https://127.0.0.1")
        },
        EndpointConfig {
            ca_file: Some(not_pem),
            ..EndpointConfig::new("https://127.0.0.1")
        },
    ];
    for config in cases {
        match PrometheusClient::new(&config) {
            Err(FetchError::Config(message)) => assert!(!message.contains("hunter2"), "{message}"),
            other => panic!("{config:?}: expected Config, got {other:?}"),
        }
    }
    let _ = std::fs::remove_dir_all(ca_dir);
}
