//! A runbook plus values → the exact steps that will run. Every template is rendered twice:
//! revealed for the call, redacted for what is shown. The executor runs only a
//! [`ResolvedRun`], so the plan on screen and the calls made come from the same rendering.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use super::condition::ResolvedCondition;
use super::template::{Mode, render};
use super::values::{Value, Values};
use super::{
    Condition, Endpoint, FleetCommand, HttpBody, OnFailure, Runbook, StepKind, Verification,
};
use crate::domain::duration::humantime;

pub enum ResolvedAction {
    Http {
        method: String,
        url: String,
        headers: Vec<(String, String)>,
        body: Option<String>,
        auth: Option<Endpoint>,
        expect_status: Vec<u16>,
        capture: BTreeMap<String, String>,
    },
    Command {
        argv: Vec<String>,
    },
    WaitUntil {
        condition: ResolvedCondition,
        every: Duration,
    },
    Fleet(FleetCommand),
    Manual {
        instruction: String,
        needs_note: bool,
    },
}

pub struct ResolvedStep {
    pub title: String,
    pub kind: &'static str,
    pub action: ResolvedAction,
    /// The call as shown: secrets redacted.
    pub call: String,
    pub timeout: Duration,
    pub retries: u32,
    pub retry_delay: Duration,
    pub on_failure: OnFailure,
}

impl ResolvedStep {
    pub fn limits(&self) -> String {
        let mut text = format!("timeout {}", humantime(self.timeout));
        if self.retries > 0 {
            text.push_str(&format!(
                " · {} retr{} after {}",
                self.retries,
                if self.retries == 1 { "y" } else { "ies" },
                humantime(self.retry_delay)
            ));
        }
        text.push_str(match self.on_failure {
            OnFailure::Stop => " · stops the run on failure",
            OnFailure::Continue => " · the run goes on if it fails",
        });
        text
    }
}

pub struct ResolvedRun {
    pub target: String,
    /// Parameters as shown (secrets redacted).
    pub params: Vec<(String, String)>,
    pub change: Vec<String>,
    pub precondition: Option<ResolvedCondition>,
    pub steps: Vec<ResolvedStep>,
    pub verify: Option<(ResolvedCondition, Duration, Duration)>,
}

/// Only what may be shown: a `{:?}` of a run cannot leak a secret.
impl fmt::Debug for ResolvedRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let calls: Vec<&str> = self.steps.iter().map(|s| s.call.as_str()).collect();
        f.debug_struct("ResolvedRun")
            .field("target", &self.target)
            .field("params", &self.params)
            .field("calls", &calls)
            .finish_non_exhaustive()
    }
}

/// `params` are the validated parameters by name; `context` holds row, env, secret, user and
/// now values. Fails on the first template that does not render.
pub fn resolve(
    runbook: &Runbook,
    params: &BTreeMap<String, Value>,
    context: &Values,
) -> Result<ResolvedRun, String> {
    let mut values = context.clone();
    for (name, value) in params {
        values.insert(name.clone(), value.clone());
    }
    let shown = |t: &str| render(t, &values, Mode::Redact);
    let steps = runbook
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let (action, call) = resolve_kind(&step.kind, &values)
                .map_err(|e| format!("step {} ({}): {e}", i + 1, step.title))?;
            Ok(ResolvedStep {
                title: shown(&step.title)?,
                kind: kind_name(&step.kind),
                action,
                call,
                timeout: step.timeout,
                retries: step.retries,
                retry_delay: step.retry_delay,
                on_failure: step.on_failure,
            })
        })
        // A hold of zero length is the operator asking for none: it is no step of the plan.
        .filter(|step| {
            !matches!(step, Ok(ResolvedStep { action: ResolvedAction::Fleet(c), .. }) if c.is_noop())
        })
        .collect::<Result<Vec<_>, String>>()?;
    let verify = runbook
        .verify
        .as_ref()
        .map(
            |Verification {
                 condition,
                 within,
                 every,
             }| { condition_of(condition, &values).map(|c| (c, *within, *every)) },
        )
        .transpose()
        .map_err(|e| format!("verification: {e}"))?;
    Ok(ResolvedRun {
        target: shown(&runbook.target).map_err(|e| format!("target: {e}"))?,
        params: runbook
            .params
            .iter()
            .filter_map(|p| params.get(&p.name).map(|v| (p.name.clone(), v.display())))
            .collect(),
        change: runbook
            .change
            .iter()
            .map(|c| shown(c))
            .collect::<Result<_, _>>()
            .map_err(|e| format!("change: {e}"))?,
        precondition: runbook
            .precondition
            .as_ref()
            .map(|c| condition_of(c, &values))
            .transpose()
            .map_err(|e| format!("precondition: {e}"))?,
        steps,
        verify,
    })
}

fn kind_name(kind: &StepKind) -> &'static str {
    match kind {
        StepKind::Http(_) => "http",
        StepKind::Command(_) => "command",
        StepKind::WaitUntil { .. } => "wait-until",
        StepKind::Action(_) => "action",
        StepKind::Manual { .. } => "manual",
    }
}

pub fn condition_of(condition: &Condition, values: &Values) -> Result<ResolvedCondition, String> {
    use super::ConditionSource::{Figure, Promql};
    let source = match &condition.source {
        Figure(t) => Figure(render(t, values, Mode::Reveal)?),
        Promql(t) => Promql(render(t, values, Mode::Reveal)?),
    };
    let shown = match &condition.source {
        Figure(t) => render(t, values, Mode::Redact)?,
        Promql(t) => format!("promql `{}`", render(t, values, Mode::Redact)?),
    };
    let text = render(&condition.value, values, Mode::Reveal)?;
    let expected = text
        .trim()
        .parse::<f64>()
        .map_err(|_| format!("{:?} is not a number", text.trim()))?;
    Ok(ResolvedCondition {
        source,
        comparator: condition.comparator,
        expected,
        shown,
    })
}

fn resolve_kind(kind: &StepKind, values: &Values) -> Result<(ResolvedAction, String), String> {
    let shown = |t: &str| render(t, values, Mode::Redact);
    let real = |t: &str| render(t, values, Mode::Reveal);
    Ok(match kind {
        StepKind::Http(http) => {
            let mut headers = Vec::new();
            let mut shown_headers = Vec::new();
            if matches!(http.body, Some(HttpBody::Json(_)))
                && !http
                    .headers
                    .keys()
                    .any(|k| k.eq_ignore_ascii_case("content-type"))
            {
                headers.push(("Content-Type".to_string(), "application/json".to_string()));
                shown_headers.push("Content-Type: application/json".to_string());
            }
            for (name, value) in &http.headers {
                headers.push((name.clone(), real(value)?));
                shown_headers.push(format!("{name}: {}", shown(value)?));
            }
            let body = http
                .body
                .as_ref()
                .map(|b| body_text(b, values, Mode::Reveal))
                .transpose()?;
            let mut call = format!("{} {}", http.method, shown(&http.url)?);
            if let Some(endpoint) = http.auth {
                call.push_str(match endpoint {
                    Endpoint::Prometheus => " (with the environment's Prometheus credentials)",
                    Endpoint::Alertmanager => " (with the environment's Alertmanager credentials)",
                });
            }
            for header in shown_headers {
                call.push_str(&format!("\n{header}"));
            }
            if let Some(template) = &http.body {
                call.push_str(&format!("\n{}", body_text(template, values, Mode::Redact)?));
            }
            let action = ResolvedAction::Http {
                method: http.method.clone(),
                url: real(&http.url)?,
                headers,
                body,
                auth: http.auth,
                expect_status: http.expect_status.clone(),
                capture: http.capture.clone(),
            };
            (action, call)
        }
        StepKind::Command(argv) => {
            let real_argv = argv
                .iter()
                .map(|a| real(a))
                .collect::<Result<Vec<_>, _>>()?;
            let shown_argv = argv
                .iter()
                .map(|a| shown(a))
                .collect::<Result<Vec<_>, _>>()?;
            let call = format!("argv {}", serde_json::Value::from(shown_argv));
            (ResolvedAction::Command { argv: real_argv }, call)
        }
        StepKind::WaitUntil { condition, every } => {
            let condition = condition_of(condition, values)?;
            let call = format!("until {condition}, checking every {}", humantime(*every));
            (
                ResolvedAction::WaitUntil {
                    condition,
                    every: *every,
                },
                call,
            )
        }
        StepKind::Action(action) => {
            let command = action.resolve(real)?;
            let call = command.call();
            (ResolvedAction::Fleet(command), call)
        }
        StepKind::Manual {
            instruction,
            needs_note,
        } => {
            let shown = shown(instruction)?;
            let call = if *needs_note {
                format!("operator: {shown} (a note of the finding is required)")
            } else {
                format!("operator: {shown}")
            };
            (
                ResolvedAction::Manual {
                    instruction: shown,
                    needs_note: *needs_note,
                },
                call,
            )
        }
    })
}

/// The body as sent (or shown): a JSON body has its string leaves rendered, then is encoded,
/// so a value with quotes or braces cannot break out of its string.
fn body_text(body: &HttpBody, values: &Values, mode: Mode) -> Result<String, String> {
    fn walk(
        value: &serde_json::Value,
        values: &Values,
        mode: Mode,
    ) -> Result<serde_json::Value, String> {
        use serde_json::Value as J;
        Ok(match value {
            J::String(t) => J::String(render(t, values, mode)?),
            J::Array(items) => J::Array(
                items
                    .iter()
                    .map(|v| walk(v, values, mode))
                    .collect::<Result<_, _>>()?,
            ),
            J::Object(map) => J::Object(
                map.iter()
                    .map(|(k, v)| walk(v, values, mode).map(|v| (k.clone(), v)))
                    .collect::<Result<_, _>>()?,
            ),
            other => other.clone(),
        })
    }
    match body {
        HttpBody::Text(text) => render(text, values, mode),
        HttpBody::Json(json) => Ok(walk(json, values, mode)?.to_string()),
    }
}
