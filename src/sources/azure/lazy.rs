//! A runbook target's ARM client, made on first use: a plan that never reads the apps nor acts
//! never builds a credential.

use std::sync::Arc;

use tokio::sync::OnceCell;

use super::arm::ArmClient;
use super::settings::AzureSettings;

#[derive(Debug, Clone)]
pub struct LazyArm {
    pub settings: AzureSettings,
    cell: Arc<OnceCell<ArmClient>>,
}

impl LazyArm {
    pub fn new(settings: AzureSettings) -> Self {
        Self {
            settings,
            cell: Arc::default(),
        }
    }

    /// The client; an error (a CA file that does not parse) is retried at the next use.
    pub async fn get(&self) -> Result<&ArmClient, String> {
        self.cell
            .get_or_try_init(|| async { ArmClient::new(&self.settings) })
            .await
    }
}
