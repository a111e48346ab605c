//! The values runbook templates are rendered with, as the planner builds them: `user`, `now`
//! (fixed), the selected row, parameters of each kind (with extreme integers) and a secret
//! whose text holds a character no other value has, so a leak of it is visible.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use opsconsole::domain::runbook::{Value, Values};

/// Only the secret's text holds this character.
pub const SECRET_MARK: char = '\u{e000}';

/// The fixed "now" of every runbook target: a weekday afternoon.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 18, 14, 0, 0)
        .single()
        .expect("a valid time")
}

pub fn values() -> Values {
    let mut values = Values::default();
    let text = |t: &str| Value::Text(t.into());
    values.insert("user", text("oncall"));
    values.insert("now", Value::Time(now()));
    values.insert("row.name", text("web"));
    values.insert("row.desired", Value::Integer(5));
    values.insert("row.min", Value::Integer(2));
    values.insert("row.max", Value::Integer(12));
    values.insert("group", text("web"));
    values.insert("desired", Value::Integer(7));
    values.insert("max", Value::Integer(i64::MAX));
    values.insert("min", Value::Integer(i64::MIN));
    values.insert("reason", text("p99 \"high\" & {rising} ü"));
    values.insert("dry_run", Value::Boolean(true));
    values.insert("duration", Value::Duration(Duration::from_secs(1800)));
    values.insert("secret.token", Value::Secret(format!("tok{SECRET_MARK}en")));
    values
}
