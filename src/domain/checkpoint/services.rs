//! Which services a criterion covers. The built-ins name none: `$__services` stands for every
//! service (fleet-wide sums, no filter) or the ones `[checkpoint] critical-services` names, so
//! they measure what the tabs show whatever the services are called.

use super::criterion::Criterion;

/// The placeholder: a label matcher in PromQL (`{$__services}`, `{code=~"5..",$__services}`),
/// the subject of a figure (`service.$__services.rps`).
pub const SERVICES: &str = "$__services";

impl Criterion {
    /// This criterion over `critical` (none named: every service).
    pub fn for_services(&self, critical: &[String]) -> Criterion {
        let promql = |q: &Option<String>| q.as_deref().map(|q| promql(q, critical));
        let figure = |f: &Option<String>| {
            f.as_deref()
                .map(|f| f.replace(SERVICES, &figure_subject(critical)))
        };
        Criterion {
            query: promql(&self.query),
            denominator: promql(&self.denominator),
            figure: figure(&self.figure),
            denominator_figure: figure(&self.denominator_figure),
            ..self.clone()
        }
    }
}

/// `service=~"a|b"` in place of the placeholder, or no matcher at all for every service (so
/// series without a `service` label still count in a fleet-wide sum).
fn promql(query: &str, critical: &[String]) -> String {
    if critical.is_empty() {
        return query
            .replace(&format!("{{{SERVICES}}}"), "")
            .replace(&format!(",{SERVICES}"), "")
            .replace(&format!("{SERVICES},"), "");
    }
    let names: Vec<String> = critical.iter().map(|s| regex_quoted(s)).collect();
    query.replace(SERVICES, &format!("service=~\"{}\"", names.join("|")))
}

fn figure_subject(critical: &[String]) -> String {
    if critical.is_empty() {
        "*".into()
    } else {
        critical.join("|")
    }
}

/// A name as a literal inside a PromQL double-quoted regex: regex metacharacters escaped, then
/// the string's own backslashes and quotes.
fn regex_quoted(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push_str("\\\\");
        } else if c == '"' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checkpoint::defaults;

    fn error_rate(critical: &[String]) -> Criterion {
        defaults::templates()
            .into_iter()
            .find(|c| c.name == "Error rate")
            .expect("built-in")
            .for_services(critical)
    }

    #[test]
    fn every_service_has_no_filter() {
        let c = error_rate(&[]);
        assert_eq!(
            c.query.as_deref(),
            Some("sum(increase(http_requests_total{code=~\"5..\"}[$__range])) or vector(0)")
        );
        assert_eq!(
            c.denominator.as_deref(),
            Some("sum(increase(http_requests_total[$__range]))")
        );
        assert_eq!(c.figure.as_deref(), Some("service.*.errors_total"));
        assert_eq!(
            c.denominator_figure.as_deref(),
            Some("service.*.requests_total")
        );
        c.validate().expect("valid");
    }

    #[test]
    fn critical_services_become_a_regex_matcher_and_a_figure_set() {
        let c = error_rate(&["checkout".into(), "ledger.v2".into()]);
        assert_eq!(
            c.query.as_deref(),
            Some(
                "sum(increase(http_requests_total{code=~\"5..\",service=~\"checkout|ledger\\\\.v2\"}[$__range])) or vector(0)"
            )
        );
        assert_eq!(
            c.denominator.as_deref(),
            Some(
                "sum(increase(http_requests_total{service=~\"checkout|ledger\\\\.v2\"}[$__range]))"
            )
        );
        assert_eq!(
            c.figure.as_deref(),
            Some("service.checkout|ledger.v2.errors_total")
        );
        assert_eq!(regex_quoted("a\"b"), "a\\\"b");
    }
}
