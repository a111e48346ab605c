//! A runbook plus values → the exact steps that will run. Every template is rendered twice:
//! revealed for the call, redacted for what is shown. The executor runs only a
//! [`ResolvedRun`], so the plan on screen and the calls made come from the same rendering.
//! What each kind of step resolves to (its action and the call shown) is in `action`.

mod action;

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use super::condition::ResolvedCondition;
use super::template::{Mode, render};
use super::values::{Value, Values};
use super::{Condition, Endpoint, FleetCommand, OnFailure, Runbook, Verification};
use crate::domain::duration::humantime;
use action::{kind_name, resolve_kind};

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
