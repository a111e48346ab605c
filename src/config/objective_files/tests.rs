//! Sloth and OpenSLO fixtures in tests/fixtures/objectives, and the errors bad files give.

use super::*;
use crate::config::Settings;
use crate::domain::slo::Objective;

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/objectives")
}

fn read(name: &str) -> Vec<FileObjective> {
    let path = fixtures().join(name);
    let text = std::fs::read_to_string(&path).expect("fixture");
    parse(&path, &text).expect("valid")
}

#[test]
fn sloth_spec_gives_availability_and_latency() {
    let found = read("checkout.sloth.yaml");
    let kinds: Vec<_> = found
        .iter()
        .map(|f| (f.service.as_str(), f.kind, f.window_days))
        .collect();
    assert_eq!(
        kinds,
        [
            ("checkout", Kind::Availability(0.9995), None),
            (
                "checkout",
                Kind::Latency {
                    threshold_ms: 300.0,
                    share: 0.99
                },
                None
            ),
        ]
    );
}

#[test]
fn openslo_documents_give_windows_and_thresholds() {
    let found = read("search.openslo.yaml");
    let kinds: Vec<_> = found
        .iter()
        .map(|f| (f.service.as_str(), f.kind, f.window_days))
        .collect();
    assert_eq!(
        kinds,
        [
            ("search", Kind::Availability(0.995), Some(28)),
            (
                "search",
                Kind::Latency {
                    threshold_ms: 400.0,
                    share: 0.95
                },
                Some(28)
            ),
        ]
    );
}

#[test]
fn config_layers_default_files_and_service_tables() {
    let config = fixtures().join("config.toml");
    let text = r#"
[slo]
objective-files = ["checkout.sloth.yaml", "search.openslo.yaml"]

[slo.default]
availability = 0.999
window = "30d"

[slo.services.checkout]
window = "7d"
"#;
    let settings = Settings::parse(&config, text).expect("valid");
    let slo = settings.demo.objectives.expect("config objectives");
    assert_eq!(
        slo.of("checkout"),
        &Objective {
            availability: 0.9995,
            latency_threshold_ms: 300.0,
            latency_share: 0.99,
            window_days: 7,
        }
    );
    assert_eq!(slo.of("search").window_days, 28);
    assert_eq!(slo.of("search").latency_share, 0.95);
    assert_eq!(slo.of("api"), &Objective::default());
}

#[test]
fn bad_files_name_the_file_and_field() {
    let path = Path::new("slos/bad.yaml");
    let error = |text: &str| parse(path, text).expect_err("invalid").to_string();
    let objective =
        error("version: prometheus/v1\nservice: a\nslos:\n  - name: x\n    objective: 120\n");
    assert!(
        objective.contains("slos/bad.yaml") && objective.contains("slos[0] \"x\": objective 120"),
        "{objective}"
    );
    let missing = error("version: prometheus/v1\nservice: a\nslos:\n  - name: x\n");
    assert!(
        missing.contains("slos/bad.yaml") && missing.contains("objective"),
        "{missing}"
    );
    let syntax = error("version: prometheus/v1\nslos: [\n");
    assert!(syntax.starts_with("slos/bad.yaml:"), "{syntax}");
    let window = error(
        "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: s}\nspec:\n  service: a\n  timeWindow: [{duration: 1M}]\n  objectives: [{target: 0.99}]\n",
    );
    assert!(
        window.contains("spec.timeWindow[0].duration \"1M\""),
        "{window}"
    );
    assert!(error("kind: Deployment\n").contains("not a Sloth spec"));
}

#[test]
fn one_objective_of_a_kind_per_service() {
    let config = fixtures().join("config.toml");
    let text = "[slo]\nobjective-files = [\"checkout.sloth.yaml\", \"checkout.sloth.yaml\"]\n";
    let error = Settings::parse(&config, text)
        .expect_err("twice")
        .to_string();
    assert!(
        error.contains("already has this kind of objective"),
        "{error}"
    );
    let missing = Settings::parse(&config, "[slo]\nobjective-files = [\"nope.yaml\"]\n")
        .expect_err("missing")
        .to_string();
    assert!(
        missing.contains("config.toml:2:") && missing.contains("nope.yaml"),
        "{missing}"
    );
}
