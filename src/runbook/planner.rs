//! Request → plan: the parameters checked again against a fresh read of the environment, every
//! template rendered (revealed for the calls, redacted for the view), the precondition read
//! now, and a digest of what is shown. The executor later runs exactly this plan's steps.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use super::audit::sha256_hex;
use super::target::Target;
use crate::domain::runbook::FleetCommand;
use crate::domain::runbook::condition::ResolvedCondition;
use crate::domain::runbook::{
    ConditionSource, PlanView, PlannedStep, ResolvedAction, ResolvedRun, RunRequest, Runbook,
    SecretSource, Value, context, resolve,
};
use crate::domain::{FleetSnapshot, figure};
use crate::sources::prometheus::settings::SecretRef;

/// A plan as the executor needs it: the shown view and the real steps behind it.
pub struct Plan {
    pub view: PlanView,
    pub run: ResolvedRun,
    pub runbook: Runbook,
}

pub async fn make(
    runbook: &Runbook,
    request: &RunRequest,
    target: &Target,
    id: u64,
    now: DateTime<Utc>,
    user: &str,
) -> Result<Plan, String> {
    let missing: Vec<&str> = runbook
        .needs()
        .into_iter()
        .filter(|need| !target.capabilities().contains(need))
        .map(|need| need.label())
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "{} needs {}, which {} does not have",
            runbook.id,
            missing.join(" and "),
            target.environment
        ));
    }
    // The row's values are read again now, so the plan's "before" is the state now.
    let snapshot = target.snapshot().await.ok();
    let mut values = context::values(snapshot.as_ref(), request.row.as_ref());
    for (name, value) in target.values().iter() {
        values.insert(name.clone(), value.clone());
    }
    values.insert("user", Value::Text(user.to_string()));
    values.insert("now", Value::Time(now));
    for (name, source) in &runbook.secrets {
        values.insert(
            format!("secret.{name}"),
            Value::Secret(read_secret(name, source)?),
        );
    }
    let mut params = BTreeMap::new();
    for param in &runbook.params {
        let raw = request.inputs.get(&param.name).map_or("", String::as_str);
        if let Some(value) = param
            .validate(raw, &values)
            .map_err(|e| format!("{}: {e}", param.name))?
        {
            params.insert(param.name.clone(), value);
        }
    }
    let mut run = resolve(runbook, &params, &values)?;
    for step in &mut run.steps {
        if let ResolvedAction::Fleet(command) = &mut step.action
            && target.bind(command)?
        {
            step.call = command.call();
        }
    }
    let (precondition, precondition_holds) = match &run.precondition {
        Some(condition) => {
            let (detail, holds) = describe(condition, measure(target, condition).await);
            (Some(detail), Some(holds))
        }
        None => (None, None),
    };
    let mut view = PlanView {
        id,
        runbook: runbook.id.clone(),
        title: runbook.title.clone(),
        risk: runbook.risk,
        target: run.target.clone(),
        environment: target.environment.clone(),
        params: run.params.clone(),
        change: run.change.clone(),
        precondition,
        precondition_holds,
        warnings: snapshot
            .as_ref()
            .map(|s| policy_warnings(&run, s))
            .unwrap_or_default(),
        steps: run
            .steps
            .iter()
            .map(|s| PlannedStep {
                title: s.title.clone(),
                kind: s.kind,
                call: s.call.clone(),
                limits: s.limits(),
            })
            .collect(),
        verify: run.verify.as_ref().map(|(c, within, _)| {
            format!("{c} within {}", crate::domain::duration::humantime(*within))
        }),
        digest: String::new(),
    };
    view.digest = digest(&view, &runbook.content_hash);
    Ok(Plan {
        view,
        run,
        runbook: runbook.clone(),
    })
}

/// For each change of a group's desired capacity, whether its policy will likely undo it, and
/// whether this plan holds the group against that.
fn policy_warnings(run: &ResolvedRun, snapshot: &FleetSnapshot) -> Vec<String> {
    let commands: Vec<&FleetCommand> = run
        .steps
        .iter()
        .filter_map(|s| match &s.action {
            ResolvedAction::Fleet(command) => Some(command),
            _ => None,
        })
        .collect();
    let groups = snapshot.scaling.iter().flat_map(|s| &s.groups);
    commands
        .iter()
        .filter_map(|command| match command {
            FleetCommand::SetDesiredCapacity { group, desired, .. } => {
                let found = groups.clone().find(|g| &g.name == group)?;
                Some((found, *desired))
            }
            _ => None,
        })
        .filter_map(|(group, desired)| {
            let warning = group.policy_undo(desired)?;
            let hold = commands.iter().find_map(|c| match c {
                FleetCommand::HoldScaling {
                    group: held,
                    min,
                    lasting,
                } if *held == group.name && *min >= desired => Some(*lasting),
                _ => None,
            });
            Some(match hold {
                Some(lasting) => format!(
                    "{warning}; this plan holds {} for {}, then the policy acts again",
                    group.name,
                    crate::domain::duration::humantime(lasting)
                ),
                None => {
                    format!("{warning}; a hold keeps the new size (scale-out's hold parameter)")
                }
            })
        })
        .collect()
}

/// Read with the same rules as the environments' credentials: trimmed, never empty.
fn read_secret(name: &str, source: &SecretSource) -> Result<String, String> {
    let reference = match source {
        SecretSource::Env(var) => SecretRef::Env(var.clone()),
        SecretSource::File(path) => SecretRef::File(path.clone()),
    };
    reference
        .resolve()
        .map(|secret| secret.expose().to_string())
        .map_err(|e| format!("secret {name}: {e}"))
}

/// The condition's source read now: a figure of a fresh snapshot, or a PromQL answer.
pub async fn measure(
    target: &Target,
    condition: &ResolvedCondition,
) -> Result<Option<f64>, String> {
    match &condition.source {
        ConditionSource::Figure(name) => figure::read(&target.snapshot().await?, name),
        ConditionSource::Promql(query) => target.promql(query).await,
    }
}

/// "group.web.desired == 5 (now 5)", and whether it holds; unknown data never holds.
pub fn describe(
    condition: &ResolvedCondition,
    measured: Result<Option<f64>, String>,
) -> (String, bool) {
    match measured {
        Ok(value) => {
            let now = value.map_or("no data".to_string(), |v| format!("{v}"));
            (format!("{condition} (now {now})"), condition.holds(value))
        }
        Err(error) => (format!("{condition} (cannot read: {error})"), false),
    }
}

/// sha256 over everything the operator was shown, plus the runbook file's own hash.
fn digest(view: &PlanView, content_hash: &str) -> String {
    let mut text = format!(
        "{}\n{}\n{}\n{}\n",
        view.runbook, content_hash, view.environment, view.target
    );
    for (name, value) in &view.params {
        let _ = writeln!(text, "param {name}={value}");
    }
    for line in view
        .change
        .iter()
        .chain(&view.precondition)
        .chain(&view.verify)
        .chain(&view.warnings)
    {
        let _ = writeln!(text, "{line}");
    }
    for step in &view.steps {
        let _ = writeln!(
            text,
            "step {} [{}] {}\n{}",
            step.title, step.kind, step.limits, step.call
        );
    }
    sha256_hex(text.as_bytes())
}

/// Values for a plan's audit records: the shown parameters.
pub fn audit_params(view: &PlanView) -> BTreeMap<String, String> {
    view.params.iter().cloned().collect()
}
