//! One step's kind resolved: the action as it will run (secrets revealed) and the call as the
//! plan shows it (secrets redacted), from the same templates.

use super::condition_of;
use super::{ResolvedAction, Values};
use crate::domain::duration::humantime;
use crate::domain::runbook::template::{Mode, render};
use crate::domain::runbook::{Endpoint, HttpBody, StepKind};

pub(super) fn kind_name(kind: &StepKind) -> &'static str {
    match kind {
        StepKind::Http(_) => "http",
        StepKind::Command(_) => "command",
        StepKind::WaitUntil { .. } => "wait-until",
        StepKind::Action(_) => "action",
        StepKind::Manual { .. } => "manual",
    }
}

pub(super) fn resolve_kind(
    kind: &StepKind,
    values: &Values,
) -> Result<(ResolvedAction, String), String> {
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
