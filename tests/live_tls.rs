//! TLS against a real Prometheus serving HTTPS with a self-signed certificate (made here with
//! openssl): verification is on by default and refuses it, a configured CA file makes it
//! trusted, and the explicit insecure switch skips the check.

mod stack;

use std::process::Child;
use std::time::{Duration, Instant};

use opsconsole::sources::prometheus::{
    Auth, EndpointConfig, FetchError, PrometheusClient, QueryData,
};
use stack::{PROMETHEUS, free_port, prometheus, require, scratch_dir};

/// Prometheus stopped by PID when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

fn endpoint(url: &str, ca_file: Option<std::path::PathBuf>, insecure: bool) -> EndpointConfig {
    EndpointConfig {
        url: url.into(),
        auth: Auth::None,
        ca_file,
        insecure,
        timeout: Duration::from_secs(3),
        max_body_bytes: 1 << 20,
    }
}

async fn ask(config: &EndpointConfig) -> Result<QueryData, FetchError> {
    PrometheusClient::new(config)
        .expect("client")
        .instant("1")
        .await
}

#[test]
fn verification_is_on_a_ca_file_trusts_and_insecure_skips() {
    require(PROMETHEUS);
    let dir = scratch_dir("tls");
    let stack::tls::Certificates { ca, cert, key } = stack::tls::make(&dir);
    std::fs::write(
        dir.join("web.yml"),
        format!(
            "tls_server_config:\n  cert_file: {}\n  key_file: {}\n",
            cert.display(),
            key.display()
        ),
    )
    .expect("web config");
    std::fs::write(
        dir.join("prometheus.yml"),
        "global:\n  scrape_interval: 15s\n",
    )
    .expect("config");
    let port = free_port();
    let _server = Server(
        prometheus(&dir, port)
            .arg(format!(
                "--web.config.file={}",
                dir.join("web.yml").display()
            ))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start prometheus"),
    );
    let url = format!("https://127.0.0.1:{port}");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let trusted = endpoint(&url, Some(ca.clone()), false);
        let deadline = Instant::now() + Duration::from_secs(30);
        while let Err(error) = ask(&trusted).await {
            assert!(
                Instant::now() < deadline,
                "Prometheus never answered over TLS: {error}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert_eq!(
            ask(&trusted).await,
            Ok(QueryData::Scalar(1.0)),
            "a CA file makes the certificate trusted"
        );
        let refused = ask(&endpoint(&url, None, false)).await;
        let Err(FetchError::Connect(message)) = &refused else {
            panic!("an unknown issuer must be refused: {refused:?}");
        };
        assert!(
            message.to_lowercase().contains("certificate"),
            "says why: {message}"
        );
        assert_eq!(
            ask(&endpoint(&url, None, true)).await,
            Ok(QueryData::Scalar(1.0)),
            "the explicit switch skips the check"
        );
    });
    std::fs::remove_dir_all(&dir).ok();
}
