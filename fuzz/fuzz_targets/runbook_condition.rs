//! Runbook conditions, as a precondition, trigger or verification holds them: a figure or a
//! PromQL source and a value, both templates, resolved against the demo fleet, the figure read
//! off the snapshot and compared. The input is two lines, as a runbook would spell them:
//! `figure group.{row.name}.desired` (or `promql …`), then `>= {desired+1}`. Property: what
//! is shown of it never holds the secret.
#![no_main]

mod support;

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use opsconsole::domain::runbook::context::{self, RowRef};
use opsconsole::domain::runbook::resolve::condition_of;
use opsconsole::domain::figure;
use opsconsole::domain::runbook::{Comparator, Condition, ConditionSource, Values};
use opsconsole::domain::{FleetSnapshot, Topic};
use opsconsole::sources::simulator::{Simulator, SimulatorConfig};
use support::SECRET_MARK;

/// The demo fleet at a fixed time: the figures conditions read.
static SNAPSHOT: LazyLock<FleetSnapshot> =
    LazyLock::new(|| Simulator::new(SimulatorConfig::new(42, support::now())).snapshot());

/// The template values, with the `fleet.*` and `row.*` ones of the `web` group's row.
static VALUES: LazyLock<Values> = LazyLock::new(|| {
    let mut values = support::values();
    let row = RowRef {
        tab: Some(Topic::Scaling),
        key: "web".into(),
    };
    for (name, value) in context::values(Some(&SNAPSHOT), Some(&row)).iter() {
        values.insert(name.clone(), value.clone());
    }
    values
});

const COMPARATORS: [Comparator; 6] = [
    Comparator::Equal,
    Comparator::NotEqual,
    Comparator::Less,
    Comparator::AtMost,
    Comparator::Greater,
    Comparator::AtLeast,
];

fn parse(text: &str) -> Option<Condition> {
    let (source, value) = text.split_once('\n')?;
    let source = match source.split_once(' ')? {
        ("figure", figure) => ConditionSource::Figure(figure.into()),
        ("promql", query) => ConditionSource::Promql(query.into()),
        _ => return None,
    };
    let (symbol, value) = value.split_once(' ')?;
    let comparator = *COMPARATORS.iter().find(|c| c.symbol() == symbol)?;
    Some(Condition {
        source,
        comparator,
        value: value.into(),
    })
}

fuzz_target!(
    // Replaying the demo fleet's week takes seconds in a dev build: before the first input,
    // so it does not count as that input's time.
    init: {
        LazyLock::force(&VALUES);
    },
    |data: &[u8]| {
        let Some(condition) = std::str::from_utf8(data).ok().and_then(parse) else {
            return;
        };
        let Ok(resolved) = condition_of(&condition, &VALUES) else {
            return;
        };
        // What plans, logs and the audit show: never the secret, unless the runbook wrote it.
        let shown = resolved.to_string();
        let written = |t: &str| t.contains(SECRET_MARK);
        let spelled = match &condition.source {
            ConditionSource::Figure(t) | ConditionSource::Promql(t) => written(t),
        };
        assert!(spelled || written(&condition.value) || !shown.contains(SECRET_MARK));
        if let ConditionSource::Figure(name) = &resolved.source {
            match figure::read(&SNAPSHOT, name) {
                Ok(measured) => {
                    let _ = resolved.holds(measured);
                }
                Err(error) => assert!(!error.is_empty()),
            }
        }
    }
);
