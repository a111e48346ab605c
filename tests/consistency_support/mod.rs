//! Gathering every surface of one environment at one moment, and comparing the figures that
//! appear on more than one of them.
#![allow(dead_code)]

mod details;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use chrono::{DateTime, Duration, Utc};
use opsconsole::app::{CheckpointView, Topic};
use opsconsole::domain::checkpoint::format;
use opsconsole::domain::checkpoint::{CriterionResult, IsoWeek, WeeklyReport};
use opsconsole::domain::{FleetSnapshot, figure};
use serde_json::Value;

use crate::common::{draw, lines, state_with};

pub const TABS: [&str; 5] = ["scaling", "latency", "cost", "security", "readiness"];

pub struct Tab {
    pub name: &'static str,
    /// `snapshot --tab NAME --format json`.
    pub json: Value,
    /// The tab drawn at 200×50 through the TestBackend from `poll`, with the figures read off it.
    pub drawn: String,
    pub figures: Vec<(String, Option<f64>)>,
}

pub struct Surfaces {
    pub tabs: Vec<Tab>,
    /// `describe KIND/NAME` of every subject with figures.
    pub details: BTreeMap<String, String>,
    /// The poll the tabs were drawn from.
    pub poll: FleetSnapshot,
    pub report: Value,
    pub report_md: String,
    pub check: Value,
    pub checkpoint_tab: String,
}

fn run(config: &Path, extra: &[&str], args: &[&str]) -> String {
    let home = config.parent().expect("the config's dir");
    let output = Command::new(env!("CARGO_BIN_EXE_opsconsole"))
        .arg("--config")
        .arg(config)
        .args(extra)
        .args(args)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("OPSCONSOLE_ENV")
        .output()
        .expect("run opsconsole");
    // `check` exits 1 when a blocking criterion is not met; anything else is a failure.
    assert!(
        matches!(output.status.code(), Some(0 | 1)) && !output.stdout.is_empty(),
        "opsconsole {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

impl Surfaces {
    /// Every surface of the environment `extra` selects, with `poll` the fleet as the console
    /// sees it at `at` (one poll, so a live engine cannot move between the tab and its figures).
    pub fn gather(config: &Path, extra: &[&str], poll: &FleetSnapshot, at: DateTime<Utc>) -> Self {
        let tabs = TABS
            .iter()
            .map(|&name| {
                let id = Topic::from_name(name).expect("a tab");
                let mut state = state_with(poll.clone(), id);
                let figures = figure::ids(poll)
                    .into_iter()
                    .filter(|f| figure::definition(f).map(|d| d.topic) == Some(id))
                    .map(|f| {
                        let value = figure::read(poll, &f).expect("a catalogued figure reads");
                        (f, value)
                    })
                    .collect();
                Tab {
                    name,
                    json: serde_json::from_str(&run(
                        config,
                        extra,
                        &["snapshot", "--tab", name, "--format", "json"],
                    ))
                    .expect("snapshot JSON"),
                    drawn: lines(&draw(&mut state, 200, 50, false)).join("\n"),
                    figures,
                }
            })
            .collect();
        let report_text = run(config, extra, &["report", "--format", "json"]);
        let report: WeeklyReport = serde_json::from_str(&report_text).expect("a WeeklyReport");
        let checkpoint_tab = checkpoint_tab(poll, report, at);
        Self {
            tabs,
            details: details::gather(config, extra, poll),
            poll: poll.clone(),
            report: serde_json::from_str(&report_text).expect("report JSON"),
            report_md: run(config, extra, &["report", "--format", "md"]),
            check: serde_json::from_str(&run(
                config,
                extra,
                &["check", "--window", "week", "--format", "json"],
            ))
            .expect("check JSON"),
            checkpoint_tab,
        }
    }

    fn criteria(value: &Value) -> Vec<CriterionResult> {
        serde_json::from_value(value["criteria"].clone()).expect("criteria")
    }
}

/// The Checkpoint tab drawn at 200×50 showing `report`.
fn checkpoint_tab(poll: &FleetSnapshot, report: WeeklyReport, at: DateTime<Utc>) -> String {
    let mut state = state_with(poll.clone(), Topic::Checkpoint);
    state.checkpoint.view = CheckpointView::Ready {
        report: Box::new(report),
        at,
    };
    lines(&draw(&mut state, 200, 50, false)).join("\n")
}

/// How far two surfaces may differ (relative). The demo is exact; a live engine moves between
/// two commands, so its criteria get a little room and two separate polls are not compared.
#[derive(Clone, Copy)]
pub struct Tolerance {
    /// `snapshot --format json` against the poll the tabs were drawn from; `None`: different
    /// polls of a live engine, not comparable.
    pub polls: Option<f64>,
    pub criteria: f64,
}

pub const EXACT: Tolerance = Tolerance {
    polls: Some(0.0),
    criteria: 0.0,
};

/// Equal within `tolerance` (relative); exact when it is 0.
fn same(a: Option<f64>, b: Option<f64>, tolerance: f64) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= tolerance * a.abs().max(b.abs()) + 1e-9,
        (None, None) => true,
        _ => false,
    }
}

fn line_with<'a>(text: &'a str, needle: &str, surface: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{surface} has no line with {needle:?}:\n{text}"))
}

pub fn assert_agree(s: &Surfaces, tolerance: Tolerance) {
    let mut problems = Vec::new();
    tabs_show_their_figures(s, tolerance.polls, &mut problems);
    let exact = tolerance.polls == Some(0.0);
    details::show_their_figures(&s.details, &s.poll, exact, &mut problems);
    criteria_agree(s, tolerance.criteria, &mut problems);
    assert!(
        problems.is_empty(),
        "{} disagreements:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Each tab draws its catalogued figures in the catalogue's own text, and `snapshot --format
/// json` gives the same figures (within `tolerance`: a live engine moves between two polls).
fn tabs_show_their_figures(s: &Surfaces, tolerance: Option<f64>, problems: &mut Vec<String>) {
    for tab in &s.tabs {
        assert!(!tab.figures.is_empty(), "{}: no figures", tab.name);
        let json = tab.json["data"]["figures"]
            .as_object()
            .expect("a figures map");
        for (id, value) in &tab.figures {
            let definition = figure::definition(id).expect("a catalogued id");
            let shown = definition.text(*value);
            if definition.drawn && !tab.drawn.contains(&shown) {
                problems.push(format!("{} tab: {id} = {shown} is not drawn", tab.name));
            }
            let headless = json.get(id).and_then(Value::as_f64);
            if tolerance.is_some_and(|t| !same(headless, *value, t)) {
                problems.push(format!(
                    "{} tab: {id} is {value:?}, snapshot --format json says {headless:?}",
                    tab.name
                ));
            }
        }
    }
}

/// A live figure by id, from whichever tab carries it.
fn live(s: &Surfaces, id: &str) -> Option<Option<f64>> {
    s.tabs
        .iter()
        .flat_map(|t| &t.figures)
        .find(|(f, _)| f == id)
        .map(|(_, v)| *v)
}

fn criteria_agree(s: &Surfaces, tolerance: f64, problems: &mut Vec<String>) {
    let report = Surfaces::criteria(&s.report);
    let check = Surfaces::criteria(&s.check);
    assert!(!report.is_empty(), "the report has criteria");
    for c in &report {
        let name = &c.name;
        let value = format::value(c, c.this_week);
        match check.iter().find(|k| &k.name == name) {
            None => problems.push(format!("{name}: in the report, not in check")),
            Some(k) if k.verdict != c.verdict || !same(k.this_week, c.this_week, tolerance) => {
                problems.push(format!(
                    "{name}: report {value} {:?}, check {} {:?}",
                    c.verdict,
                    format::value(k, k.this_week),
                    k.verdict
                ));
            }
            Some(_) => {}
        }
        let verdict = c.verdict.label();
        let md = line_with(&s.report_md, &format!("| {name} "), "report md");
        if !md.contains(&value) || !md.to_lowercase().contains(verdict) {
            problems.push(format!(
                "{name}: report md row lacks {value} {verdict}: {md}"
            ));
        }
        let row = line_with(&s.checkpoint_tab, &format!("│{name} "), "Checkpoint tab");
        if !row.contains(&format::bare(c, c.this_week)) || !row.to_lowercase().contains(verdict) {
            problems.push(format!(
                "{name}: Checkpoint row lacks {value} {verdict}: {row}"
            ));
        }
        // A criterion that takes a figure's latest value is that figure, as the tabs show it.
        if let (Some(id), "last") = (&c.figure, c.aggregation.as_str()) {
            match live(s, id) {
                Some(now) if same(now.map(|v| v * c.scale), c.this_week, tolerance) => {}
                Some(now) => problems.push(format!(
                    "{name}: the week's last {value}, the tab's {id} {now:?}"
                )),
                None => problems.push(format!("{name}: {id} is on no tab")),
            }
        }
    }
    phase_uses_the_rows_verdicts(s, &report, problems);
}

/// A phase step judged in a week names its criteria's verdicts of that week.
fn phase_uses_the_rows_verdicts(
    s: &Surfaces,
    report: &[CriterionResult],
    problems: &mut Vec<String>,
) {
    let Some(steps) = s.report["phase"]["steps"].as_array() else {
        return;
    };
    let this_week: IsoWeek = s.report["week"]
        .as_str()
        .expect("week")
        .parse()
        .expect("ISO week");
    let week_end = this_week.range(chrono_tz::UTC).to - Duration::seconds(1);
    for step in steps {
        let end: chrono::NaiveDate = step["end"].as_str().expect("end").parse().expect("date");
        let judged = IsoWeek::containing(end.min(week_end.date_naive())).to_string();
        let failing: Vec<&str> = step["failing"]
            .as_array()
            .map(|f| f.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for name in step["criteria"].as_array().into_iter().flatten() {
            let name = name.as_str().expect("name");
            let Some(c) = report.iter().find(|c| c.name == name) else {
                problems.push(format!("phase names {name}, which is no criterion"));
                continue;
            };
            let met = c.verdict_in(&judged) == opsconsole::domain::checkpoint::Verdict::Met;
            let listed = failing.iter().any(|f| f.starts_with(&format!("{name} (")));
            if met == listed {
                problems.push(format!(
                    "{name}: {:?} in {judged}, but the phase step {:?} lists it failing: {listed}",
                    c.verdict_in(&judged),
                    step["name"]
                ));
            }
        }
    }
}
