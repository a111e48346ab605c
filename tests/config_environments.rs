//! Environments, SLOs and panels in config.toml: a full file parses into what the sources
//! need, and every mistake is an error at its file:line:column. Secrets are only ever named
//! (a variable or a file), never written in the file.

mod file_support;

use std::path::Path;
use std::time::Duration;

use file_support::fixture;
use opsconsole::app::EnvironmentTier;
use opsconsole::config::{Settings, SourceConfig};
use opsconsole::domain::approval::{ApprovalPolicy, ApprovalRule};
use opsconsole::domain::{Topic, Unit};
use opsconsole::sources::prometheus::settings::{AuthSpec, QueryKind, SecretRef};

const FULL: &str = r#"
environment = "prod"

[environments.prod]
prometheus = "https://thanos.example.internal/prometheus"
alertmanager = "https://am.example.internal"
tier = "production"
interval = "10s"
timeout = "5s"
concurrency = 4
max-rows = 500
max-response = "32MiB"
monthly-budget = 12000
monthly-baseline = 9500
ca-file = "/etc/ssl/internal-ca.pem"

[environments.prod.auth]
bearer-token-env = "PROM_TOKEN"

[environments.prod.alertmanager-auth]
basic-user = "ops"
basic-password-file = "/run/secrets/am"

[environments.staging]
prometheus = "http://127.0.0.1:9090"
tier = "staging"
insecure-skip-verify = true

[slo.default]
availability = 0.9995
latency-threshold = "400ms"
window = "28d"

[[panels]]
id = "latency-p99"
query = "histogram_quantile(0.99, sum by (le, service) (rate(my_latency_bucket[5m])))"

[[panels]]
id = "queue-depth"
title = "Queue depth"
tab = "scaling"
query = "sum(queue_depth)"
unit = "count"
warn = 100
critical = 500
interval = "30s"

[[panels]]
id = "queue-depth-trend"
tab = "scaling"
query = "sum(queue_depth)"
range = "1d"
step = "5m"
"#;

#[test]
fn a_full_file_parses_into_environments() {
    let settings = Settings::parse(Path::new("config.toml"), FULL).expect("valid");
    let names: Vec<_> = settings
        .environments
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(names, ["demo", "prod", "staging"], "demo is always there");
    assert_eq!(settings.environment, "prod");
    let prod = &settings.environments[1];
    assert_eq!(prod.tier, EnvironmentTier::Production);
    let SourceConfig::Prometheus(p) = &prod.source else {
        panic!("prod reads Prometheus")
    };
    assert_eq!(p.interval, Duration::from_secs(10));
    assert_eq!(p.prometheus.timeout, Duration::from_secs(5));
    assert_eq!(p.prometheus.max_body_bytes, 32 << 20);
    assert_eq!(p.concurrency, 4);
    assert_eq!(p.max_rows, 500);
    assert_eq!(p.monthly_budget, 12_000.0);
    assert_eq!(
        p.monthly_baseline, 9_500.0,
        "the baseline apart from the budget"
    );
    assert_eq!(
        p.prometheus.auth,
        AuthSpec::Bearer(SecretRef::Env("PROM_TOKEN".into()))
    );
    let am = p.alertmanager.as_ref().expect("alertmanager");
    assert_eq!(
        am.auth,
        AuthSpec::Basic {
            user: "ops".into(),
            password: SecretRef::File("/run/secrets/am".into())
        }
    );
    assert!(!p.prometheus.insecure);
    let objective = &p.slo.default;
    assert!(
        (objective.availability - 0.9995).abs() < 1e-12
            && (objective.latency_threshold_ms - 400.0).abs() < 1e-9
            && objective.window_days == 28
    );
    let p99 = p
        .panels
        .iter()
        .find(|x| x.id == "latency-p99")
        .expect("built-in kept");
    assert!(
        p99.query.contains("my_latency_bucket"),
        "the user's query replaces the built-in's"
    );
    assert_eq!(p99.critical, Some(0.4), "the threshold follows the SLO");
    let queue = p
        .panels
        .iter()
        .find(|x| x.id == "queue-depth")
        .expect("custom panel");
    assert_eq!(
        (queue.tab, queue.unit, queue.critical),
        (Some(Topic::Scaling), Unit::Count, Some(500.0))
    );
    assert_eq!(queue.interval, Some(Duration::from_secs(30)));
    let trend = p
        .panels
        .iter()
        .find(|x| x.id == "queue-depth-trend")
        .expect("range panel");
    assert_eq!(
        trend.kind,
        QueryKind::Range {
            span: chrono::Duration::days(1),
            step: chrono::Duration::minutes(5)
        }
    );
    let SourceConfig::Prometheus(staging) = &settings.environments[2].source else {
        panic!()
    };
    assert!(staging.prometheus.insecure, "the explicit switch");
}

#[test]
fn approval_is_per_environment_with_a_ttl_and_none_by_default() {
    let text = "[environments.prod]\nprometheus = \"http://127.0.0.1:9090\"\napproval = \"high-risk\"\napproval-ttl = \"30m\"\n\n[environments.staging]\nprometheus = \"http://127.0.0.1:9090\"\n";
    let settings = Settings::parse(Path::new("config.toml"), text).expect("parses");
    let policy = |name: &str| settings.environment_named(name).expect(name).approval;
    assert_eq!(
        policy("prod"),
        ApprovalPolicy {
            rule: ApprovalRule::HighRisk,
            ttl: Duration::from_secs(1800),
        }
    );
    assert_eq!(policy("staging"), ApprovalPolicy::default());
    assert_eq!(policy("demo").rule, ApprovalRule::None);
}

#[test]
fn mistakes_are_errors_at_their_place() {
    let cases = [
        (
            "config-env-bad-url.toml",
            ":2:14: the URL must start with http:// or https://",
        ),
        (
            "config-env-bad-tier.toml",
            ":3:8: unknown tier \"prd\"; tiers: production, staging, demo",
        ),
        (
            "config-env-two-secrets.toml",
            ":4:1: give the bearer token from a variable or a file, not both",
        ),
        (
            "config-env-inline-secret.toml",
            "unknown field `bearer-token`",
        ),
        (
            "config-env-unknown-default.toml",
            ":1:15: unknown environment \"nope\"; environments: demo, prod",
        ),
        (
            "config-env-max-rows.toml",
            ":3:12: max-rows must be between 10 and 1000000",
        ),
        (
            "config-env-baseline.toml",
            ":3:20: monthly-baseline must be above 0",
        ),
        (
            "config-env-approval.toml",
            ":3:12: unknown approval \"risky\"; use none, high-risk, all",
        ),
        ("config-env-approval-ttl.toml", ":3:16: \"10s\" is not"),
        (
            "config-panel-no-query.toml",
            "panel \"queue-depth\" is not a built-in, so it needs a query",
        ),
        (
            "config-panel-bad-unit.toml",
            ":3:8: unknown unit \"furlongs\"",
        ),
    ];
    for (file, expected) in cases {
        let path = fixture(file);
        let text = std::fs::read_to_string(&path).expect("fixture");
        let error = Settings::parse(&path, &text).expect_err(file).to_string();
        assert!(error.contains(expected), "{file}: {error}");
        assert!(
            !error.contains("s3cr3t"),
            "a secret written in the file is not echoed: {error}"
        );
    }
}

#[test]
fn a_missing_secret_is_named_when_the_environment_starts() {
    let settings = Settings::parse(Path::new("config.toml"), FULL).expect("valid");
    let SourceConfig::Prometheus(p) = &settings.environments[1].source else {
        panic!()
    };
    let mut missing = p.prometheus.clone();
    missing.auth = AuthSpec::Bearer(SecretRef::Env("OPSCONSOLE_TEST_SURELY_UNSET".into()));
    let error = missing.resolve().expect_err("no such variable");
    assert_eq!(
        error,
        "environment variable OPSCONSOLE_TEST_SURELY_UNSET is not set"
    );
}

#[test]
fn config_check_names_a_missing_secret() {
    let dir = file_support::config_dir("check-secret");
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        "[environments.prod]\nprometheus = \"http://127.0.0.1:9\"\n\n[environments.prod.auth]\nbearer-token-env = \"OPSCONSOLE_TEST_NO_SUCH_TOKEN\"\n",
    )
    .expect("write config");
    let args = opsconsole::cli::ConsoleArgs {
        config: Some(path),
        ..Default::default()
    };
    let (errors, report) =
        opsconsole::config::check_with(&args, &file_support::env_for(&dir, false));
    assert_eq!(errors.len(), 1, "{report}");
    assert!(
        report.contains(
            "environment prod: environment variable OPSCONSOLE_TEST_NO_SUCH_TOKEN is not set"
        ),
        "{report}"
    );
}

#[test]
fn env_picks_the_environment_and_demo_overrides_it() {
    let dir = file_support::config_dir("env-flag");
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        "[environments.lab]\nprometheus = \"http://127.0.0.1:9\"\n",
    )
    .expect("config");
    let load = |env: Option<&str>, demo: bool| {
        let args = opsconsole::cli::ConsoleArgs {
            config: Some(path.clone()),
            env: env.map(String::from),
            demo,
            ..Default::default()
        };
        opsconsole::config::load_with(&args, &file_support::env_for(&dir, false))
            .map(|c| c.settings.environment)
    };
    assert_eq!(
        load(None, false).expect("loads"),
        "demo",
        "the demo fleet unless told otherwise"
    );
    assert_eq!(load(Some("lab"), false).expect("loads"), "lab");
    assert_eq!(
        load(Some("lab"), true).expect("loads"),
        "demo",
        "--demo wins over $OPSCONSOLE_ENV"
    );
    let error = load(Some("prod"), false)
        .expect_err("no such environment")
        .to_string();
    assert!(
        error.contains("unknown environment \"prod\"; environments: demo, lab"),
        "{error}"
    );
}

/// The sample's commented `[environments.prod.aws]` block, uncommented beside a Prometheus.
fn sample_aws_block() -> String {
    sample_block("aws", "prod")
}

/// The sample's commented `[environments.ENV.CLOUD]` block, uncommented under `prod`.
fn sample_block(cloud: &str, environment: &str) -> String {
    let sample = std::fs::read_to_string("config.example.toml").expect("sample");
    let block: String = sample
        .lines()
        .skip_while(|l| !l.starts_with(&format!("# [environments.{environment}.{cloud}]")))
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim_start())
        .filter(|l| l.starts_with('[') || l.contains(" = "))
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            format!("{l}\n").replace(
                &format!("environments.{environment}."),
                "environments.prod.",
            )
        })
        .collect();
    format!(
        "[environments.prod]\nprometheus = \"http://127.0.0.1:9090\"\nmonthly-budget = 9000\n{block}"
    )
}

#[cfg(feature = "aws")]
#[test]
fn the_sample_aws_block_parses_into_its_settings() {
    let text = sample_aws_block();
    let settings = Settings::parse(Path::new("aws.toml"), &text).expect("parses");
    let aws = settings.environments[1].aws.as_ref().expect("an aws block");
    assert_eq!(aws.profile.as_deref(), Some("prod-readonly"));
    assert_eq!(aws.region.as_deref(), Some("eu-west-1"));
    assert_eq!(aws.endpoint_url, None, "commented out in the sample");
    assert_eq!(aws.groups.names, ["web", "worker"]);
    assert_eq!(
        aws.groups.tags,
        [("team".to_string(), "platform".to_string())]
    );
    assert_eq!(aws.cost_ttl, Duration::from_secs(3600));
    assert_eq!(aws.security_interval, Duration::from_secs(300));
    assert!((aws.monthly_budget - 9000.0).abs() < f64::EPSILON);
    assert_eq!(aws.memory_metric.name, "mem_used_percent");
}

#[cfg(feature = "aws")]
#[test]
fn aws_mistakes_are_errors_at_their_place() {
    let cases = [
        (
            "cost-ttl = \"1m\"",
            "aws.toml:4:12: \"1m\" is not between 10m and 1d",
        ),
        ("colour = \"blue\"", "aws.toml:4:1: unknown field `colour`"),
        ("endpoint-url = \"ftp://x\"", "aws.toml:4:16"),
    ];
    for (line, expected) in cases {
        let text = format!(
            "[environments.prod]\nprometheus = \"http://127.0.0.1:9090\"\n[environments.prod.aws]\n{line}\n"
        );
        let error = Settings::parse(Path::new("aws.toml"), &text)
            .expect_err(line)
            .to_string();
        assert!(error.contains(expected), "{line}: {error}");
    }
}

#[cfg(not(feature = "aws"))]
#[test]
fn without_the_aws_feature_an_aws_block_is_refused_clearly() {
    let error = Settings::parse(Path::new("aws.toml"), &sample_aws_block())
        .expect_err("no AWS in this build")
        .to_string();
    assert!(
        error.contains("built without AWS support (cargo feature `aws`)"),
        "{error}"
    );
}

#[cfg(feature = "azure")]
#[test]
fn the_sample_azure_block_parses_into_its_settings() {
    use opsconsole::sources::azure::settings::CredentialKind;
    let text = sample_block("azure", "azure-prod");
    let settings = Settings::parse(Path::new("azure.toml"), &text).expect("parses");
    let azure = settings.environments[1]
        .azure
        .as_ref()
        .expect("an azure block");
    assert_eq!(azure.subscription, "00000000-1111-2222-3333-444444444444");
    assert_eq!(
        azure.tenant.as_deref(),
        Some("72f988bf-86f1-41af-91ab-2d7cd011db47")
    );
    assert_eq!(azure.credential, CredentialKind::Auto);
    assert_eq!(azure.resource_groups, ["rg-web", "rg-data"]);
    assert_eq!(azure.apps.names, ["web", "worker"]);
    assert_eq!(
        azure.apps.tags,
        [("team".to_string(), "platform".to_string())]
    );
    assert_eq!(azure.cost_ttl, Duration::from_secs(3600));
    assert_eq!(
        azure.arm_endpoint, "https://management.azure.com",
        "commented out"
    );
    assert_eq!(azure.login_endpoint, "https://login.microsoftonline.com");
    assert!((azure.monthly_budget - 9000.0).abs() < f64::EPSILON);
    assert_eq!(
        azure.scopes(),
        [
            "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-web",
            "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-data"
        ]
    );
}

#[cfg(feature = "azure")]
#[test]
fn azure_mistakes_are_errors_at_their_place() {
    let cases = [
        ("", "azure.toml:3:1: missing field `subscription`"),
        (
            "subscription = \"a/b\"",
            "azure.toml:4:16: \"a/b\" is not a subscription id",
        ),
        (
            "subscription = \"s\"\ncost-ttl = \"1m\"",
            "azure.toml:5:12: \"1m\" is not between 10m and 1d",
        ),
        (
            "subscription = \"s\"\ncolour = 1",
            "azure.toml:5:1: unknown field `colour`",
        ),
        (
            "subscription = \"s\"\narm-endpoint = \"http://127.0.0.1:1\"",
            "azure.toml:5:16: Azure endpoints take a bearer token: the URL must start with https://",
        ),
        (
            "subscription = \"s\"\ncredential = \"password\"",
            "azure.toml:5:14: unknown credential \"password\"; use auto, environment, workload-identity, managed-identity, azure-cli",
        ),
        (
            "subscription = \"s\"\nresource-groups = [\"ok\", \"../x\"]",
            "is not a resource group id",
        ),
    ];
    for (lines, expected) in cases {
        let text = format!(
            "[environments.prod]\nprometheus = \"http://127.0.0.1:9090\"\n[environments.prod.azure]\n{lines}\n"
        );
        let error = Settings::parse(Path::new("azure.toml"), &text)
            .expect_err(lines)
            .to_string();
        assert!(error.contains(expected), "{lines}: {error}");
    }
}

#[cfg(not(feature = "azure"))]
#[test]
fn without_the_azure_feature_an_azure_block_is_refused_clearly() {
    let error = Settings::parse(
        Path::new("azure.toml"),
        &sample_block("azure", "azure-prod"),
    )
    .expect_err("no Azure in this build")
    .to_string();
    assert!(
        error.contains("built without Azure support (cargo feature `azure`)"),
        "{error}"
    );
}

#[test]
fn the_demo_clock_can_start_at_a_fixed_time_and_a_bad_one_is_an_error() {
    let settings = Settings::parse(
        Path::new("demo.toml"),
        "[demo]\nstart = \"2026-11-18T15:00:00+01:00\"\n",
    )
    .expect("parses");
    assert_eq!(
        settings.demo.start.map(|s| s.to_rfc3339()),
        Some("2026-11-18T14:00:00+00:00".to_string())
    );
    let error = Settings::parse(Path::new("demo.toml"), "[demo]\nstart = \"noon\"\n")
        .expect_err("not a time")
        .to_string();
    assert!(error.contains("demo.toml:2:9: start \"noon\""), "{error}");
}
