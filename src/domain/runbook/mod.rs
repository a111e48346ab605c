//! Runbooks as data: what an operator can do, with typed parameters, a precondition, steps and
//! a verification. Parsing lives in `runbook::catalog`, execution in `runbook::executor`; this
//! module is the vocabulary both share with the app (which only ever sees redacted plans).

pub mod condition;
pub mod context;
pub mod fleet;
pub mod param;
pub mod plan;
pub mod resolve;
pub mod template;
pub mod values;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use condition::{Comparator, Condition, ConditionSource};
pub use context::RowRef;
pub use fleet::{FleetAction, FleetCommand};
pub use param::{AtLimit, Param, ParamKind, RequiredWhen};
pub use plan::{Answer, PlanView, PlannedStep, RunEvent, RunEventKind, RunRequest, StepStatus};
pub use resolve::{ResolvedAction, ResolvedRun, ResolvedStep, resolve};
pub use values::{Value, Values};

use super::Topic;

/// `low`: y/N with the focus on No. `high`: the operator types the target's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Risk {
    Low,
    High,
}

impl Risk {
    pub fn label(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::High => "high",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    File(PathBuf),
}

/// Where a secret's text comes from; the text itself is read only when a plan is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    Env(String),
    File(PathBuf),
}

/// What an environment must offer for a runbook's steps to make sense there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Capability {
    /// `action` steps and figures: the simulated fleet (cloud actions arrive with AWS).
    FleetActions,
    Prometheus,
    Alertmanager,
    /// Renewing a certificate: the simulated fleet, or a `renew-certificate` command.
    CertificateRenewal,
    /// Setting a finding's workflow status: the simulated fleet, or Security Hub.
    FindingWorkflow,
    /// Evaluating a readiness check on demand: only the simulated fleet runs its checks.
    CheckEvaluation,
}

impl Capability {
    pub fn label(self) -> &'static str {
        match self {
            Self::FleetActions => "fleet actions (the simulated fleet)",
            Self::Prometheus => "a Prometheus",
            Self::Alertmanager => "an Alertmanager",
            Self::CertificateRenewal => {
                "a certificate renewal command (renew-certificate in the environment's config)"
            }
            Self::FindingWorkflow => {
                "Security Hub findings ([environments.NAME.aws] with security)"
            }
            Self::CheckEvaluation => {
                "checks the console evaluates itself (on Prometheus, rules are evaluated on the server's own schedule)"
            }
        }
    }
}

/// When a runbook is suggested on its tab.
#[derive(Debug, Clone, PartialEq)]
pub enum Trigger {
    /// An alert of this name is firing.
    Alert(String),
    Condition(Condition),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnFailure {
    Stop,
    Continue,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub title: String,
    pub kind: StepKind,
    pub timeout: Duration,
    pub retries: u32,
    pub retry_delay: Duration,
    pub on_failure: OnFailure,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StepKind {
    Http(HttpStep),
    /// argv, each element a template; never run through a shell.
    Command(Vec<String>),
    WaitUntil {
        condition: Condition,
        every: Duration,
    },
    Action(FleetAction),
    /// An instruction the operator answers before the run goes on, with a note of what they
    /// found; `needs_note`: a yes without one is refused (an investigation's finding).
    Manual {
        instruction: String,
        needs_note: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct HttpStep {
    pub method: String,
    pub url: String,
    pub headers: BTreeMap<String, String>,
    pub body: Option<HttpBody>,
    /// Send the environment's credentials for this endpoint.
    pub auth: Option<Endpoint>,
    /// Statuses that count as success; empty means any 2xx.
    pub expect_status: Vec<u16>,
    /// JSON fields of the answer to report in the run's summary, by label.
    pub capture: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum HttpBody {
    /// A template, sent as it renders.
    Text(String),
    /// JSON whose string leaves are templates: values are escaped by construction.
    Json(serde_json::Value),
}

impl HttpBody {
    /// Every template in it.
    pub fn templates(&self) -> Vec<&str> {
        fn walk<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
            match value {
                serde_json::Value::String(s) => out.push(s),
                serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
                serde_json::Value::Object(map) => map.values().for_each(|v| walk(v, out)),
                _ => {}
            }
        }
        match self {
            Self::Text(text) => vec![text.as_str()],
            Self::Json(json) => {
                let mut out = Vec::new();
                walk(json, &mut out);
                out
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Prometheus,
    Alertmanager,
}

/// A verification: the condition must hold within `within` after the last step.
#[derive(Debug, Clone, PartialEq)]
pub struct Verification {
    pub condition: Condition,
    pub within: Duration,
    pub every: Duration,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Runbook {
    pub id: String,
    pub title: String,
    pub description: String,
    /// The tab it is offered on; `None`: the alert list (silences).
    pub tab: Option<Topic>,
    /// The tab whose rows it acts on when not `tab` (`row.*` are then that tab's row).
    pub acts_on: Option<Topic>,
    pub risk: Risk,
    /// Every run needs a second user's approval (`approval = true`), in any environment.
    pub approval: bool,
    /// What it acts on (a template): the lock key, the audit's target, and for `high` risk the
    /// name the operator types.
    pub target: String,
    pub params: Vec<Param>,
    pub secrets: BTreeMap<String, SecretSource>,
    /// Lines describing the change, e.g. "desired {row.desired} → {desired}".
    pub change: Vec<String>,
    pub precondition: Option<Condition>,
    pub steps: Vec<Step>,
    pub verify: Option<Verification>,
    pub trigger: Option<Trigger>,
    pub origin: Origin,
    /// sha256 of the file's text, recorded in the audit.
    pub content_hash: String,
}

impl Runbook {
    /// The tab whose rows `row.*` describe: `acts_on`, else its own.
    pub fn row_tab(&self) -> Option<Topic> {
        self.acts_on.or(self.tab)
    }

    /// What the environment must offer, derived from the steps and conditions.
    pub fn needs(&self) -> Vec<Capability> {
        let mut needs = Vec::new();
        let mut conditions = self
            .precondition
            .iter()
            .chain(self.verify.iter().map(|v| &v.condition))
            .chain(self.steps.iter().filter_map(|s| match &s.kind {
                StepKind::WaitUntil { condition, .. } => Some(condition),
                _ => None,
            }));
        // Figures come from whatever the environment's source reports, so they need nothing.
        if conditions.any(|c| matches!(c.source, ConditionSource::Promql(_))) {
            needs.push(Capability::Prometheus);
        }
        for step in &self.steps {
            match &step.kind {
                StepKind::Action(action) if !action.read_only() => needs.push(action.needs()),
                StepKind::Http(http) => {
                    let mut text = http.url.clone();
                    for t in http.body.iter().flat_map(HttpBody::templates) {
                        text.push_str(t);
                    }
                    if text.contains("{env.alertmanager")
                        || http.auth == Some(Endpoint::Alertmanager)
                    {
                        needs.push(Capability::Alertmanager);
                    }
                    if text.contains("{env.prometheus") || http.auth == Some(Endpoint::Prometheus) {
                        needs.push(Capability::Prometheus);
                    }
                }
                _ => {}
            }
        }
        needs.sort();
        needs.dedup();
        needs
    }
}
