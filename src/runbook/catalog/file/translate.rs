//! The file format's sections as `domain::runbook` types: defaults filled in, each section's
//! exclusive choices (http or command, env or file, figure or promql) checked, errors naming
//! the param or step they are in.

use super::{ConditionFile, NoteFile, ParamFile, SecretFile, StepFile, TriggerFile, VerifyFile};
use crate::domain::Topic;
use crate::domain::duration;
use crate::domain::runbook::{
    AtLimit, Comparator, Condition, ConditionSource, Endpoint, HttpBody, HttpStep, OnFailure,
    Param, ParamKind, RequiredWhen, SecretSource, Step, StepKind, Trigger, Verification,
};

const DEFAULT_TIMEOUT: &str = "30s";
const DEFAULT_EVERY: &str = "5s";

/// A TOML number or string, as the template text it stands for.
fn text_of(value: &toml::Value) -> Result<String, String> {
    match value {
        toml::Value::Integer(n) => Ok(n.to_string()),
        toml::Value::Float(f) => Ok(f.to_string()),
        toml::Value::String(s) => Ok(s.clone()),
        other => Err(format!("expected a number or a template, not {other}")),
    }
}

fn duration_or(
    text: Option<&str>,
    default: &str,
    what: &str,
) -> Result<std::time::Duration, String> {
    duration::parse(text.unwrap_or(default)).map_err(|e| format!("{what}: {e}"))
}

pub fn tab(name: &str) -> Result<Option<Topic>, String> {
    if name == "alerts" {
        return Ok(None);
    }
    Topic::parse(name, &["alerts"]).map(Some)
}

impl ParamFile {
    pub fn into_param(self) -> Result<Param, String> {
        let at = |e: String| format!("param {}: {e}", self.name);
        let bound = |b: &Option<toml::Value>| b.as_ref().map(text_of).transpose().map_err(at);
        let kind = match self.kind.as_str() {
            "string" => ParamKind::String {
                pattern: self.pattern.clone(),
            },
            "integer" => ParamKind::Integer {
                min: bound(&self.min)?,
                max: bound(&self.max)?,
            },
            "enum" => ParamKind::Enum {
                choices: self
                    .choices
                    .clone()
                    .filter(|c| !c.is_empty())
                    .ok_or_else(|| at("an enum needs choices".into()))?,
            },
            "duration" => {
                let limit = |b: &Option<toml::Value>| -> Result<_, String> {
                    bound(b)?
                        .map(|t| duration::parse(&t).map_err(at))
                        .transpose()
                };
                ParamKind::Duration {
                    min: limit(&self.min)?,
                    max: limit(&self.max)?,
                }
            }
            "boolean" => ParamKind::Boolean,
            other => {
                return Err(at(format!(
                    "unknown type {other:?}; types: string, integer, enum, duration, boolean"
                )));
            }
        };
        let extra = match &kind {
            ParamKind::String { .. } => {
                self.min.is_some() || self.max.is_some() || self.choices.is_some()
            }
            ParamKind::Integer { .. } | ParamKind::Duration { .. } => {
                self.pattern.is_some() || self.choices.is_some()
            }
            ParamKind::Enum { .. } => {
                self.pattern.is_some() || self.min.is_some() || self.max.is_some()
            }
            ParamKind::Boolean => {
                self.pattern.is_some()
                    || self.min.is_some()
                    || self.max.is_some()
                    || self.choices.is_some()
            }
        };
        if extra {
            return Err(at(format!("a key does not apply to type {}", self.kind)));
        }
        if let Some(pattern) = &self.pattern {
            regex::Regex::new(pattern).map_err(|e| at(format!("pattern: {e}")))?;
        }
        let default = self.default.as_ref().map(text_of).transpose().map_err(at)?;
        Ok(Param {
            name: self.name,
            description: self.description,
            kind,
            required: self.required,
            default,
            secret: self.secret,
            required_when: self.required_when.map(|r| RequiredWhen {
                flag: r.flag,
                why: r.why,
            }),
            at_limit: self.at_limit.map(|a| AtLimit {
                message: a.message,
                runbook: a.runbook,
            }),
        })
    }
}

impl SecretFile {
    pub fn into_source(self, name: &str) -> Result<SecretSource, String> {
        match (self.env, self.file) {
            (Some(var), None) => Ok(SecretSource::Env(var)),
            (None, Some(path)) => Ok(SecretSource::File(path.into())),
            _ => Err(format!("secret {name}: give exactly one of env or file")),
        }
    }
}

impl ConditionFile {
    pub fn into_condition(self) -> Result<Condition, String> {
        condition(self.figure, self.promql, self.op, &self.value)
    }
}

fn condition(
    figure: Option<String>,
    promql: Option<String>,
    comparator: Comparator,
    value: &toml::Value,
) -> Result<Condition, String> {
    let source = match (figure, promql) {
        (Some(f), None) => ConditionSource::Figure(f),
        (None, Some(q)) => ConditionSource::Promql(q),
        _ => return Err("a condition needs exactly one of figure or promql".into()),
    };
    Ok(Condition {
        source,
        comparator,
        value: text_of(value)?,
    })
}

impl VerifyFile {
    pub fn into_verification(self) -> Result<Verification, String> {
        Ok(Verification {
            condition: condition(self.figure, self.promql, self.op, &self.value)?,
            within: duration_or(self.within.as_deref(), "5m", "within")?,
            every: duration_or(self.every.as_deref(), DEFAULT_EVERY, "every")?,
        })
    }
}

impl TriggerFile {
    pub fn into_trigger(self) -> Result<Trigger, String> {
        match (self.alert, self.op, self.value) {
            (Some(alert), None, None) if self.figure.is_none() && self.promql.is_none() => {
                Ok(Trigger::Alert(alert))
            }
            (None, Some(op), Some(value)) => {
                condition(self.figure, self.promql, op, &value).map(Trigger::Condition)
            }
            _ => Err("a trigger is an alert name, or figure/promql with op and value".into()),
        }
    }
}

impl StepFile {
    pub fn into_step(self) -> Result<Step, String> {
        let at = |e: String| format!("step {:?}: {e}", self.title);
        let mut kinds = Vec::new();
        if let Some(http) = self.http {
            let auth = match http.auth.as_deref() {
                None => None,
                Some("prometheus") => Some(Endpoint::Prometheus),
                Some("alertmanager") => Some(Endpoint::Alertmanager),
                Some(other) => {
                    return Err(at(format!(
                        "unknown auth {other:?} (prometheus or alertmanager)"
                    )));
                }
            };
            let body = match (http.body, http.json) {
                (Some(text), None) => Some(HttpBody::Text(text)),
                (None, Some(json)) => Some(HttpBody::Json(json)),
                (None, None) => None,
                (Some(_), Some(_)) => return Err(at("give body or json, not both".into())),
            };
            kinds.push(StepKind::Http(HttpStep {
                method: http.method.to_uppercase(),
                url: http.url,
                headers: http.headers,
                body,
                auth,
                expect_status: http.expect_status,
                capture: http.capture,
            }));
        }
        if let Some(argv) = self.command {
            if argv.is_empty() {
                return Err(at("command needs at least the program".into()));
            }
            kinds.push(StepKind::Command(argv));
        }
        if let Some(wait) = self.wait_until {
            kinds.push(StepKind::WaitUntil {
                every: duration_or(wait.every.as_deref(), DEFAULT_EVERY, "every").map_err(at)?,
                condition: condition(wait.figure, wait.promql, wait.op, &wait.value).map_err(at)?,
            });
        }
        if let Some(action) = self.action {
            kinds.push(StepKind::Action(action));
        }
        if let Some(instruction) = self.manual {
            kinds.push(StepKind::Manual {
                instruction,
                needs_note: self.note == Some(NoteFile::Required),
            });
        } else if self.note.is_some() {
            return Err(at("note applies to manual steps only".into()));
        }
        let kind = match (kinds.pop(), kinds.is_empty()) {
            (Some(kind), true) => kind,
            _ => {
                return Err(at(
                    "give exactly one of http, command, wait-until, action or manual".into(),
                ));
            }
        };
        let on_failure = match self.on_failure.as_deref() {
            None | Some("stop") => OnFailure::Stop,
            Some("continue") => OnFailure::Continue,
            Some(other) => return Err(at(format!("on-failure {other:?}: stop or continue"))),
        };
        Ok(Step {
            timeout: duration_or(self.timeout.as_deref(), DEFAULT_TIMEOUT, "timeout")
                .map_err(at)?,
            retry_delay: duration_or(self.retry_delay.as_deref(), "1s", "retry-delay")
                .map_err(at)?,
            retries: self.retries,
            on_failure,
            kind,
            title: self.title,
        })
    }
}
