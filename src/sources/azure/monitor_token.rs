//! Azure Monitor's managed Prometheus: its query endpoint takes a bearer token for the Azure
//! Monitor workspace's audience (`https://prometheus.monitor.azure.com/.default`) from the same
//! credential chain as ARM. The credential caches the token and renews it before it expires;
//! each new one is registered for redaction before any request carries it.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};

use super::credential::Tokens;
use super::settings::AzureSettings;
use crate::sources::prometheus::{RenewedToken, Secret, TokenSource};

struct MonitorToken {
    tokens: Tokens,
    scope: String,
    /// The last token handed out: a cached one is not registered again.
    last: Mutex<Option<Secret>>,
}

/// Tokens of `scope` from the chain `chain` describes (the environment's azure block, or the
/// chain's defaults without one).
pub fn renewed(chain: &AzureSettings, scope: &str) -> Result<RenewedToken, String> {
    Ok(RenewedToken(Arc::new(MonitorToken {
        tokens: Tokens::new(chain, scope.to_string())?,
        scope: scope.to_string(),
        last: Mutex::new(None),
    })))
}

impl TokenSource for MonitorToken {
    fn token(&self) -> Pin<Box<dyn Future<Output = Result<Secret, String>> + Send + '_>> {
        Box::pin(async move {
            let token = self.tokens.token().await?;
            let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
            match last.as_ref() {
                Some(known) if known.expose() == token.secret() => Ok(known.clone()),
                _ => {
                    let fresh = Secret::new(token.secret());
                    *last = Some(fresh.clone());
                    Ok(fresh)
                }
            }
        })
    }

    fn describe(&self) -> String {
        format!("Azure token for {}", self.scope)
    }

    fn refused(&self) -> String {
        format!(
            "the Azure token for {} was refused: the identity needs Monitoring Data Reader on the Azure Monitor workspace, and the URL must be the workspace's query endpoint",
            self.scope
        )
    }
}
