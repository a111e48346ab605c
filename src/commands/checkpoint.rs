//! `opsconsole report` and `opsconsole check`: the weekly checkpoint without the console. Both
//! evaluate exactly as the Checkpoint tab does, on the selected environment.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};

use super::output;
use crate::checkpoint::{self, CheckpointSettings, Inputs, Recorder, Source, render};
use crate::cli::{CheckArgs, ConsoleArgs, ReportArgs};
use crate::config::{self, Config, SourceConfig};
use crate::domain::checkpoint::format;
use crate::domain::checkpoint::report::HISTORY_WEEKS;
use crate::domain::checkpoint::{CriterionResult, IsoWeek, Verdict, WeeklyReport, parse_tz};
use crate::domain::duration;
use crate::sources::prometheus::PrometheusClient;

/// How far back the demo replays for a report: its history must fit.
const DEMO_WEEKS_MAX: u32 = 26;

pub fn report(console: &ConsoleArgs, args: &ReportArgs) -> Result<(), String> {
    let format = args.format.as_str();
    if !["md", "html", "json"].contains(&format) {
        return Err(format!(
            "unknown format {format:?}; formats: md, html, json"
        ));
    }
    let config = config::load(console).map_err(|e| e.to_string())?;
    let mut settings = config.settings.checkpoint.clone();
    if let Some(tz) = &args.tz {
        settings.timezone = parse_tz(tz).map_err(|e| format!("--tz: {e}"))?;
    }
    let now = config.now();
    let this_week = IsoWeek::at(now, settings.timezone);
    let week = match &args.week {
        Some(text) => text
            .parse::<IsoWeek>()
            .map_err(|e| format!("--week: {e}"))?,
        None => this_week,
    };
    if week > this_week {
        return Err(format!(
            "--week: {week} has not begun (this week is {this_week})"
        ));
    }
    let weeks_back = u32::try_from((this_week.monday() - week.monday()).num_weeks()).unwrap_or(0);
    let report = block_on(async {
        let inputs = inputs(&config, settings, now, weeks_back + HISTORY_WEEKS).await?;
        Ok(checkpoint::weekly_report(&inputs, week, now).await)
    })?;
    let text = match format {
        "html" => render::html(&report),
        "json" => render::json(&report),
        _ => render::markdown(&report),
    };
    match &args.output {
        Some(path) => output::write_file(path, &text),
        None => {
            output::print(&text);
            Ok(())
        }
    }
}

/// This week's checkpoint to date, as the Checkpoint tab shows it (`describe criterion/…`).
pub fn this_week(config: &Config) -> Result<WeeklyReport, String> {
    let settings = config.settings.checkpoint.clone();
    let now = config.now();
    let week = IsoWeek::at(now, settings.timezone);
    block_on(async {
        let inputs = inputs(config, settings, now, HISTORY_WEEKS).await?;
        Ok(checkpoint::weekly_report(&inputs, week, now).await)
    })
}

/// Prints one line per criterion; exit 0 when every blocking criterion is met, 1 otherwise.
pub fn check(console: &ConsoleArgs, args: &CheckArgs) -> Result<ExitCode, String> {
    let last = (args.window != "week")
        .then(|| window(&args.window))
        .transpose()?;
    let json = match args.format.as_str() {
        "text" => false,
        "json" => true,
        other => return Err(format!("unknown format {other:?}; formats: text, json")),
    };
    let config = config::load(console).map_err(|e| e.to_string())?;
    let now = config.now();
    let settings = config.settings.checkpoint.clone();
    // "week": the checkpoint's own period, this ISO week to date in its time zone.
    let window = last.unwrap_or_else(|| {
        now - IsoWeek::at(now, settings.timezone)
            .range(settings.timezone)
            .from
    });
    let weeks = u32::try_from(window.num_weeks()).unwrap_or(0) + 1;
    let (lines, failed) = block_on(async {
        let inputs = inputs(&config, settings, now, weeks).await?;
        Ok(checkpoint::check(&inputs, now, window).await)
    })?;
    let out = if json {
        check_json(&lines, (&args.window, window), now, failed)?
    } else {
        check_text(&lines, &args.window, failed)
    };
    output::print(&out);
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `--window` other than "week": a duration from 10 minutes to 31 days.
fn window(text: &str) -> Result<chrono::Duration, String> {
    let (min, max) = (
        StdDuration::from_secs(600),
        StdDuration::from_secs(31 * 86_400),
    );
    let parsed = duration::parse(text).map_err(|e| format!("--window: {e}, or \"week\""))?;
    duration::within(parsed, Some(min), Some(max))
        .map_err(|m| format!("--window {text:?}: must be {m}"))
        .and_then(|d| chrono::Duration::from_std(d).map_err(|e| e.to_string()))
}

/// The criteria as `report --format json` writes them, with the window they were folded over.
fn check_json(
    lines: &[CriterionResult],
    (name, window): (&str, chrono::Duration),
    now: DateTime<Utc>,
    failed: bool,
) -> Result<String, String> {
    let value = serde_json::json!({
        "window": name,
        "from": now - window,
        "to": now,
        "criteria": lines,
        "blocking_failed": failed,
    });
    let mut text =
        serde_json::to_string_pretty(&value).map_err(|e| format!("cannot encode: {e}"))?;
    text.push('\n');
    Ok(text)
}

fn check_text(lines: &[CriterionResult], window: &str, failed: bool) -> String {
    let mut out = String::new();
    let width = lines
        .iter()
        .map(|c| c.name.chars().count())
        .fold(20, usize::max);
    for c in lines {
        let value = format::value(c, c.this_week);
        let why = match (c.verdict, &c.note) {
            (Verdict::Unknown | Verdict::Missed, Some(note)) => format!("  ({note})"),
            _ => String::new(),
        };
        let blocking = if c.blocking { "blocking" } else { "        " };
        let _ = writeln!(
            out,
            "{:<8} {blocking}  {:<width$} {:>14}  target {}{why}",
            c.verdict.label().to_uppercase(),
            c.name,
            value,
            format::target(c)
        );
        if let Some(definition) = &c.definition {
            let _ = writeln!(out, "{:19}{definition}", "");
        }
    }
    let met = lines.iter().filter(|c| c.verdict == Verdict::Met).count();
    let _ = writeln!(
        out,
        "{met} of {} met over the last {}; {}",
        lines.len(),
        window,
        if failed {
            "a blocking criterion is missed or unknown"
        } else {
            "every blocking criterion is met"
        }
    );
    out
}

/// The selected environment's inputs; the demo's record covers `weeks` weeks before this one.
async fn inputs(
    config: &Config,
    settings: CheckpointSettings,
    now: DateTime<Utc>,
    weeks: u32,
) -> Result<Inputs, String> {
    let environment = config.settings.selected_environment()?;
    let source = match &environment.source {
        SourceConfig::Demo => {
            if weeks > DEMO_WEEKS_MAX {
                return Err(format!(
                    "the demo's record covers the last {DEMO_WEEKS_MAX} weeks; choose a later week"
                ));
            }
            let seed = config.settings.demo.seed;
            let settings = settings.clone();
            let built = tokio::task::spawn_blocking(move || {
                // Sampled up to `now` itself, so the figures are the fleet's at `now`, as the
                // tabs and `snapshot` show it.
                Recorder::for_demo(seed, now, weeks, &settings).map(|mut recorder| {
                    recorder.advance_to(now);
                    recorder.into_record()
                })
            })
            .await
            .map_err(|e| e.to_string())??;
            Source::Simulator(built)
        }
        SourceConfig::Prometheus(prometheus) => {
            let client = PrometheusClient::new(&prometheus.prometheus.resolve()?)
                .map_err(|e| e.to_string())?;
            // Figure-only criteria (readiness) read the environment as it is now, and cost
            // criteria a cloud's own cost figure for the running week.
            let live = match super::snapshot::live_once(config, environment, prometheus, None).await
            {
                Ok(snapshot) => Some(Arc::new(snapshot)),
                Err(error) => {
                    tracing::warn!(%error, "checkpoint: no live poll for figure criteria");
                    None
                }
            };
            Source::Prometheus {
                client,
                live,
                baseline: prometheus.monthly_baseline,
                clouds: environment.clouds(),
            }
        }
    };
    Ok(Inputs {
        environment: environment.name.clone(),
        source,
        settings: Arc::new(settings),
        audit_file: Some(crate::runbook::audit::audit_file(&config.paths.state_dir)),
        demo: matches!(environment.source, SourceConfig::Demo),
    })
}

fn block_on<T>(work: impl Future<Output = Result<T, String>>) -> Result<T, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?
        .block_on(work)
}
