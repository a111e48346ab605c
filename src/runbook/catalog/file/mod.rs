//! The runbook file format (TOML, strict: unknown keys are errors); its translation into
//! `domain::runbook` types is in [`translate`]. Semantic checks that need the whole runbook
//! live in `check`.

mod translate;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::domain::runbook::{Comparator, FleetAction, Risk};
pub use translate::tab;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RunbookFile {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// A tab name, or "alerts" for the alert list.
    pub tab: String,
    /// The tab whose rows it acts on, when not its own (right-size: groups, offered on Cost).
    pub acts_on: Option<String>,
    pub risk: Risk,
    /// A second user must approve every run, whatever the environment's rule.
    #[serde(default)]
    pub approval: bool,
    pub target: String,
    #[serde(default)]
    pub change: Vec<String>,
    #[serde(default)]
    pub params: Vec<ParamFile>,
    #[serde(default)]
    pub secrets: BTreeMap<String, SecretFile>,
    pub precondition: Option<ConditionFile>,
    pub steps: Vec<StepFile>,
    pub verify: Option<VerifyFile>,
    pub trigger: Option<TriggerFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ParamFile {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    description: String,
    #[serde(default = "yes")]
    required: bool,
    default: Option<toml::Value>,
    #[serde(default)]
    secret: bool,
    pattern: Option<String>,
    min: Option<toml::Value>,
    max: Option<toml::Value>,
    choices: Option<Vec<String>>,
    required_when: Option<RequiredWhenFile>,
    at_limit: Option<AtLimitFile>,
}

/// `required-when = { flag = "{fleet.primary_healthy}", why = "the primary is healthy" }`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequiredWhenFile {
    flag: String,
    why: String,
}

/// `at-limit = { message = "{row.name} is at its max ({row.max})", runbook = "group-limits" }`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AtLimitFile {
    message: String,
    runbook: String,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretFile {
    env: Option<String>,
    file: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionFile {
    figure: Option<String>,
    promql: Option<String>,
    op: Comparator,
    value: toml::Value,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyFile {
    figure: Option<String>,
    promql: Option<String>,
    op: Comparator,
    value: toml::Value,
    within: Option<String>,
    every: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerFile {
    alert: Option<String>,
    figure: Option<String>,
    promql: Option<String>,
    op: Option<Comparator>,
    value: Option<toml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StepFile {
    title: String,
    timeout: Option<String>,
    #[serde(default)]
    retries: u32,
    retry_delay: Option<String>,
    on_failure: Option<String>,
    http: Option<HttpFile>,
    command: Option<Vec<String>>,
    wait_until: Option<WaitFile>,
    action: Option<FleetAction>,
    manual: Option<String>,
    /// A manual step's note: "optional" (the default) or "required".
    note: Option<NoteFile>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoteFile {
    Optional,
    Required,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HttpFile {
    method: String,
    url: String,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    body: Option<String>,
    /// A JSON body as a TOML table; its strings are templates.
    json: Option<serde_json::Value>,
    auth: Option<String>,
    #[serde(default)]
    expect_status: Vec<u16>,
    #[serde(default)]
    capture: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaitFile {
    figure: Option<String>,
    promql: Option<String>,
    op: Comparator,
    value: toml::Value,
    every: Option<String>,
}
