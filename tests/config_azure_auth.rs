//! `azure-scope` in an environment's auth: Azure Monitor's managed Prometheus takes its token
//! from Azure's credential chain, with the chain settings of the environment's azure block (the
//! chain's defaults without one); every mistake is an error at its file:line:column.

use std::path::Path;

use opsconsole::config::Settings;
#[cfg(feature = "azure")]
use opsconsole::config::SourceConfig;
#[cfg(feature = "azure")]
use opsconsole::sources::azure::settings::CredentialKind;
#[cfg(feature = "azure")]
use opsconsole::sources::prometheus::settings::AuthSpec;

const SCOPE: &str = "https://prometheus.monitor.azure.com/.default";

fn lab(auth: &str, azure: &str) -> String {
    format!(
        "[environments.lab]\nprometheus = \"https://ws-1a2b.westeurope.prometheus.monitor.azure.com\"\n\
         [environments.lab.auth]\n{auth}\n{azure}"
    )
}

#[cfg(feature = "azure")]
fn prometheus_auth(text: &str) -> AuthSpec {
    let settings = Settings::parse(Path::new("azure.toml"), text).expect("parses");
    let lab = settings.environment_named("lab").expect("lab");
    let SourceConfig::Prometheus(p) = &lab.source else {
        panic!("lab reads Prometheus")
    };
    p.prometheus.auth.clone()
}

#[cfg(feature = "azure")]
#[test]
fn the_token_uses_the_azure_blocks_chain_or_the_chains_defaults() {
    let block = "[environments.lab.azure]\nsubscription = \"00000000-1111-2222-3333-444444444444\"\n\
                 tenant = \"72f988bf-86f1-41af-91ab-2d7cd011db47\"\ncredential = \"workload-identity\"\n";
    let AuthSpec::Azure { scope, chain } =
        prometheus_auth(&lab(&format!("azure-scope = \"{SCOPE}\""), block))
    else {
        panic!("an Azure token")
    };
    assert_eq!(scope, SCOPE);
    assert_eq!(chain.credential, CredentialKind::WorkloadIdentity);
    assert_eq!(
        chain.tenant.as_deref(),
        Some("72f988bf-86f1-41af-91ab-2d7cd011db47")
    );
    let AuthSpec::Azure { chain, .. } =
        prometheus_auth(&lab(&format!("azure-scope = \"{SCOPE}\""), ""))
    else {
        panic!("an Azure token")
    };
    assert_eq!(
        (
            chain.credential,
            chain.tenant.clone(),
            chain.login_endpoint.as_str()
        ),
        (
            CredentialKind::Auto,
            None,
            "https://login.microsoftonline.com"
        )
    );
}

#[cfg(feature = "azure")]
#[test]
fn azure_scope_mistakes_are_errors_at_their_place() {
    let cases = [
        (
            "azure-scope = \"https://prometheus.monitor.azure.com\"",
            "azure.toml:4:15: azure-scope \"https://prometheus.monitor.azure.com\": give the resource's URL and /.default",
        ),
        (
            "azure-scope = \"https://prometheus.monitor.azure.com/.default\"\nbearer-token-env = \"T\"",
            "azure.toml:3:1: use one of a bearer token, basic auth or azure-scope",
        ),
    ];
    for (auth, expected) in cases {
        let error = Settings::parse(Path::new("azure.toml"), &lab(auth, ""))
            .expect_err(auth)
            .to_string();
        assert!(error.contains(expected), "{auth}: {error}");
    }
}

#[cfg(not(feature = "azure"))]
#[test]
fn without_the_azure_feature_azure_scope_is_refused_clearly() {
    let error = Settings::parse(
        Path::new("azure.toml"),
        &lab(&format!("azure-scope = \"{SCOPE}\""), ""),
    )
    .expect_err("no Azure in this build")
    .to_string();
    assert!(
        error.contains("built without Azure support (cargo feature `azure`)"),
        "{error}"
    );
}
