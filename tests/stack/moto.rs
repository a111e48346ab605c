//! The AWS emulator moto (`moto_server`, PyPI `moto[server]`) on 127.0.0.1 with a free port,
//! from the virtual environment `scripts/install-test-deps.sh` makes. Stopped by PID on drop.
//! With `signed`, moto checks SigV4 signatures after three free calls, which set up an IAM user
//! with an allow-all policy and an access key (tests/moto_auth_setup.py, with moto's own boto3).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::http;
use super::process::{free_port, scratch_dir, spawn_logged, wait_ready};

/// The region every test resource lives in.
pub const REGION: &str = "us-east-1";

/// Where the install script puts the emulator; `OPSCONSOLE_TEST_VENV` moves it, as there.
pub fn venv() -> PathBuf {
    std::env::var_os("OPSCONSOLE_TEST_VENV").map_or_else(
        || {
            let home = std::env::var_os("HOME").expect("HOME is set");
            Path::new(&home).join(".local/share/opsconsole-test/venv")
        },
        PathBuf::from,
    )
}

/// An access key moto accepts: anything when it does not check signatures, else the one the
/// setup created.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
}

pub struct Moto {
    pub url: String,
    pub dir: PathBuf,
    pub credentials: Credentials,
    child: Child,
}

impl Moto {
    /// Signatures are not checked: any key works.
    pub fn start() -> Self {
        Self::launch(false)
    }

    /// Signatures are checked: only [`Moto::credentials`] work, a wrong secret gets a 403.
    pub fn signed() -> Self {
        Self::launch(true)
    }

    fn launch(signed: bool) -> Self {
        let bin = venv().join("bin/moto_server");
        super::require(bin.to_str().expect("utf-8 path"));
        let dir = scratch_dir("moto");
        let port = free_port();
        let mut command = Command::new(&bin);
        command.args(["-H", "127.0.0.1", "-p", &port.to_string()]);
        if signed {
            command.env("INITIAL_NO_AUTH_ACTION_COUNT", "3");
        }
        let child = spawn_logged(&dir, "moto", &mut command);
        let url = format!("http://127.0.0.1:{port}");
        let mut moto = Self {
            url,
            dir,
            credentials: Credentials {
                access_key_id: "AKIATESTTESTTEST".into(),
                secret_access_key: "testing".into(),
            },
            child,
        };
        wait_ready(&moto.url, "/moto-api/", &moto.dir, "moto");
        if signed {
            moto.credentials = moto.create_access_key();
        }
        moto
    }

    /// Spends the three unchecked calls on an IAM user, its policy and its access key.
    fn create_access_key(&self) -> Credentials {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/moto_auth_setup.py");
        let output = Command::new(venv().join("bin/python"))
            .arg(script)
            .arg(&self.url)
            .stdin(Stdio::null())
            .output()
            .expect("run the moto auth setup");
        assert!(
            output.status.success(),
            "moto auth setup failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8_lossy(&output.stdout);
        let (id, secret) = text
            .trim()
            .split_once(' ')
            .expect("the setup prints an access key id and its secret");
        Credentials {
            access_key_id: id.into(),
            secret_access_key: secret.into(),
        }
    }

    /// Queues Cost Explorer answers: each new set of GetCostAndUsage parameters takes the
    /// next one (moto implements the call only with injected results).
    pub fn inject_cost_and_usage(&self, results: &serde_json::Value) {
        let body = serde_json::json!({ "results": results }).to_string();
        let (status, text) = http::post(
            &self.url,
            "/moto-api/static/ce/cost-and-usage-results",
            &body,
        );
        assert_eq!(status, 201, "moto refused the cost results: {text}");
    }

    /// An `[environments.NAME.aws]` block pointing at this emulator, for a test config.
    pub fn environment_block(&self) -> String {
        format!("region = \"{REGION}\"\nendpoint-url = \"{}\"\n", self.url)
    }

    /// The variables the standard credential chain reads, for a console started by a test.
    pub fn env(&self) -> [(&'static str, String); 3] {
        [
            ("AWS_ACCESS_KEY_ID", self.credentials.access_key_id.clone()),
            (
                "AWS_SECRET_ACCESS_KEY",
                self.credentials.secret_access_key.clone(),
            ),
            ("AWS_REGION", REGION.into()),
        ]
    }

    /// SDK settings for seeding the emulator from a test.
    #[cfg(feature = "aws")]
    pub async fn sdk_config(&self) -> aws_config::SdkConfig {
        let credentials = aws_sdk_autoscaling::config::Credentials::new(
            &self.credentials.access_key_id,
            &self.credentials.secret_access_key,
            None,
            None,
            "moto-test",
        );
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new(REGION))
            .endpoint_url(&self.url)
            .credentials_provider(credentials)
            .load()
            .await
    }

    /// The console's clients and settings, all on this emulator (state under its scratch dir).
    #[cfg(feature = "aws")]
    pub async fn console(
        &self,
    ) -> (
        opsconsole::sources::aws::clients::AwsClients,
        opsconsole::sources::aws::settings::AwsSettings,
    ) {
        let config = self.sdk_config().await;
        let clients = opsconsole::sources::aws::clients::AwsClients {
            autoscaling: aws_sdk_autoscaling::Client::new(&config),
            cloudwatch: aws_sdk_cloudwatch::Client::new(&config),
            costexplorer: aws_sdk_costexplorer::Client::new(&config),
            securityhub: aws_sdk_securityhub::Client::new(&config),
        };
        let mut settings =
            opsconsole::sources::aws::settings::AwsSettings::new(self.dir.join("state"));
        settings.endpoint_url = Some(self.url.clone());
        settings.region = Some(REGION.into());
        (clients, settings)
    }
}

/// A group of `(min, desired, max)` t3.large instances from a launch configuration (moto
/// puts them in service at once).
#[cfg(feature = "aws")]
pub async fn create_group(client: &aws_sdk_autoscaling::Client, name: &str, size: (i32, i32, i32)) {
    let configuration = format!("{name}-launch");
    client
        .create_launch_configuration()
        .launch_configuration_name(&configuration)
        .image_id("ami-12c6146b")
        .instance_type("t3.large")
        .send()
        .await
        .expect("launch configuration");
    client
        .create_auto_scaling_group()
        .auto_scaling_group_name(name)
        .launch_configuration_name(&configuration)
        .min_size(size.0)
        .desired_capacity(size.1)
        .max_size(size.2)
        .availability_zones(format!("{REGION}a"))
        .send()
        .await
        .expect("group");
}

/// A group's `AWS/EC2 CPUUtilization` at `at`, for PutMetricData.
#[cfg(feature = "aws")]
pub fn cpu_datum(
    group: &str,
    percent: f64,
    at: chrono::DateTime<chrono::Utc>,
) -> aws_sdk_cloudwatch::types::MetricDatum {
    use aws_sdk_cloudwatch::types::{Dimension, MetricDatum, StandardUnit};
    MetricDatum::builder()
        .metric_name("CPUUtilization")
        .dimensions(
            Dimension::builder()
                .name("AutoScalingGroupName")
                .value(group)
                .build(),
        )
        .timestamp(aws_sdk_cloudwatch::primitives::DateTime::from_secs(
            at.timestamp(),
        ))
        .value(percent)
        .unit(StandardUnit::Percent)
        .build()
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
