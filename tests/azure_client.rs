//! The ARM client against the loopback ARM server, with Microsoft's real client-secret
//! credential (`azure_identity`) fetching its token from the server's Entra ID endpoint:
//! `nextLink` paging, 429 with `Retry-After`, 401 with its challenge, 403, a bad secret, and a
//! next link that would take the token elsewhere.
#![cfg(feature = "azure")]

mod stack;

use std::sync::Arc;
use std::time::{Duration, Instant};

use azure_core::cloud::{CloudConfiguration, CustomConfiguration};
use azure_core::credentials::Secret;
use azure_core::http::{ClientOptions, Transport};
use azure_identity::{ClientSecretCredential, ClientSecretCredentialOptions};
use opsconsole::sources::azure::arm::{ArmClient, http_client};
use opsconsole::sources::azure::credential::Tokens;
use opsconsole::sources::azure::settings::AzureSettings;
use serde_json::{Value, json};
use stack::azure::{Arm, CLIENT_ID, CLIENT_SECRET, SUBSCRIPTION, TENANT};

const GROUPS: &str = "/subscriptions/00000000-1111-2222-3333-444444444444/resourcegroups";

fn settings(arm: &Arm, timeout: Duration) -> AzureSettings {
    let mut settings = AzureSettings::new(SUBSCRIPTION.into(), arm.dir.clone());
    settings.arm_endpoint.clone_from(&arm.url);
    settings.login_endpoint.clone_from(&arm.url);
    settings.ca_file = Some(arm.ca.clone());
    settings.timeout = timeout;
    settings
}

/// The real client-secret credential, pointed at the server's token endpoint.
fn client(arm: &Arm, timeout: Duration, secret: &str) -> ArmClient {
    let settings = settings(arm, timeout);
    let mut cloud = CustomConfiguration::default();
    cloud.authority_host.clone_from(&arm.url);
    let options = ClientSecretCredentialOptions {
        client_options: ClientOptions {
            cloud: Some(Arc::new(CloudConfiguration::Custom(cloud))),
            transport: Some(Transport::new(Arc::new(
                http_client(&settings).expect("http client"),
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
    ArmClient::with_tokens(&settings, tokens).expect("client")
}

fn scenario(groups: usize) -> Value {
    let names: Vec<String> = (0..groups).map(|n| format!("rg-{n:03}")).collect();
    json!({ "subscription": SUBSCRIPTION, "resource_groups": names, "page_size": 100 })
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(future)
}

fn arm_gets(arm: &Arm) -> Vec<Value> {
    arm.requests()
        .into_iter()
        .filter(|r| {
            r["path"]
                .as_str()
                .is_some_and(|p| p.starts_with("/subscriptions/"))
        })
        .collect()
}

#[test]
fn a_list_follows_next_links_with_one_token() {
    let arm = Arm::start(scenario(250));
    let client = client(&arm, Duration::from_secs(10), CLIENT_SECRET);
    let items = block_on(client.list(GROUPS, "2021-04-01")).expect("list");
    assert_eq!(items.len(), 250);
    assert_eq!(items[0]["name"], "rg-000");
    assert_eq!(items[249]["name"], "rg-249");
    let requests = arm.requests();
    let tokens: Vec<&Value> = requests
        .iter()
        .filter(|r| r["path"] == format!("/{TENANT}/oauth2/v2.0/token"))
        .collect();
    assert_eq!(tokens.len(), 1, "the token is cached across pages");
    assert_eq!(tokens[0]["body"]["grant_type"], "client_credentials");
    assert_eq!(tokens[0]["body"]["scope"], format!("{}/.default", arm.url));
    let gets = arm_gets(&arm);
    let skips: Vec<Option<&str>> = gets
        .iter()
        .map(|r| r["query"]["$skiptoken"][0].as_str())
        .collect();
    assert_eq!(skips, [None, Some("100"), Some("200")]);
    assert!(
        arm_gets(&arm)
            .iter()
            .all(|r| r["query"]["api-version"][0] == "2021-04-01"),
        "every page keeps the api-version"
    );
}

#[test]
fn a_429_waits_its_retry_after_then_succeeds() {
    let arm = Arm::start(scenario(3));
    let client = client(&arm, Duration::from_secs(10), CLIENT_SECRET);
    arm.fault(json!({ "path": "resourcegroups", "status": 429, "retry_after": 1 }));
    let started = Instant::now();
    let items = block_on(client.list(GROUPS, "2021-04-01")).expect("list after the 429");
    assert_eq!(items.len(), 3);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    assert_eq!(arm_gets(&arm).len(), 2);
}

#[test]
fn a_retry_after_beyond_the_timeout_fails_and_holds_later_calls_back() {
    let arm = Arm::start(scenario(3));
    let client = client(&arm, Duration::from_secs(2), CLIENT_SECRET);
    arm.fault(json!({ "path": "resourcegroups", "status": 429, "retry_after": 30 }));
    let error = block_on(client.get(GROUPS, "2021-04-01")).expect_err("throttled");
    let text = error.to_string();
    assert!(text.contains("throttled (429)"), "{text}");
    assert!(
        text.contains("wait 30s") || text.contains("wait 29s"),
        "{text}"
    );
    // The next call does not go out while Azure asked to wait.
    let again = block_on(client.get(GROUPS, "2021-04-01")).expect_err("still throttled");
    assert!(again.to_string().contains("throttled"), "{again}");
    assert_eq!(arm_gets(&arm).len(), 1, "no call before the Retry-After");
}

#[test]
fn a_refused_token_says_what_azure_said_and_what_to_check() {
    let arm = Arm::start(scenario(3));
    let client = client(&arm, Duration::from_secs(10), CLIENT_SECRET);
    block_on(client.get(GROUPS, "2021-04-01")).expect("first call");
    arm.forget_tokens();
    let error = block_on(client.get(GROUPS, "2021-04-01")).expect_err("401");
    assert_eq!(error.status(), Some(401));
    let text = error.to_string();
    assert!(
        text.contains("HTTP 401 InvalidAuthenticationToken - The access token is invalid."),
        "{text}"
    );
    assert!(
        text.contains("the token was refused: check the credential's tenant"),
        "{text}"
    );
    assert!(text.contains("[request id "), "{text}");
}

#[test]
fn a_forbidden_scope_names_the_roles() {
    let arm = Arm::start(scenario(3));
    let client = client(&arm, Duration::from_secs(10), CLIENT_SECRET);
    let forbidden = json!({ "error": { "code": "AuthorizationFailed",
        "message": "The client does not have authorization to perform action \u{1b}[31m'Microsoft.Resources/subscriptions/resourcegroups/read'." } });
    arm.fault(json!({ "path": "resourcegroups", "status": 403, "body": forbidden }));
    let text = block_on(client.get(GROUPS, "2021-04-01"))
        .expect_err("403")
        .to_string();
    assert!(
        text.contains("HTTP 403 AuthorizationFailed - The client"),
        "{text}"
    );
    assert!(text.contains("lacks a role on this scope"), "{text}");
    assert!(!text.contains('\u{1b}'), "remote text is cleaned: {text:?}");
}

#[test]
fn a_wrong_secret_is_entra_ids_reason_without_the_secret() {
    let arm = Arm::start(scenario(3));
    let wrong = "wrong-secret-5f1e";
    let client = client(&arm, Duration::from_secs(10), wrong);
    let text = block_on(client.get(GROUPS, "2021-04-01"))
        .expect_err("refused")
        .to_string();
    assert!(
        text.contains("AADSTS7000215: Invalid client secret"),
        "{text}"
    );
    assert!(
        !text.contains(wrong) && !text.contains(CLIENT_SECRET),
        "{text}"
    );
    assert!(arm_gets(&arm).is_empty(), "no ARM call without a token");
    assert!(
        !arm.log().contains(wrong),
        "the server log has no secret either"
    );
}

#[test]
fn a_next_link_off_the_endpoint_is_refused_before_the_token_goes_there() {
    let arm = Arm::start(scenario(3));
    let client = client(&arm, Duration::from_secs(10), CLIENT_SECRET);
    let elsewhere = json!({ "value": [], "nextLink": "https://127.0.0.2:1/steal?api-version=1" });
    arm.fault(json!({ "path": "resourcegroups", "status": 200, "body": elsewhere }));
    let text = block_on(client.list(GROUPS, "2021-04-01"))
        .expect_err("refused")
        .to_string();
    assert!(
        text.contains("a next link outside the ARM endpoint"),
        "{text}"
    );
}

#[test]
fn the_environment_credential_needs_its_variables() {
    let arm = Arm::start(scenario(0));
    let mut settings = settings(&arm, Duration::from_secs(5));
    settings.credential = opsconsole::sources::azure::settings::CredentialKind::Environment;
    // The tests bring their own service principal; a real one in the environment would be used.
    assert!(
        std::env::var_os("AZURE_CLIENT_SECRET").is_none(),
        "unset AZURE_CLIENT_SECRET to run the tests"
    );
    let error = ArmClient::new(&settings).expect_err("no variables");
    assert!(
        error.contains("AZURE_CLIENT_ID and AZURE_CLIENT_SECRET must both be set"),
        "{error}"
    );
}

/// Entra ID's answer says how long a token lives; the credential asks again once fewer than
/// five minutes are left, so a token never expires mid-call.
#[test]
fn a_token_is_reused_until_five_minutes_before_it_expires() {
    let count_tokens = |arm: &Arm| {
        arm.requests()
            .iter()
            .filter(|r| r["path"] == format!("/{TENANT}/oauth2/v2.0/token"))
            .count()
    };
    let identity = |expires_in: u64| {
        json!({ "tenant": TENANT, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                "expires_in": expires_in })
    };
    for (expires_in, expected) in [(3599, 1), (240, 3)] {
        let mut scenario = scenario(3);
        scenario["identity"] = identity(expires_in);
        let arm = Arm::start(scenario);
        let client = client(&arm, Duration::from_secs(10), CLIENT_SECRET);
        for _ in 0..3 {
            block_on(client.get(GROUPS, "2021-04-01")).expect("call");
        }
        assert_eq!(count_tokens(&arm), expected, "a token living {expires_in}s");
    }
}
