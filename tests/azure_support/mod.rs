//! An ARM client on the loopback ARM server for tests that call the library: the settings of
//! the server's subscription and Microsoft's real client-secret credential, its token from the
//! server's Entra ID endpoint.
#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;

use azure_core::cloud::{CloudConfiguration, CustomConfiguration};
use azure_core::credentials::Secret;
use azure_core::http::{ClientOptions, Transport};
use azure_identity::{ClientSecretCredential, ClientSecretCredentialOptions};
use opsconsole::sources::azure::arm::{ArmClient, http_client};
use opsconsole::sources::azure::credential::Tokens;
use opsconsole::sources::azure::settings::AzureSettings;

use super::stack::azure::{Arm, CLIENT_ID, CLIENT_SECRET, SUBSCRIPTION, TENANT};

/// The server's subscription, its state in `state_dir`.
pub fn settings(arm: &Arm, state_dir: &Path) -> AzureSettings {
    let mut settings = AzureSettings::new(SUBSCRIPTION.into(), state_dir.to_path_buf());
    settings.arm_endpoint.clone_from(&arm.url);
    settings.login_endpoint.clone_from(&arm.url);
    settings.ca_file = Some(arm.ca.clone());
    settings.tenant = Some(TENANT.into());
    settings
}

/// A client for `settings` with the test service principal's secret.
pub fn client(arm: &Arm, settings: &AzureSettings) -> ArmClient {
    client_with_secret(arm, settings, CLIENT_SECRET)
}

/// A client for `settings` whose credential sends `secret`.
pub fn client_with_secret(arm: &Arm, settings: &AzureSettings, secret: &str) -> ArmClient {
    let mut cloud = CustomConfiguration::default();
    cloud.authority_host.clone_from(&arm.url);
    let options = ClientSecretCredentialOptions {
        client_options: ClientOptions {
            cloud: Some(Arc::new(CloudConfiguration::Custom(cloud))),
            transport: Some(Transport::new(Arc::new(
                http_client(settings).expect("http client"),
            ))),
            ..ClientOptions::default()
        },
    };
    let credential = ClientSecretCredential::new(
        TENANT,
        CLIENT_ID.into(),
        Secret::new(secret.to_string()),
        Some(options),
    )
    .expect("credential");
    let tokens = Tokens::from_credential(credential, settings.arm_scope());
    ArmClient::with_tokens(settings, tokens).expect("client")
}

pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(future)
}
