//! Tokens from Microsoft's credential chain (`azure_identity`), never from the config file.
//! `auto` walks the chain in Microsoft's order, taking the first link whose platform says it is
//! there: a service principal in `AZURE_CLIENT_ID`/`AZURE_TENANT_ID`/`AZURE_CLIENT_SECRET`,
//! workload identity (`AZURE_FEDERATED_TOKEN_FILE`), managed identity (`IDENTITY_ENDPOINT`,
//! set by App Service and Container Apps), else the Azure CLI's login. A VM's metadata service
//! is asked only with `credential = "managed-identity"`, so a laptop never waits on it. The
//! credentials cache their token and renew it five minutes before it expires.

use std::sync::Arc;

use azure_core::cloud::{CloudConfiguration, CustomConfiguration};
use azure_core::credentials::{Secret, TokenCredential};
use azure_core::http::{ClientOptions, Transport};
use azure_identity::{
    AzureCliCredential, AzureCliCredentialOptions, ClientAssertionCredentialOptions,
    ClientSecretCredential, ClientSecretCredentialOptions, ManagedIdentityCredential,
    ManagedIdentityCredentialOptions, WorkloadIdentityCredential,
    WorkloadIdentityCredentialOptions,
};

use super::settings::{AzureSettings, CredentialKind};
use crate::domain::remote_text;

/// One credential for one audience: `token()` answers a bearer token, cached by the credential.
#[derive(Debug, Clone)]
pub struct Tokens {
    credential: Arc<dyn TokenCredential>,
    /// Which link of the chain, for error messages ("service principal from the environment").
    source: &'static str,
    scope: String,
}

impl Tokens {
    /// The chain `settings` ask for, for tokens of `scope` (e.g. ARM's `.default`).
    pub fn new(settings: &AzureSettings, scope: String) -> Result<Self, String> {
        let http = super::arm::http_client(settings)?;
        let (credential, source) = link(settings, http)?;
        Ok(Self {
            credential,
            source,
            scope,
        })
    }

    /// Tokens from a credential made elsewhere (a test's own, against a loopback endpoint).
    pub fn from_credential(credential: Arc<dyn TokenCredential>, scope: String) -> Self {
        Self {
            credential,
            source: "the given credential",
            scope,
        }
    }

    /// A bearer token, from the credential's cache while it has five minutes left.
    pub async fn token(&self) -> Result<Secret, String> {
        self.credential
            .get_token(&[&self.scope], None)
            .await
            .map(|token| token.token)
            .map_err(|e| {
                // The first line is Entra ID's reason; the rest is a troubleshooting link.
                let text = e.to_string();
                let reason = remote_text::clean(text.lines().next().unwrap_or_default());
                format!(
                    "Azure refused a token for {} ({}): {reason}; {}",
                    self.scope,
                    self.source,
                    fix(self.source)
                )
            })
    }
}

fn fix(source: &str) -> &'static str {
    match source {
        ENVIRONMENT => {
            "check AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (an expired secret is renewed in Entra ID)"
        }
        WORKLOAD => "check the federated credential and AZURE_FEDERATED_TOKEN_FILE",
        MANAGED => "check the identity is assigned to this host and has the role",
        _ => "run `az login` (and `az account set`) as the user running the console",
    }
}

const ENVIRONMENT: &str = "service principal from AZURE_CLIENT_ID/AZURE_CLIENT_SECRET";
const WORKLOAD: &str = "workload identity";
const MANAGED: &str = "managed identity";
const CLI: &str = "Azure CLI login";

fn failed(what: &'static str) -> impl Fn(azure_core::Error) -> String {
    move |e| format!("{what}: {e}")
}

fn link(
    settings: &AzureSettings,
    http: reqwest::Client,
) -> Result<(Arc<dyn TokenCredential>, &'static str), String> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let kind = match settings.credential {
        CredentialKind::Auto if var("AZURE_CLIENT_SECRET").is_some() => CredentialKind::Environment,
        CredentialKind::Auto if var("AZURE_FEDERATED_TOKEN_FILE").is_some() => {
            CredentialKind::WorkloadIdentity
        }
        CredentialKind::Auto if var("IDENTITY_ENDPOINT").is_some() => {
            CredentialKind::ManagedIdentity
        }
        CredentialKind::Auto => CredentialKind::AzureCli,
        kind => kind,
    };
    let mut cloud = CustomConfiguration::default();
    cloud.authority_host.clone_from(&settings.login_endpoint);
    let client_options = ClientOptions {
        cloud: Some(Arc::new(CloudConfiguration::Custom(cloud))),
        transport: Some(Transport::new(Arc::new(http))),
        ..ClientOptions::default()
    };
    let tenant = settings.tenant.clone().or_else(|| var("AZURE_TENANT_ID"));
    Ok(match kind {
        CredentialKind::Environment => {
            let missing = "AZURE_CLIENT_ID and AZURE_CLIENT_SECRET must both be set";
            let (Some(client), Some(secret)) = (var("AZURE_CLIENT_ID"), var("AZURE_CLIENT_SECRET"))
            else {
                return Err(format!("{ENVIRONMENT}: {missing}"));
            };
            // Never shown, even if an error or a server echoes it.
            crate::domain::redact::register(&secret);
            let tenant = tenant.ok_or_else(|| {
                format!("{ENVIRONMENT}: set the azure block's tenant or AZURE_TENANT_ID")
            })?;
            let options = ClientSecretCredentialOptions { client_options };
            let credential =
                ClientSecretCredential::new(&tenant, client, Secret::new(secret), Some(options))
                    .map_err(failed(ENVIRONMENT))?;
            (credential as Arc<dyn TokenCredential>, ENVIRONMENT)
        }
        CredentialKind::WorkloadIdentity => {
            let options = WorkloadIdentityCredentialOptions {
                credential_options: ClientAssertionCredentialOptions { client_options },
                tenant_id: tenant,
                ..WorkloadIdentityCredentialOptions::default()
            };
            let credential =
                WorkloadIdentityCredential::new(Some(options)).map_err(failed(WORKLOAD))?;
            (credential as Arc<dyn TokenCredential>, WORKLOAD)
        }
        CredentialKind::ManagedIdentity => {
            let options = ManagedIdentityCredentialOptions {
                client_options,
                ..ManagedIdentityCredentialOptions::default()
            };
            let credential =
                ManagedIdentityCredential::new(Some(options)).map_err(failed(MANAGED))?;
            (credential as Arc<dyn TokenCredential>, MANAGED)
        }
        CredentialKind::AzureCli | CredentialKind::Auto => {
            let options = AzureCliCredentialOptions {
                tenant_id: tenant,
                ..AzureCliCredentialOptions::default()
            };
            let credential = AzureCliCredential::new(Some(options)).map_err(failed(CLI))?;
            (credential as Arc<dyn TokenCredential>, CLI)
        }
    })
}
