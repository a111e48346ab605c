//! `opsconsole snapshot`: what a tab shows, once, for scripts and tests. `text` is the screen
//! as the console would draw it; `json` is the tab's data with its alerts, panels and
//! freshness (schema in the README), stable across releases.

use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};

use crate::app::{AppState, DataStore, Overlay, Topic};
use crate::cli::{ConsoleArgs, SnapshotArgs};
use crate::config::{self, Config, EnvironmentConfig, SourceConfig};
use crate::domain::detail::Subject;
use crate::domain::figure;
use crate::domain::{FleetSnapshot, SourceId, SourceUpdate};
use crate::sources;
use crate::sources::prometheus::settings::PrometheusSettings;
use crate::sources::simulator::{Simulator, SimulatorConfig};
use crate::ui::{self, RenderContext};

enum Format {
    Json,
    Text,
}

pub fn run(console: &ConsoleArgs, args: &SnapshotArgs) -> Result<String, String> {
    let format = match args.format.as_str() {
        "json" => Format::Json,
        "text" => Format::Text,
        other => return Err(format!("unknown format {other:?}; formats: json, text")),
    };
    let tab = match args.tab.as_str() {
        "alerts" => None,
        name => match Topic::parse(name, &["alerts"])? {
            Topic::Checkpoint => return Err(
                "the checkpoint is weekly, not a snapshot: use `opsconsole report --week …` or `opsconsole check`".into(),
            ),
            topic => Some(topic),
        },
    };
    let config = config::load(console).map_err(|e| e.to_string())?;
    let environment = config.settings.selected_environment()?;
    let (source, snapshot) = fetch(&config, environment, None)?;
    Ok(match format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&json_view(&config, tab, &snapshot))
                .map_err(|e| format!("cannot encode: {e}"))?;
            text.push('\n');
            text
        }
        Format::Text => text_view(
            &config,
            environment,
            tab,
            source,
            snapshot,
            (args.width, args.height),
        ),
    })
}

/// The environment's data once; with a `subject`, its detail's extras too (`describe`).
pub(super) fn fetch(
    config: &Config,
    environment: &EnvironmentConfig,
    subject: Option<&Subject>,
) -> Result<(SourceId, FleetSnapshot), String> {
    let settings = &config.settings;
    match &environment.source {
        SourceConfig::Demo => {
            let demo = &settings.demo;
            let simulator = Simulator::new(
                SimulatorConfig::new(demo.seed, demo.now())
                    .with_objectives(demo.objectives.clone()),
            );
            let mut snapshot = simulator.snapshot();
            snapshot.detail = subject.and_then(|s| simulator.detail(s));
            Ok((SourceId::Simulator, snapshot))
        }
        SourceConfig::Prometheus(prometheus) => {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| format!("cannot start the runtime: {e}"))?;
            let snapshot = runtime.block_on(live_once(config, environment, prometheus, subject))?;
            Ok((SourceId::Prometheus, snapshot))
        }
    }
}

/// A Prometheus environment once, with its clouds' parts laid over it: what every headless
/// command (`snapshot`, `describe`, `check`, `report`) reads, so they agree with the tabs.
pub(super) async fn live_once(
    config: &Config,
    environment: &EnvironmentConfig,
    prometheus: &PrometheusSettings,
    subject: Option<&Subject>,
) -> Result<FleetSnapshot, String> {
    #[cfg_attr(not(any(feature = "aws", feature = "azure")), allow(unused_mut))]
    let mut snapshot = sources::describe_prometheus(prometheus, subject).await?;
    let state_dir = &config.paths.state_dir;
    #[cfg(feature = "aws")]
    if let Some(aws) = environment.aws_settings(state_dir) {
        snapshot.overlay(&sources::aws::task::poll_once(&aws, subject).await?);
    }
    #[cfg(feature = "azure")]
    if let Some(azure) = environment.azure_settings(state_dir) {
        snapshot.overlay(&sources::azure::task::poll_once(&azure, subject).await?);
    }
    #[cfg(not(any(feature = "aws", feature = "azure")))]
    let _ = (environment, state_dir);
    Ok(snapshot)
}

fn json_view(config: &Config, tab: Option<Topic>, snapshot: &FleetSnapshot) -> Value {
    let topic = tab;
    let section = match tab {
        None => Value::Null,
        Some(Topic::Scaling) => json!(snapshot.scaling),
        Some(Topic::Latency) => json!(snapshot.latency),
        Some(Topic::Cost) => json!(snapshot.cost),
        Some(Topic::Security) => json!(snapshot.security),
        Some(Topic::Readiness) => json!(snapshot.readiness),
        // Refused in `run`: the checkpoint is `opsconsole report`'s.
        Some(Topic::Checkpoint) => Value::Null,
    };
    let section = with_figures(section, tab, snapshot);
    let alerts: Vec<_> = snapshot
        .alerts
        .iter()
        .filter(|a| topic.is_none() || a.topic == topic)
        .collect();
    let panels: Vec<_> = snapshot
        .panels
        .iter()
        .filter(|p| topic.is_none() || p.tab.is_none() || p.tab == topic)
        .map(|p| {
            let mut value = json!(p);
            value["freshness"] = json!(p.status.freshness(snapshot.taken_at));
            value
        })
        .collect();
    json!({
        "schema": 1,
        "environment": config.settings.environment,
        "tab": tab.map_or("alerts", Topic::name),
        "taken_at": snapshot.taken_at,
        "data": section,
        "alerts": alerts,
        "panels": panels,
        "monitoring": snapshot.monitoring,
    })
}

fn text_view(
    config: &Config,
    environment: &EnvironmentConfig,
    tab: Option<Topic>,
    source: SourceId,
    snapshot: FleetSnapshot,
    (width, height): (u16, u16),
) -> String {
    let now = Instant::now();
    let wall = snapshot.taken_at;
    let mut data = DataStore::default();
    data.register(source, Duration::from_secs(3600));
    data.apply(
        SourceUpdate {
            source,
            result: Ok(Box::new(snapshot)),
        },
        now,
    );
    let settings = &config.settings;
    let mut state = AppState::new(
        environment.describe(),
        tab.unwrap_or(Topic::Scaling),
        data,
        now,
        wall,
    );
    if tab.is_none() {
        state.overlay = Overlay::Alerts { selected: 0 };
    }
    let context = RenderContext {
        theme: &config.theme,
        keymap: &config.keymap,
        ascii: settings.ascii,
    };
    let Ok(mut terminal) = Terminal::new(TestBackend::new(width.max(1), height.max(1)));
    if terminal
        .draw(|frame| ui::render(frame, &mut state, &context))
        .is_err()
    {
        return String::new();
    }
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..buffer.area.height {
        let line: String = (0..buffer.area.width)
            .map(|x| buffer[(x, y)].symbol())
            .collect();
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// The tab's catalogued figures, by id, beside its data (`"figures"`; unknown is null), so a
/// script reads the values the tab draws and `check` and `report` judge.
fn with_figures(mut section: Value, tab: Option<Topic>, snapshot: &FleetSnapshot) -> Value {
    let topic = tab;
    if let (Some(object), Some(_)) = (section.as_object_mut(), topic) {
        let figures: serde_json::Map<String, Value> = figure::ids(snapshot)
            .into_iter()
            .filter(|id| figure::definition(id).map(|d| d.topic) == topic)
            .map(|id| {
                let value = figure::read(snapshot, &id).ok().flatten();
                (id, json!(value.filter(|v| v.is_finite())))
            })
            .collect();
        object.insert("figures".into(), Value::Object(figures));
    }
    section
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Category, CheckState, ReadinessCheck, ReadinessView};

    #[test]
    fn a_tab_s_json_carries_its_judged_figures_and_unknown_as_null() {
        let mut snapshot = FleetSnapshot::empty(chrono::DateTime::UNIX_EPOCH);
        let check = |state| ReadinessCheck {
            id: "c".into(),
            name: "c".into(),
            category: Category::Operations,
            state,
            owner: "sre".into(),
            evaluated_at: None,
            detail: String::new(),
            blocking: false,
        };
        snapshot.readiness = Some(ReadinessView {
            checks: vec![
                check(CheckState::Pass),
                check(CheckState::Fail),
                check(CheckState::NotApplicable),
            ],
        });
        let data = json!(snapshot.readiness);
        let readiness = with_figures(data, Some(Topic::Readiness), &snapshot);
        assert_eq!(
            readiness["figures"],
            json!({
                "readiness.passing": 1.0,
                "readiness.applicable": 2.0,
                "readiness.passing_percent": 50.0,
                // Per check too; never evaluated is unknown.
                "check.c.passing": 1.0,
                "check.c.evaluated_at": null,
            })
        );
        let cost = with_figures(json!({}), Some(Topic::Cost), &snapshot);
        assert_eq!(cost["figures"]["cost.vs_baseline_percent"], Value::Null);
        assert_eq!(
            with_figures(Value::Null, Some(Topic::Cost), &snapshot),
            Value::Null
        );
    }
}
