use super::*;
use crate::domain::Topic;
use crate::domain::runbook::{Capability, Risk};

fn parse_text(text: &str) -> Result<Runbook, FileError> {
    parse(Path::new("bad.toml"), text, Origin::File("bad.toml".into()))
}

const MINIMAL: &str = r#"
id = "restart"
title = "Restart"
tab = "latency"
risk = "low"
target = "{service}"
[[params]]
name = "service"
type = "string"
[[steps]]
title = "Restart {service}"
command = ["systemctl", "restart", "{service}"]
"#;

#[test]
fn every_built_in_parses_and_the_catalog_has_them_all() {
    let (catalog, errors) = Catalog::load(None);
    assert!(errors.is_empty(), "{errors:?}");
    let ids: Vec<&str> = catalog.runbooks.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "scale-out",
            "scale-in",
            "group-limits",
            "suspend-process",
            "resume-process",
            "replica-failover",
            "query-investigation",
            "silence-alert",
            "expire-silence",
            "release-hold",
            "right-size",
            "budget-investigation",
            "renew-certificate",
            "mark-finding",
            "reevaluate-check",
            "dr-drill"
        ]
    );
    // A report reads the snapshot: the budget investigation runs on every environment.
    let budget = catalog.get("budget-investigation").expect("budget");
    assert_eq!(budget.needs(), []);
    let right_size = catalog.get("right-size").expect("right-size");
    assert_eq!(
        (right_size.tab, right_size.row_tab()),
        (Some(Topic::Cost), Some(Topic::Scaling))
    );
    // Each acts through what only some environments have, so `x` can say what is missing.
    let needs = |id: &str| catalog.get(id).expect(id).needs();
    assert_eq!(needs("renew-certificate"), [Capability::CertificateRenewal]);
    assert_eq!(needs("mark-finding"), [Capability::FindingWorkflow]);
    assert_eq!(needs("reevaluate-check"), [Capability::CheckEvaluation]);
    assert_eq!(needs("dr-drill"), [Capability::FleetActions]);
    let scale_out = catalog.get("scale-out").expect("scale-out");
    assert_eq!(scale_out.risk, Risk::High);
    assert_eq!(scale_out.needs(), [Capability::FleetActions]);
    let silence = catalog.get("silence-alert").expect("silence");
    assert_eq!(silence.needs(), [Capability::Alertmanager]);
    assert_eq!(silence.tab, None);
    assert_eq!(scale_out.content_hash.len(), 64);
}

#[test]
fn a_user_file_replaces_a_built_in_and_bad_files_are_reported() {
    let dir = std::env::temp_dir().join(format!("opsconsole-catalog-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let replaced = MINIMAL.replace("\"restart\"", "\"scale-out\"");
    std::fs::write(dir.join("a.toml"), replaced).expect("write");
    std::fs::write(dir.join("b.toml"), "id = 3").expect("write");
    std::fs::write(dir.join("notes.txt"), "ignored").expect("write");
    let (catalog, errors) = Catalog::load(Some(&dir));
    let scale_out = catalog.get("scale-out").expect("still there");
    assert_eq!(scale_out.title, "Restart");
    assert_eq!(catalog.runbooks.len(), BUILT_INS.len());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].to_string().contains("b.toml:1:"), "{}", errors[0]);
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn semantic_errors_name_the_problem() {
    assert!(parse_text(MINIMAL).is_ok());
    let cases = [
        (
            MINIMAL.replace("{service}\"]", "{servce}\"]"),
            "{servce} is not a parameter",
        ),
        (
            MINIMAL.replace("\"restart\"", "\"Restart Me\""),
            "lower-case",
        ),
        (
            MINIMAL.replace("tab = \"latency\"", "tab = \"nope\""),
            "unknown tab",
        ),
        (
            MINIMAL.replace("type = \"string\"", "type = \"text\""),
            "unknown type",
        ),
        (
            MINIMAL.replace("command = [", "manual = \"x\"\ncommand = ["),
            "exactly one of",
        ),
        (
            MINIMAL.replace("{service}\"]", "{service|yaml}\"]"),
            "unknown filter",
        ),
        (
            MINIMAL.replace("risk = \"low\"", "risk = \"medium\""),
            "unknown variant",
        ),
        (
            MINIMAL.replace("title = \"Restart\"", "title = \"Restart\"\ncolour = 1"),
            "unknown field",
        ),
        (
            format!("{MINIMAL}[[params]]\nname = \"service\"\ntype = \"string\"\n"),
            "declared twice",
        ),
        (
            MINIMAL.replace("type = \"string\"", "type = \"integer\"\npattern = \"x\""),
            "does not apply",
        ),
    ];
    for (text, expected) in cases {
        let error = parse_text(&text).expect_err(expected).to_string();
        assert!(error.contains(expected), "{error} should say {expected}");
    }
}
