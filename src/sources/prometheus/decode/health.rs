//! Is Prometheus itself healthy? `/api/v1/rules` says which rules fail to evaluate, and
//! `/api/v1/targets` which scrapes fail. Only counts and the failures are kept: that is what
//! a status panel shows, and these responses can be large. Names are cleaned and errors quoted
//! (cleaned and cut), as every remote text.

use serde::Deserialize;

use super::unwrap_envelope;
use crate::domain::remote_text::{ERROR_QUOTE_CHARS, clean, quote};
use crate::sources::prometheus::FetchError;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RulesHealth {
    /// Recording and alerting rules, in all groups.
    pub rules: usize,
    /// `("group/rule", last error)` for each rule whose last evaluation failed.
    pub unhealthy: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TargetsHealth {
    pub up: usize,
    /// `("job/instance", last error)` for each target whose last scrape failed.
    pub down: Vec<(String, String)>,
    /// Targets not scraped yet.
    pub unknown: usize,
}

pub fn decode_rules(body: &[u8]) -> Result<RulesHealth, FetchError> {
    #[derive(Deserialize)]
    struct Data {
        groups: Vec<Group>,
    }
    #[derive(Deserialize)]
    struct Group {
        name: String,
        #[serde(default)]
        rules: Vec<Rule>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Rule {
        name: String,
        /// "ok", "err" or "unknown" (not evaluated yet).
        #[serde(default)]
        health: String,
        #[serde(default)]
        last_error: String,
    }
    let data: Data = unwrap_envelope(body)?;
    let mut report = RulesHealth::default();
    for group in data.groups {
        report.rules += group.rules.len();
        for rule in group.rules.into_iter().filter(|r| r.health == "err") {
            let name = clean(&format!("{}/{}", group.name, rule.name)).into_owned();
            report
                .unhealthy
                .push((name, quote(&rule.last_error, ERROR_QUOTE_CHARS)));
        }
    }
    Ok(report)
}

pub fn decode_targets(body: &[u8]) -> Result<TargetsHealth, FetchError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        active_targets: Vec<Target>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Target {
        labels: TargetLabels,
        #[serde(default)]
        scrape_pool: String,
        /// "up", "down" or "unknown" (not scraped yet).
        #[serde(default)]
        health: String,
        #[serde(default)]
        last_error: String,
    }
    #[derive(Deserialize)]
    struct TargetLabels {
        job: Option<String>,
        #[serde(default)]
        instance: String,
    }
    let data: Data = unwrap_envelope(body)?;
    let mut report = TargetsHealth::default();
    for target in data.active_targets {
        match target.health.as_str() {
            "up" => report.up += 1,
            "down" => {
                let job = target.labels.job.unwrap_or(target.scrape_pool);
                let name = clean(&format!("{job}/{}", target.labels.instance)).into_owned();
                report
                    .down
                    .push((name, quote(&target.last_error, ERROR_QUOTE_CHARS)));
            }
            _ => report.unknown += 1,
        }
    }
    Ok(report)
}
