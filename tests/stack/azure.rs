//! The loopback ARM server (`tests/azure_arm/server.py`) for the Azure tests: HTTPS on a free
//! port with a test CA, an Entra ID token endpoint for the client-credentials flow, and a plain
//! control port for what the tests inject and read back. Stopped by PID when dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

use super::{first_line, http, scratch_dir, tls};

pub const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
pub const CLIENT_ID: &str = "5b0a6b47-0b1c-4b5e-9f3a-7d2f1e6c8a90";
/// Registered with nothing: the tests assert it never appears anywhere.
pub const CLIENT_SECRET: &str = "az-secret-Q7v~9kLm.P2x";
pub const SUBSCRIPTION: &str = "00000000-1111-2222-3333-444444444444";

pub struct Arm {
    /// The ARM and login endpoint (HTTPS).
    pub url: String,
    /// The tests' control port (HTTP).
    pub control: String,
    pub dir: PathBuf,
    pub ca: PathBuf,
    child: Child,
}

impl Arm {
    /// The server with `scenario` as its state; its `identity` is filled in with the test
    /// service principal unless the scenario brings one.
    pub fn start(mut scenario: Value) -> Self {
        super::require("/usr/bin/python3");
        let dir = scratch_dir("arm");
        let certs = tls::make(&dir);
        if scenario.get("identity").is_none() {
            scenario["identity"] = json!({
                "tenant": TENANT, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
            });
        }
        let file = dir.join("scenario.json");
        std::fs::write(&file, scenario.to_string()).expect("scenario file");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/azure_arm/server.py");
        let log = std::fs::File::create(dir.join("arm.log")).expect("log file");
        let mut child = Command::new("/usr/bin/python3")
            .arg(script)
            .args([&certs.cert, &certs.key, &file])
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .spawn()
            .expect("start the ARM server");
        let line = first_line(&mut child);
        let (url, control) = line.trim().split_once(' ').unwrap_or_else(|| {
            let log = std::fs::read_to_string(dir.join("arm.log")).unwrap_or_default();
            panic!("the ARM server did not start: {line:?}\n{log}")
        });
        Self {
            url: url.into(),
            control: control.into(),
            dir,
            ca: certs.ca,
            child,
        }
    }

    /// The service principal's variables for the `environment` credential.
    pub fn env(&self) -> [(&'static str, String); 3] {
        [
            ("AZURE_TENANT_ID", TENANT.into()),
            ("AZURE_CLIENT_ID", CLIENT_ID.into()),
            ("AZURE_CLIENT_SECRET", CLIENT_SECRET.into()),
        ]
    }

    /// An `[environments.NAME.azure]` block for this server, then `extra` lines of it.
    pub fn environment_block(&self, environment: &str, extra: &str) -> String {
        format!(
            "[environments.{environment}.azure]\nsubscription = \"{SUBSCRIPTION}\"\n\
             tenant = \"{TENANT}\"\ncredential = \"environment\"\n\
             arm-endpoint = \"{url}\"\nlogin-endpoint = \"{url}\"\nca-file = \"{ca}\"\n{extra}\n",
            url = self.url,
            ca = self.ca.display()
        )
    }

    /// Every request so far (method, path, query, body, headers without Authorization).
    pub fn requests(&self) -> Vec<Value> {
        let (status, body) = http::get(&self.control, "/_test/requests");
        assert_eq!(status, 200, "control port: {body}");
        serde_json::from_str(&body).expect("requests as JSON")
    }

    /// The next `count` requests whose path matches `path` answer `status` (e.g. 429 with
    /// `retry_after` seconds).
    pub fn fault(&self, fault: Value) {
        let (status, body) = http::post(&self.control, "/_test/fault", &fault.to_string());
        assert_eq!(status, 200, "control port: {body}");
    }

    /// Replaces the state (the identity is kept as the tests' service principal).
    pub fn set_scenario(&self, mut scenario: Value) {
        if scenario.get("identity").is_none() {
            scenario["identity"] = json!({
                "tenant": TENANT, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
            });
        }
        let (status, body) = http::post(&self.control, "/_test/scenario", &scenario.to_string());
        assert_eq!(status, 200, "control port: {body}");
    }

    /// Forgets every issued token: the next ARM call with a cached one gets a 401.
    pub fn forget_tokens(&self) {
        let (status, body) = http::post(&self.control, "/_test/forget-tokens", "{}");
        assert_eq!(status, 200, "control port: {body}");
    }

    /// What the server logged (its stderr): requests and errors, for assertions on secrets.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("arm.log")).unwrap_or_default()
    }
}

impl Drop for Arm {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
        std::fs::remove_dir_all(&self.dir).ok();
    }
}
