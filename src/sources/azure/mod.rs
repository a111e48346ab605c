//! Azure: Container Apps with their scale rules and replicas, Cost Management and Defender for
//! Cloud, read from Azure Resource Manager (plain JSON over HTTPS, the `azure` cargo feature)
//! with tokens from Microsoft's credential chain. Each part is a source of its own (its own
//! interval, freshness and error), so a throttled Cost Management never hides the apps.

pub mod settings;

#[cfg(feature = "azure")]
pub mod actions;
#[cfg(feature = "azure")]
pub mod apps;
#[cfg(feature = "azure")]
pub mod arm;
#[cfg(feature = "azure")]
pub mod cost;
#[cfg(feature = "azure")]
pub mod credential;
#[cfg(feature = "azure")]
pub mod defender;
#[cfg(feature = "azure")]
mod error;
#[cfg(feature = "azure")]
pub mod lazy;
#[cfg(feature = "azure")]
pub mod monitor_token;
#[cfg(feature = "azure")]
pub mod task;
