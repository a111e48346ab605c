//! Which runbooks the Runbooks view offers where, which can run in this environment, and which
//! are suggested because their trigger holds in the current data.

use crate::domain::figure;
use crate::domain::runbook::template::{Mode, render};
use crate::domain::runbook::{Capability, ConditionSource, Runbook, Trigger, context};
use crate::domain::{AlertState, FleetSnapshot, Topic};

/// The runbooks offered on `tab` (`None`: the alert list) first, then the rest.
pub fn offered(runbooks: &[Runbook], tab: Option<Topic>) -> Vec<&Runbook> {
    let (mut here, rest): (Vec<&Runbook>, Vec<&Runbook>) =
        runbooks.iter().partition(|r| r.tab == tab);
    here.extend(rest);
    here
}

/// `Err` names what the environment lacks.
pub fn available(runbook: &Runbook, capabilities: &[Capability]) -> Result<(), String> {
    let missing: Vec<&str> = runbook
        .needs()
        .into_iter()
        .filter(|n| !capabilities.contains(n))
        .map(Capability::label)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("needs {}", missing.join(" and ")))
    }
}

/// Whether the trigger holds now: its alert is firing, or its figure condition holds.
/// PromQL triggers are not evaluated by the console (no query per trigger per frame).
pub fn suggested(runbook: &Runbook, snapshot: Option<&FleetSnapshot>) -> bool {
    let Some(snapshot) = snapshot else {
        return false;
    };
    match &runbook.trigger {
        Some(Trigger::Alert(name)) => snapshot
            .alerts
            .iter()
            .any(|a| &a.name == name && a.state == AlertState::Firing),
        Some(Trigger::Condition(condition)) => {
            let ConditionSource::Figure(name) = &condition.source else {
                return false;
            };
            let values = context::values(Some(snapshot), None);
            let (Ok(name), Ok(expected)) = (
                render(name, &values, Mode::Reveal),
                render(&condition.value, &values, Mode::Reveal),
            ) else {
                return false;
            };
            let measured = figure::read(snapshot, &name).ok().flatten();
            expected
                .trim()
                .parse()
                .is_ok_and(|e| condition.comparator.holds(measured, e))
        }
        None => false,
    }
}
