//! The values templates see: parameters, the selected row, the environment, secrets and the
//! clock, each typed so `{desired+2}` and `{now+duration}` mean what they say. A secret put
//! among them is registered with the one redaction point (`domain::redact`), which scrubs it
//! from everything the run shows or records.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};

// Re-exported where runbook values print, so the run overlay keeps its path.
pub use crate::domain::duration::humantime;
use crate::domain::redact;

#[derive(Clone, PartialEq)]
pub enum Value {
    Text(String),
    Integer(i64),
    Boolean(bool),
    Duration(Duration),
    Time(DateTime<Utc>),
    /// Rendered as its text only where a call is really made; everywhere else as `••••••`.
    Secret(String),
}

pub const REDACTED: &str = "••••••";

impl Value {
    /// The text a real call uses.
    pub fn reveal(&self) -> String {
        match self {
            Self::Text(text) | Self::Secret(text) => text.clone(),
            Self::Integer(n) => n.to_string(),
            Self::Boolean(b) => b.to_string(),
            Self::Duration(d) => humantime(*d),
            Self::Time(t) => t.to_rfc3339_opts(SecondsFormat::Secs, true),
        }
    }

    /// The text screens, logs, plans and the audit show.
    pub fn display(&self) -> String {
        match self {
            Self::Secret(_) => REDACTED.into(),
            other => other.reveal(),
        }
    }

    pub fn is_secret(&self) -> bool {
        matches!(self, Self::Secret(_))
    }
}

/// Never prints a secret, so a `{:?}` in a log line cannot leak one.
impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.display())
    }
}

/// Named values, e.g. `desired`, `row.desired`, `env.alertmanager`, `secret.token`, `now`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Values(BTreeMap<String, Value>);

impl Values {
    /// Adds a value; a secret is registered for redaction here, where a run takes it in (a
    /// form's field as it is typed is not: its prefixes are no secrets).
    pub fn insert(&mut self, name: impl Into<String>, value: Value) {
        if let Value::Secret(text) = &value {
            redact::register(text);
        }
        self.0.insert(name.into(), value);
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let secret = Value::Secret("hunter2".into());
        assert_eq!(secret.display(), REDACTED);
        assert_eq!(format!("{secret:?}"), REDACTED);
        assert_eq!(secret.reveal(), "hunter2");
        let mut values = Values::default();
        values.insert("secret.a", secret);
        values.insert("secret.b", Value::Secret("hunter2hunter2".into()));
        let scrubbed = redact::redact("echo hunter2hunter2 and hunter2");
        assert_eq!(scrubbed, "echo *** and ***");
        assert!(!format!("{values:?}").contains("hunter2"));
    }
}
