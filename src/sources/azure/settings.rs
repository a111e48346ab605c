//! What `[environments.NAME.azure]` says: which subscription, where ARM and Entra ID are, what
//! to read. Plain data, compiled with or without the `azure` feature, so a config that asks for
//! Azure in a build without it is refused with a clear message rather than a parse error.

use std::path::PathBuf;
use std::time::Duration;

use crate::sources::aws::settings::GroupFilter;

pub const PUBLIC_ARM: &str = "https://management.azure.com";
pub const PUBLIC_LOGIN: &str = "https://login.microsoftonline.com";

#[derive(Debug, Clone, PartialEq)]
pub struct AzureSettings {
    /// The subscription id every scope is under.
    pub subscription: String,
    /// The Entra ID tenant for the credential; `None` takes `AZURE_TENANT_ID` or the CLI's.
    pub tenant: Option<String>,
    /// Resource groups to read; empty reads the whole subscription.
    pub resource_groups: Vec<String>,
    /// Which container apps the Scaling tab shows (by name, and by tag).
    pub apps: GroupFilter,
    /// How often container apps are read.
    pub interval: Duration,
    /// Defender's assessments refresh a few times a day: read them this often.
    pub security_interval: Duration,
    /// Cost Management throttles hard: its answers are kept this long unless refreshed.
    pub cost_ttl: Duration,
    /// Per-call limit, a `Retry-After` wait included.
    pub timeout: Duration,
    /// Azure Resource Manager, without a trailing slash (another cloud's, or a test server).
    pub arm_endpoint: String,
    /// Entra ID's authority host for the service-principal and workload-identity credentials.
    pub login_endpoint: String,
    /// A PEM bundle trusted beside the system's roots (a TLS-inspecting proxy, a test server).
    pub ca_file: Option<PathBuf>,
    pub credential: CredentialKind,
    pub monthly_budget: f64,
    pub monthly_baseline: f64,
    pub cost: bool,
    pub security: bool,
    /// Where observed replica changes are recorded.
    pub state_dir: PathBuf,
}

/// Which link of the standard chain gives the token. `Auto` walks it in Microsoft's order:
/// a service principal from the environment, workload identity, managed identity (when the
/// platform says one is there), then the Azure CLI's login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialKind {
    Auto,
    Environment,
    WorkloadIdentity,
    ManagedIdentity,
    AzureCli,
}

impl CredentialKind {
    pub const NAMES: [(&'static str, Self); 5] = [
        ("auto", Self::Auto),
        ("environment", Self::Environment),
        ("workload-identity", Self::WorkloadIdentity),
        ("managed-identity", Self::ManagedIdentity),
        ("azure-cli", Self::AzureCli),
    ];
}

impl AzureSettings {
    /// The defaults for a block that gives only the subscription.
    pub fn new(subscription: String, state_dir: PathBuf) -> Self {
        Self {
            subscription,
            tenant: None,
            resource_groups: Vec::new(),
            apps: GroupFilter::default(),
            interval: Duration::from_secs(30),
            security_interval: Duration::from_secs(300),
            cost_ttl: Duration::from_secs(3600),
            timeout: Duration::from_secs(10),
            arm_endpoint: PUBLIC_ARM.into(),
            login_endpoint: PUBLIC_LOGIN.into(),
            ca_file: None,
            credential: CredentialKind::Auto,
            monthly_budget: 6_600.0,
            monthly_baseline: crate::domain::cost::DEFAULT_BASELINE,
            cost: true,
            security: true,
            state_dir,
        }
    }

    /// The ARM scopes read: the subscription, or each configured resource group in it.
    pub fn scopes(&self) -> Vec<String> {
        let subscription = format!("/subscriptions/{}", self.subscription);
        if self.resource_groups.is_empty() {
            return vec![subscription];
        }
        self.resource_groups
            .iter()
            .map(|rg| format!("{subscription}/resourceGroups/{rg}"))
            .collect()
    }

    /// The token audience for ARM: its endpoint's `.default` scope.
    pub fn arm_scope(&self) -> String {
        format!("{}/.default", self.arm_endpoint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_the_subscription_or_each_resource_group() {
        let mut settings = AzureSettings::new("sub-1".into(), PathBuf::new());
        assert_eq!(settings.scopes(), ["/subscriptions/sub-1"]);
        settings.resource_groups = vec!["web".into(), "data".into()];
        assert_eq!(
            settings.scopes(),
            [
                "/subscriptions/sub-1/resourceGroups/web",
                "/subscriptions/sub-1/resourceGroups/data"
            ]
        );
        assert_eq!(
            settings.arm_scope(),
            "https://management.azure.com/.default"
        );
    }
}
