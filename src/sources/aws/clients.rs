//! One SDK configuration per environment, shared by the four service clients.

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region};

use super::settings::AwsSettings;

/// Cost Explorer has one endpoint, in us-east-1, whatever the environment's region.
const COST_EXPLORER_REGION: &str = "us-east-1";

#[derive(Clone, Debug)]
pub struct AwsClients {
    pub autoscaling: aws_sdk_autoscaling::Client,
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    pub costexplorer: aws_sdk_costexplorer::Client,
    pub securityhub: aws_sdk_securityhub::Client,
}

impl AwsClients {
    /// Resolves the profile and region now; credentials are resolved (and refreshed) lazily by
    /// the SDK on the first call, so a missing key shows as that call's error.
    pub async fn connect(settings: &AwsSettings) -> Self {
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_timeout(settings.timeout)
                    .build(),
            )
            // Two attempts: a poll comes again soon, and an operator waits on an action.
            .retry_config(RetryConfig::standard().with_max_attempts(2));
        if let Some(profile) = &settings.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(region) = &settings.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(url) = &settings.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        // The chain may read keys from the environment; registered so that no output (a
        // runbook command printing its environment, say) shows them.
        for name in ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] {
            if let Ok(value) = std::env::var(name) {
                crate::domain::redact::register(&value);
            }
        }
        let config = loader.load().await;
        let costexplorer = if settings.endpoint_url.is_some() {
            aws_sdk_costexplorer::Client::new(&config)
        } else {
            let ce = aws_sdk_costexplorer::config::Builder::from(&config)
                .region(Region::new(COST_EXPLORER_REGION))
                .build();
            aws_sdk_costexplorer::Client::from_conf(ce)
        };
        Self {
            autoscaling: aws_sdk_autoscaling::Client::new(&config),
            cloudwatch: aws_sdk_cloudwatch::Client::new(&config),
            costexplorer,
            securityhub: aws_sdk_securityhub::Client::new(&config),
        }
    }
}

/// Clients made on first use: loading the SDK configuration is async (profiles, SSO), and
/// the environment that owns them is set up synchronously.
#[derive(Clone, Debug)]
pub struct LazyClients {
    pub settings: AwsSettings,
    cell: std::sync::Arc<tokio::sync::OnceCell<AwsClients>>,
}

impl LazyClients {
    pub fn new(settings: AwsSettings) -> Self {
        Self {
            settings,
            cell: std::sync::Arc::default(),
        }
    }

    pub async fn get(&self) -> &AwsClients {
        self.cell
            .get_or_init(|| AwsClients::connect(&self.settings))
            .await
    }
}
