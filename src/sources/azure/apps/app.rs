//! Container Apps - List By Subscription / List By Resource Group / Get (`Microsoft.App`
//! 2025-01-01): one container app as the console needs it — where it is, its replica limits,
//! its scale rules and its latest revision.

use serde_json::Value;

use super::text;
use crate::domain::{Policy, ScaleRule};

/// A rule's metadata shown up to this many characters (a KEDA scaler's can be long).
const MAX_THRESHOLD_CHARS: usize = 120;

/// The platform's limits when `template.scale` leaves them out (Microsoft's scale reference).
const DEFAULT_MIN: u32 = 0;
const DEFAULT_MAX: u32 = 10;
/// HTTP and TCP rules' concurrency when their metadata leaves it out.
const DEFAULT_CONCURRENCY: &str = "10";

/// Where an app lives: its ARM path (`/subscriptions/…/containerApps/{name}`) is built from
/// these, each checked against ARM's name pattern, rather than taken from the answer as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppId {
    pub subscription: String,
    pub resource_group: String,
    pub name: String,
}

impl AppId {
    /// `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.App/containerApps/{name}`,
    /// segments matched case-insensitively as ARM does.
    pub fn parse(id: &str) -> Result<Self, String> {
        let parts: Vec<&str> = id.split('/').collect();
        let fixed =
            |i: usize, want: &str| parts.get(i).is_some_and(|p| p.eq_ignore_ascii_case(want));
        let segment = |i: usize| {
            parts
                .get(i)
                .copied()
                .filter(|p| valid(p))
                .map(str::to_string)
        };
        let shape = parts.len() == 9
            && parts[0].is_empty()
            && fixed(1, "subscriptions")
            && fixed(3, "resourceGroups")
            && fixed(5, "providers")
            && fixed(6, "Microsoft.App")
            && fixed(7, "containerApps");
        match (shape, segment(2), segment(4), segment(8)) {
            (true, Some(subscription), Some(resource_group), Some(name)) => Ok(Self {
                subscription,
                resource_group,
                name,
            }),
            _ => Err(format!("not a container app id: {:?}", text(id))),
        }
    }

    pub fn path(&self) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.App/containerApps/{}",
            self.subscription, self.resource_group, self.name
        )
    }
}

/// ARM's pattern for these names: `^[-\w\._\(\)]+$`, and not `.` or `..`, which a URL
/// would resolve.
pub(super) fn valid(segment: &str) -> bool {
    !segment.chars().all(|c| c == '.')
        && segment
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '(' | ')'))
}

#[derive(Debug, Clone, PartialEq)]
pub struct App {
    pub id: AppId,
    pub tags: Vec<(String, String)>,
    pub min: u32,
    pub max: u32,
    pub policy: Policy,
    /// `latestRevisionName`: the revision the template made last (ready or not).
    pub latest_revision: Option<String>,
    /// CPU and memory of one replica, summed over its containers: "0.5 vCPU, 1Gi".
    pub sizing: String,
}

pub fn decode(app: &Value) -> Result<App, String> {
    let id = AppId::parse(app.get("id").and_then(Value::as_str).unwrap_or_default())?;
    let properties = &app["properties"];
    let scale = &properties["template"]["scale"];
    let count = |key: &str, default: u32| {
        scale
            .get(key)
            .and_then(Value::as_u64)
            .map_or(default, |n| u32::try_from(n).unwrap_or(u32::MAX))
    };
    let (min, max) = (
        count("minReplicas", DEFAULT_MIN),
        count("maxReplicas", DEFAULT_MAX),
    );
    let ingress = properties["configuration"]["ingress"].is_object();
    let tags = app
        .get("tags")
        .and_then(Value::as_object)
        .map(|tags| {
            tags.iter()
                .map(|(k, v)| (text(k), text(v.as_str().unwrap_or_default())))
                .collect()
        })
        .unwrap_or_default();
    Ok(App {
        policy: policy(scale, ingress, min, max),
        latest_revision: properties
            .get("latestRevisionName")
            .and_then(Value::as_str)
            .filter(|r| !r.is_empty())
            .map(text),
        sizing: sizing(&properties["template"]["containers"]),
        tags,
        min,
        max,
        id,
    })
}

/// The scale rules; without any, an app with ingress scales on the platform's default HTTP
/// rule, one without stays at its minimum (fixed when min equals max).
pub fn policy(scale: &Value, ingress: bool, min: u32, max: u32) -> Policy {
    let rules: Vec<ScaleRule> = scale
        .get("rules")
        .and_then(Value::as_array)
        .map(|rules| rules.iter().map(rule).collect())
        .unwrap_or_default();
    if !rules.is_empty() {
        return Policy::Rules { rules };
    }
    if ingress && min < max {
        return Policy::Rules {
            rules: vec![ScaleRule {
                name: "(default)".into(),
                scaler: "http".into(),
                threshold: format!("{DEFAULT_CONCURRENCY} concurrent requests (platform default)"),
            }],
        };
    }
    if min == max {
        Policy::Fixed
    } else {
        Policy::Manual
    }
}

/// One rule: its scaler (`http`, `tcp`, `azure-queue`, a custom KEDA type) and threshold.
fn rule(rule: &Value) -> ScaleRule {
    let name = text(
        rule.get("name")
            .and_then(Value::as_str)
            .unwrap_or("unnamed"),
    );
    let metadata = |scaler: &Value, key: &str| {
        scaler["metadata"]
            .get(key)
            .and_then(Value::as_str)
            .map(text)
    };
    let (scaler, threshold) = if let Some(http) = rule.get("http") {
        let n = metadata(http, "concurrentRequests").unwrap_or_else(|| DEFAULT_CONCURRENCY.into());
        ("http".to_string(), format!("{n} concurrent requests"))
    } else if let Some(tcp) = rule.get("tcp") {
        let n =
            metadata(tcp, "concurrentConnections").unwrap_or_else(|| DEFAULT_CONCURRENCY.into());
        ("tcp".to_string(), format!("{n} concurrent connections"))
    } else if let Some(queue) = rule.get("azureQueue") {
        let length = queue
            .get("queueLength")
            .and_then(Value::as_u64)
            .map_or_else(|| "?".to_string(), |n| n.to_string());
        let name = text(
            queue
                .get("queueName")
                .and_then(Value::as_str)
                .unwrap_or("?"),
        );
        (
            "azure-queue".to_string(),
            format!("queue length {length} ({name})"),
        )
    } else if let Some(custom) = rule.get("custom") {
        let kind = text(
            custom
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("custom"),
        );
        (kind, pairs(&custom["metadata"]))
    } else {
        (
            "unknown".to_string(),
            "no scaler the console knows".to_string(),
        )
    };
    ScaleRule {
        name,
        scaler,
        threshold,
    }
}

/// A custom scaler's metadata as `key=value, …` sorted by key (secrets live in `auth`, which
/// is never read).
fn pairs(metadata: &Value) -> String {
    let Some(map) = metadata.as_object() else {
        return "no metadata".into();
    };
    let mut pairs: Vec<String> = map
        .iter()
        .map(|(k, v)| format!("{}={}", text(k), text(v.as_str().unwrap_or_default())))
        .collect();
    pairs.sort();
    let joined = pairs.join(", ");
    if joined.chars().count() <= MAX_THRESHOLD_CHARS {
        return joined;
    }
    let cut: String = joined.chars().take(MAX_THRESHOLD_CHARS - 3).collect();
    format!("{cut}...")
}

/// CPU cores and memory of one replica, over its containers.
fn sizing(containers: &Value) -> String {
    let containers = containers.as_array().map_or(&[][..], Vec::as_slice);
    let cpu: f64 = containers
        .iter()
        .filter_map(|c| c["resources"]["cpu"].as_f64())
        .sum();
    let memory: Vec<String> = containers
        .iter()
        .filter_map(|c| c["resources"]["memory"].as_str().map(text))
        .collect();
    match (cpu > 0.0, memory.is_empty()) {
        (false, true) => "unknown".into(),
        (true, true) => format!("{cpu} vCPU"),
        (false, false) => memory.join("+"),
        (true, false) => format!("{cpu} vCPU, {}", memory.join("+")),
    }
}
