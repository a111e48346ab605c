//! `{placeholder}` templates. A placeholder is a name, optionally plus or minus an integer,
//! a duration literal or another name (`{row.desired+2}`, `{now+duration}`), optionally
//! piped through `json` (a JSON literal) or `url` (percent-encoded). `{{` and `}}` are literal
//! braces. Rendering either reveals secrets (the real call) or redacts them (everything shown).

use std::fmt::Write as _;

use super::values::{Value, Values};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Reveal,
    Redact,
}

pub fn render(template: &str, values: &Values, mode: Mode) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if tail.starts_with('}') {
            return Err(format!(
                "unmatched '}}' in {template:?} (write '}}}}' for a brace)"
            ));
        }
        let close = tail
            .find('}')
            .ok_or_else(|| format!("unclosed '{{' in {template:?}"))?;
        out.push_str(&placeholder(&tail[1..close], values, mode)?);
        rest = &tail[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Evaluates one placeholder to a typed value (used for integer bounds and conditions too).
pub fn evaluate(expression: &str, values: &Values) -> Result<Value, String> {
    let expression = expression.trim();
    let Some(at) = expression.find(['+', '-']).filter(|&i| i > 0) else {
        return lookup(expression, values).cloned();
    };
    let (name, operand) = (expression[..at].trim(), expression[at + 1..].trim());
    let negative = expression.as_bytes()[at] == b'-';
    let base = lookup(name, values)?;
    let operand = match operand.parse::<i64>() {
        Ok(n) => Value::Integer(n),
        Err(_) => match crate::domain::duration::parse(operand) {
            Ok(d) => Value::Duration(d),
            Err(_) => lookup(operand, values)?.clone(),
        },
    };
    match (base, operand) {
        (Value::Integer(a), Value::Integer(b)) => {
            let sum = if negative {
                a.checked_sub(b)
            } else {
                a.checked_add(b)
            };
            sum.map(Value::Integer)
                .ok_or_else(|| format!("{expression}: out of range"))
        }
        (Value::Time(t), Value::Duration(d)) => {
            let d = chrono::Duration::from_std(d).map_err(|e| format!("{expression}: {e}"))?;
            // A typed duration has no bound; past year 262143 `+` would panic (found by fuzzing).
            let moved = if negative {
                t.checked_sub_signed(d)
            } else {
                t.checked_add_signed(d)
            };
            moved
                .map(Value::Time)
                .ok_or_else(|| format!("{expression}: out of range"))
        }
        (base, operand) => Err(format!(
            "{expression}: cannot combine {} and {}",
            base.display(),
            operand.display()
        )),
    }
}

fn lookup<'a>(name: &str, values: &'a Values) -> Result<&'a Value, String> {
    values
        .get(name)
        .ok_or_else(|| format!("unknown placeholder {{{name}}}"))
}

fn placeholder(inner: &str, values: &Values, mode: Mode) -> Result<String, String> {
    let (expression, filter) = match inner.split_once('|') {
        Some((e, f)) => (e, Some(f.trim())),
        None => (inner, None),
    };
    let value = evaluate(expression, values)?;
    let text = match mode {
        Mode::Reveal => value.reveal(),
        Mode::Redact => value.display(),
    };
    match filter {
        None => Ok(text),
        Some("json") => Ok(match value {
            Value::Integer(_) | Value::Boolean(_) => text,
            _ => serde_json::Value::String(text).to_string(),
        }),
        Some("url") => Ok(percent_encode(&text)),
        Some(other) => Err(format!("unknown filter |{other} (json or url)")),
    }
}

fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Checks braces and filters without values, so a runbook file fails at load, not at run.
pub fn render_check(template: &str) -> Result<(), String> {
    let stripped = template.replace("{{", "").replace("}}", "");
    let mut rest = stripped.as_str();
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!(
                "unmatched '}}' in {template:?} (write '}}}}' for a brace)"
            ));
        }
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| format!("unclosed '{{' in {template:?}"))?;
        let inner = &rest[open + 1..open + close];
        if let Some((_, filter)) = inner.split_once('|')
            && !matches!(filter.trim(), "json" | "url")
        {
            return Err(format!("unknown filter |{} (json or url)", filter.trim()));
        }
        if inner.split('|').next().is_none_or(|e| e.trim().is_empty()) {
            return Err(format!("empty placeholder in {template:?}"));
        }
        rest = &rest[open + close + 1..];
    }
    Ok(())
}

/// Every placeholder's names, so the catalog can check them before anything runs.
pub fn names(template: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = template.replace("{{", "").replace("}}", "");
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let inner = &rest[open + 1..open + close];
        let expression = inner.split('|').next().unwrap_or_default();
        for part in expression.split(['+', '-']) {
            let part = part.trim();
            let literal =
                part.parse::<i64>().is_ok() || crate::domain::duration::parse(part).is_ok();
            if !part.is_empty() && !literal {
                names.push(part.to_string());
            }
        }
        rest = rest[open + close + 1..].to_string();
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use std::time::Duration;

    fn values() -> Values {
        let mut v = Values::default();
        v.insert("row.desired", Value::Integer(5));
        v.insert("group", Value::Text("web".into()));
        v.insert("comment", Value::Text("say \"hi\"; rm -rf /".into()));
        v.insert("token", Value::Secret("s3cr3t".into()));
        v.insert("duration", Value::Duration(Duration::from_secs(7200)));
        let now = chrono::Utc.with_ymd_and_hms(2026, 12, 2, 11, 0, 0).single();
        v.insert("now", Value::Time(now.expect("time")));
        v
    }

    #[test]
    fn renders_arithmetic_filters_and_braces() {
        let v = values();
        let text = render(
            "{group} {row.desired+3} {{x}} {comment|json}",
            &v,
            Mode::Reveal,
        );
        assert_eq!(
            text.expect("renders"),
            r#"web 8 {x} "say \"hi\"; rm -rf /""#
        );
        let until = render("{now+duration|json}", &v, Mode::Reveal).expect("renders");
        assert_eq!(until, "\"2026-12-02T13:00:00Z\"");
        assert_eq!(
            render("{now-30m}", &v, Mode::Reveal).expect("ok"),
            "2026-12-02T10:30:00Z"
        );
        assert_eq!(render("{group|url}", &v, Mode::Reveal).expect("ok"), "web");
        assert_eq!(
            render("{comment|url}", &v, Mode::Reveal)
                .expect("ok")
                .find(' '),
            None
        );
    }

    #[test]
    fn times_beyond_the_calendar_are_errors() {
        let v = values();
        for expression in ["now+99999999d", "now-3111111112d30m1ms"] {
            let error = evaluate(expression, &v).expect_err(expression);
            assert!(error.ends_with("out of range"), "{error}");
        }
    }

    #[test]
    fn redacts_secrets_but_reveals_them_for_calls() {
        let v = values();
        assert_eq!(
            render("Bearer {token}", &v, Mode::Reveal).expect("ok"),
            "Bearer s3cr3t"
        );
        let shown = render("Bearer {token|json}", &v, Mode::Redact).expect("ok");
        assert!(!shown.contains("s3cr3t"), "{shown}");
    }

    #[test]
    fn errors_name_the_problem() {
        let v = values();
        assert!(
            render("{nope}", &v, Mode::Reveal)
                .expect_err("fails")
                .contains("{nope}")
        );
        assert!(
            render("{group", &v, Mode::Reveal)
                .expect_err("fails")
                .contains("unclosed")
        );
        assert!(
            render("a } b", &v, Mode::Reveal)
                .expect_err("fails")
                .contains("unmatched")
        );
        assert!(
            render("{group+1}", &v, Mode::Reveal)
                .expect_err("fails")
                .contains("combine")
        );
        assert!(
            render("{group|yaml}", &v, Mode::Reveal)
                .expect_err("fails")
                .contains("filter")
        );
    }

    #[test]
    fn lists_names_without_literals() {
        assert_eq!(
            names("{a} {{b}} {row.c+2} {now+duration|json} {now+2h}"),
            ["a", "row.c", "now", "duration", "now"]
        );
    }
}
