//! Which runbooks the Runbooks view offers where, on which row each opens, which can run in
//! this environment, and which are suggested because their trigger holds in the current data.

use crate::app::AppState;
use crate::domain::figure;
use crate::domain::runbook::template::{Mode, render};
use crate::domain::runbook::{Capability, ConditionSource, RowRef, Runbook, Trigger, context};
use crate::domain::{AlertState, FleetSnapshot, Topic, alert};

/// A runbook in the Runbooks view and the row its form opens on.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer<'a> {
    pub runbook: &'a Runbook,
    pub row: Option<RowRef>,
}

/// What the view lists, opened on `tab` (`None`: the alert list, on its alert `alert`):
/// 1. the tab's runbooks on the selected row (one acting on another tab's rows, like
///    right-size on Cost, on that tab's best candidate: the most over-provisioned group);
/// 2. on the Checkpoint, the runbooks of the selected criterion's topic, on its subject;
/// 3. for each of the tab's alert lines, in their order, the alert list's runbooks whose
///    defaults that alert fills (silence a firing one, expire a silenced one's silence);
/// 4. every other runbook, on no row.
pub fn offers(state: &AppState, tab: Option<Topic>, alert: Option<usize>) -> Vec<Offer<'_>> {
    let snapshot = state.data.snapshot();
    let selected = match alert {
        Some(index) => snapshot
            .and_then(|s| s.alerts.get(index))
            .map(|a| a.name.clone()),
        None => crate::app::table::selected_row(state),
    };
    let mut list: Vec<Offer> = state
        .runbooks
        .iter()
        .filter(|r| r.tab == tab)
        .map(|runbook| Offer {
            runbook,
            row: home_row(runbook, tab, selected.as_deref(), snapshot),
        })
        .collect();
    if tab == Some(Topic::Checkpoint)
        && let Some((topic, subject)) = selected.as_deref().and_then(|c| criterion(state, c))
    {
        let row = subject.map(|key| RowRef {
            tab: Some(topic),
            key,
        });
        list.extend(
            state
                .runbooks
                .iter()
                .filter(|r| r.tab == Some(topic) && r.row_tab() == Some(topic))
                .map(|runbook| Offer {
                    runbook,
                    row: row.clone(),
                }),
        );
    }
    if let (Some(topic), Some(snapshot)) = (tab, snapshot) {
        for line in alert::on_topic(&snapshot.alerts, topic) {
            let row = RowRef {
                tab: None,
                key: line.name.clone(),
            };
            let values = context::values(Some(snapshot), Some(&row));
            list.extend(
                state
                    .runbooks
                    .iter()
                    .filter(|r| r.tab.is_none() && defaults_fill(r, &values))
                    .map(|runbook| Offer {
                        runbook,
                        row: Some(row.clone()),
                    }),
            );
        }
    }
    let rest: Vec<Offer> = state
        .runbooks
        .iter()
        .filter(|r| !list.iter().any(|o| o.runbook.id == r.id))
        .map(|runbook| Offer { runbook, row: None })
        .collect();
    list.extend(rest);
    list
}

/// The row a tab's own runbook opens on.
fn home_row(
    runbook: &Runbook,
    tab: Option<Topic>,
    selected: Option<&str>,
    snapshot: Option<&FleetSnapshot>,
) -> Option<RowRef> {
    let rows = runbook.row_tab();
    let key = if rows == tab {
        selected.map(str::to_string)
    } else if rows == Some(Topic::Scaling) {
        let groups = snapshot?.scaling.as_ref()?;
        groups.most_over_provisioned().map(|g| g.name.clone())
    } else {
        None
    };
    key.map(|key| RowRef { tab: rows, key })
}

/// The topic of the selected criterion's figure, and the one thing it measures where it
/// names one (`group.web.trigger_delay_s` → Scaling, `web`). A counter a criterion folds
/// (`service.$__services.latency_seconds`) takes the topic of its kind's figures; a set of
/// services or a variable is no row. `None` for a criterion measured by PromQL.
fn criterion(state: &AppState, name: &str) -> Option<(Topic, Option<String>)> {
    let report = state.checkpoint.report()?;
    let id = report
        .criteria
        .iter()
        .find(|c| c.name == name)?
        .figure
        .as_deref()?;
    let (kind, rest) = id.split_once('.')?;
    let definition = figure::definition(id).or_else(|| {
        figure::CATALOGUE
            .iter()
            .find(|d| d.pattern.split_once('.').is_some_and(|(k, _)| k == kind))
    })?;
    let subject = rest
        .rsplit_once('.')
        .map(|(subject, _)| subject)
        .filter(|s| definition.pattern.contains(".*.") && !s.contains(['*', '|', '$']));
    Some((definition.topic, subject.map(str::to_string)))
}

/// Whether every default of the runbook's form renders with these values.
fn defaults_fill(runbook: &Runbook, values: &crate::domain::runbook::Values) -> bool {
    runbook
        .params
        .iter()
        .filter_map(|p| p.default.as_deref())
        .all(|d| render(d, values, Mode::Reveal).is_ok())
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
