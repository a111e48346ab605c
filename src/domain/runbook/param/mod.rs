//! Typed parameters and their validation: what the form checks on every key and the plan
//! checks again before anything is rendered.

use std::time::Duration;

use super::template;
use super::values::{Value, Values};
use crate::domain::duration;

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub description: String,
    pub kind: ParamKind,
    pub required: bool,
    /// A template, so a default may come from the selected row (`{row.desired+2}`).
    pub default: Option<String>,
    /// Masked in the form, redacted everywhere it would be shown.
    pub secret: bool,
    /// Asked for, and required, only while a flag holds (a reason to fail over a healthy primary).
    pub required_when: Option<RequiredWhen>,
    /// What to say and offer when an integer's range is empty (the group already at its max).
    pub at_limit: Option<AtLimit>,
}

/// `flag` is a template rendering to `true` or `false`; `why` (a template) says why it is needed.
#[derive(Debug, Clone, PartialEq)]
pub struct RequiredWhen {
    pub flag: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AtLimit {
    /// A template: "{row.name} is at its max ({row.max}): raise the limits with group-limits".
    pub message: String,
    /// The runbook the form offers on the same row.
    pub runbook: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ParamKind {
    /// A regular expression the whole value must match.
    String {
        pattern: Option<String>,
    },
    /// Bounds are templates too (`{row.max}`).
    Integer {
        min: Option<String>,
        max: Option<String>,
    },
    Enum {
        choices: Vec<String>,
    },
    Duration {
        min: Option<Duration>,
        max: Option<Duration>,
    },
    Boolean,
}

impl ParamKind {
    pub fn label(&self) -> &'static str {
        match self {
            Self::String { .. } => "string",
            Self::Integer { .. } => "integer",
            Self::Enum { .. } => "enum",
            Self::Duration { .. } => "duration",
            Self::Boolean => "boolean",
        }
    }
}

impl Param {
    /// The value the form starts with: the default rendered against the row and environment,
    /// an integer clamped into its range (`{row.desired+2}` at desired 11 of max 12 gives 12).
    pub fn initial(&self, context: &Values) -> String {
        let text = self
            .default
            .as_deref()
            .and_then(|d| template::render(d, context, template::Mode::Reveal).ok())
            .unwrap_or_default();
        match (text.trim().parse::<i64>(), self.integer_range(context)) {
            (Ok(n), Ok((min, max))) if min.unwrap_or(i64::MIN) <= max.unwrap_or(i64::MAX) => n
                .clamp(min.unwrap_or(i64::MIN), max.unwrap_or(i64::MAX))
                .to_string(),
            _ => text,
        }
    }

    /// Why the parameter must be given now, when only a flag makes it required; `None` when it
    /// is not asked for (the flag is false or cannot be read).
    pub fn needed_because(&self, context: &Values) -> Option<String> {
        let when = self.required_when.as_ref()?;
        let flag = template::render(&when.flag, context, template::Mode::Reveal).ok()?;
        (flag.trim() == "true").then(|| {
            template::render(&when.why, context, template::Mode::Reveal)
                .unwrap_or_else(|_| when.why.clone())
        })
    }

    /// Whether the form asks for it: always, unless only a flag that is false requires it.
    pub fn shown(&self, context: &Values) -> bool {
        self.required_when.is_none() || self.needed_because(context).is_some()
    }

    /// The runbook to offer when the range is empty, with what to say.
    pub fn at_limit_now(&self, context: &Values) -> Option<(String, &str)> {
        let limit = self.at_limit.as_ref()?;
        let Ok((Some(min), Some(max))) = self.integer_range(context) else {
            return None;
        };
        (min > max).then(|| {
            let message = template::render(&limit.message, context, template::Mode::Reveal)
                .unwrap_or_else(|_| format!("no value fits: at least {min} and at most {max}"));
            (message, limit.runbook.as_str())
        })
    }

    /// An integer parameter's bounds, rendered (`None` for an open side or another type).
    fn integer_range(&self, context: &Values) -> Result<(Option<i64>, Option<i64>), String> {
        let ParamKind::Integer { min, max } = &self.kind else {
            return Ok((None, None));
        };
        let bound =
            |b: &Option<String>| b.as_deref().map(|t| integer_bound(t, context)).transpose();
        Ok((bound(min)?, bound(max)?))
    }

    /// Checks `raw` and types it. `context` resolves templated bounds.
    pub fn validate(&self, raw: &str, context: &Values) -> Result<Option<Value>, String> {
        let raw = raw.trim();
        if let Some((message, _)) = self.at_limit_now(context) {
            return Err(message);
        }
        if raw.is_empty() {
            return match self.needed_because(context) {
                _ if self.required => Err("required".into()),
                Some(why) => Err(format!("required: {why}")),
                None => Ok(None),
            };
        }
        let value = match &self.kind {
            ParamKind::String { pattern } => {
                if let Some(pattern) = pattern {
                    let anchored = format!("^(?:{pattern})$");
                    let regex = regex::Regex::new(&anchored).map_err(|e| e.to_string())?;
                    if !regex.is_match(raw) {
                        return Err(format!("must match {pattern}"));
                    }
                }
                if self.secret {
                    Value::Secret(raw.into())
                } else {
                    Value::Text(raw.into())
                }
            }
            ParamKind::Integer { .. } => {
                let n: i64 = raw.parse().map_err(|_| "a whole number".to_string())?;
                let (min, max) = self.integer_range(context)?;
                if let Some(min) = min
                    && n < min
                {
                    return Err(format!("at least {min}"));
                }
                if let Some(max) = max
                    && n > max
                {
                    return Err(format!("at most {max}"));
                }
                Value::Integer(n)
            }
            ParamKind::Enum { choices } => {
                if !choices.iter().any(|c| c == raw) {
                    return Err(format!("one of {}", choices.join(", ")));
                }
                Value::Text(raw.into())
            }
            ParamKind::Duration { min, max } => {
                let d = duration::parse(raw)?;
                Value::Duration(duration::within(d, *min, *max)?)
            }
            ParamKind::Boolean => match raw {
                "true" | "yes" | "y" => Value::Boolean(true),
                "false" | "no" | "n" => Value::Boolean(false),
                _ => return Err("true or false".into()),
            },
        };
        Ok(Some(value))
    }
}

/// A bound: a number, or a template that evaluates to one (`{row.max}`).
fn integer_bound(text: &str, context: &Values) -> Result<i64, String> {
    let rendered = template::render(text, context, template::Mode::Reveal)
        .map_err(|e| format!("bound {text}: {e}"))?;
    rendered
        .trim()
        .parse()
        .map_err(|_| format!("bound {text} is not a number ({rendered})"))
}

#[cfg(test)]
mod tests;
