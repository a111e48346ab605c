//! `opsconsole describe KIND/NAME`: a row's detail without the full-screen console, built by
//! the same model as the detail view. `text` prints the view's document (charts as a line of
//! figures each); `json` is the typed model with its provenance (schema in the README).

use serde_json::json;

use crate::app::detail::{Document, Inputs, build};
use crate::cli::{ConsoleArgs, DescribeArgs};
use crate::config::{self, Config};
use crate::domain::detail::{Kind, Subject};
use crate::ui::RenderContext;
use crate::ui::detail::{chart_summary, lines};

/// Bumped when a field changes meaning or goes away; new fields do not bump it.
const SCHEMA: u32 = 1;
/// Charts in text are summarised over this long, the console's default range.
const CHART_SPAN: chrono::Duration = chrono::Duration::hours(6);
const TEXT_WIDTH: u16 = 100;

pub fn run(console: &ConsoleArgs, args: &DescribeArgs) -> Result<String, String> {
    let json = match args.format.as_str() {
        "text" => false,
        "json" => true,
        other => return Err(format!("unknown format {other:?}; formats: text, json")),
    };
    let subject: Subject = args.subject.parse()?;
    let config = config::load(console).map_err(|e| e.to_string())?;
    let environment = config.settings.selected_environment()?;
    let (_, snapshot) = super::snapshot::fetch(&config, environment, Some(&subject))?;
    let report = match subject.kind {
        Kind::Criterion => Some(super::checkpoint::this_week(&config)?),
        _ => None,
    };
    let inputs = Inputs {
        snapshot: Some(&snapshot),
        report: report.as_ref(),
    };
    let detail = build(&inputs, &subject).map_err(|missing| missing.to_string())?;
    let provenance = snapshot
        .detail
        .as_ref()
        .filter(|d| d.subject == subject)
        .map(|d| d.provenance.clone())
        .unwrap_or_default();
    if json {
        let value = json!({
            "schema": SCHEMA,
            "environment": environment.name,
            "subject": subject.to_string(),
            "taken_at": snapshot.taken_at,
            "detail": detail,
            "provenance": provenance,
        });
        let mut text =
            serde_json::to_string_pretty(&value).map_err(|e| format!("cannot encode: {e}"))?;
        text.push('\n');
        return Ok(text);
    }
    let mut text = format!(
        "{subject} · {} · as of {}\n\n",
        environment.name,
        snapshot.taken_at.format("%Y-%m-%d %H:%M:%S UTC")
    );
    text.push_str(&document_text(&detail.document(), &config));
    if !provenance.is_empty() {
        text.push_str("\nWhere the numbers come from\n");
        for p in &provenance {
            text.push_str(&format!("  {}\n    {}\n", p.figure, p.from));
        }
    }
    Ok(text)
}

/// The document as the view draws it, with charts as their title lines.
fn document_text(document: &Document, config: &Config) -> String {
    let context = RenderContext {
        theme: &config.theme,
        keymap: &config.keymap,
        ascii: config.settings.ascii,
    };
    let mut out = String::new();
    for piece in lines::pieces(document, TEXT_WIDTH, &context) {
        match piece {
            lines::Piece::Line(line) => out.push_str(&lines::plain(&line)),
            lines::Piece::Chart(chart) => {
                out.push_str("  ");
                out.push_str(&chart_summary(chart, CHART_SPAN, "6h", None));
            }
        }
        out.push('\n');
    }
    out
}
