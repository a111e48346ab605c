//! CloudWatch GetMetricData: CPU, memory and instances in service per group, in one call.

use std::collections::HashMap;

use aws_sdk_cloudwatch::primitives::DateTime as AwsTime;
use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat};
use chrono::{DateTime, Duration, Utc};

use super::super::error::describe;
use super::super::settings::MetricName;
use super::samples::from_aws;
use crate::domain::Series;
use crate::sources::observed_scaling::series;

/// Seconds per datapoint.
const PERIOD: i32 = 60;
/// How far back the call reads: the instances trend, and a newest datapoint despite the few
/// minutes CloudWatch lags.
const WINDOW_HOURS: i64 = 3;
/// GetMetricData takes 500 queries; three per group.
pub const MAX_GROUPS: usize = 166;
/// Pages read per poll, at most (3 h of minutes for 166 groups fits in one).
const MAX_PAGES: usize = 5;

type Point = (DateTime<Utc>, f64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Cpu,
    Memory,
    Instances,
}

impl Kind {
    const ALL: [Self; 3] = [Self::Cpu, Self::Memory, Self::Instances];

    /// Query ids must start with a lower-case letter.
    fn prefix(self) -> &'static str {
        match self {
            Self::Cpu => "cpu",
            Self::Memory => "mem",
            Self::Instances => "ins",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupMetrics {
    /// Newest datapoints; `None` when CloudWatch has none in the window.
    pub cpu_percent: Option<f64>,
    pub memory_percent: Option<f64>,
    /// `AWS/AutoScaling GroupInServiceInstances`, present only when group metrics are enabled.
    pub instances: Option<Series>,
    /// The window's CPU and memory, for a group's detail view.
    pub cpu_history: Option<Series>,
    pub memory_history: Option<Series>,
}

fn query(kind: Kind, index: usize, group: &str, memory: &MetricName) -> MetricDataQuery {
    let (namespace, name) = match kind {
        Kind::Cpu => ("AWS/EC2", "CPUUtilization"),
        Kind::Memory => (memory.namespace.as_str(), memory.name.as_str()),
        Kind::Instances => ("AWS/AutoScaling", "GroupInServiceInstances"),
    };
    let metric = Metric::builder()
        .namespace(namespace)
        .metric_name(name)
        .dimensions(
            Dimension::builder()
                .name("AutoScalingGroupName")
                .value(group)
                .build(),
        )
        .build();
    MetricDataQuery::builder()
        .id(format!("{}{index}", kind.prefix()))
        .metric_stat(
            MetricStat::builder()
                .metric(metric)
                .period(PERIOD)
                .stat("Average")
                .build(),
        )
        .return_data(true)
        .build()
}

/// Splits a query id back into its kind and group index.
fn parse_id(id: &str) -> Option<(Kind, usize)> {
    Kind::ALL.into_iter().find_map(|kind| {
        let index = id.strip_prefix(kind.prefix())?.parse().ok()?;
        Some((kind, index))
    })
}

/// The metrics of `groups` (the first [`MAX_GROUPS`] of them), by group name.
pub async fn read(
    client: &aws_sdk_cloudwatch::Client,
    groups: &[String],
    memory: &MetricName,
    now: DateTime<Utc>,
) -> Result<HashMap<String, GroupMetrics>, String> {
    if groups.len() > MAX_GROUPS {
        tracing::warn!(
            groups = groups.len(),
            read = MAX_GROUPS,
            "CloudWatch metrics for the first groups only"
        );
    }
    let groups = &groups[..groups.len().min(MAX_GROUPS)];
    if groups.is_empty() {
        return Ok(HashMap::new());
    }
    let queries: Vec<_> = groups
        .iter()
        .enumerate()
        .flat_map(|(index, group)| Kind::ALL.map(|kind| query(kind, index, group, memory)))
        .collect();
    let mut points: HashMap<(Kind, usize), Vec<Point>> = HashMap::new();
    let mut token: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let answer = client
            .get_metric_data()
            .set_metric_data_queries(Some(queries.clone()))
            .start_time(AwsTime::from_secs(
                (now - Duration::hours(WINDOW_HOURS)).timestamp(),
            ))
            .end_time(AwsTime::from_secs(now.timestamp()))
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| describe("cloudwatch:GetMetricData", &e))?;
        for result in answer.metric_data_results() {
            let Some(key) = result.id().and_then(parse_id) else {
                continue;
            };
            let found = result.timestamps().iter().zip(result.values());
            points
                .entry(key)
                .or_default()
                .extend(found.filter_map(|(at, v)| Some((from_aws(at)?, *v))));
        }
        match answer.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => break,
        }
    }
    let newest = |kind, index| {
        let found: &Vec<Point> = points.get(&(kind, index))?;
        found
            .iter()
            .filter(|(_, v)| v.is_finite())
            .max_by_key(|(at, _)| *at)
            .map(|(_, v)| *v)
    };
    Ok(groups
        .iter()
        .enumerate()
        .map(|(index, group)| {
            let history = |kind| {
                points
                    .get(&(kind, index))
                    .and_then(|p| series(p.iter().copied(), Duration::seconds(i64::from(PERIOD))))
            };
            let metrics = GroupMetrics {
                cpu_percent: newest(Kind::Cpu, index),
                memory_percent: newest(Kind::Memory, index),
                instances: history(Kind::Instances),
                cpu_history: history(Kind::Cpu),
                memory_history: history(Kind::Memory),
            };
            (group.clone(), metrics)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_ids_name_their_metric_and_group() {
        let memory = MetricName {
            namespace: "CWAgent".into(),
            name: "mem_used_percent".into(),
        };
        for (index, kind) in Kind::ALL.into_iter().enumerate() {
            let q = query(kind, index * 7, "web", &memory);
            assert_eq!(
                parse_id(q.id().unwrap_or_default()),
                Some((kind, index * 7))
            );
        }
        assert_eq!(parse_id("x1"), None);
        let memory_query = query(Kind::Memory, 0, "web", &memory);
        let metric = memory_query.metric_stat().and_then(MetricStat::metric);
        assert_eq!(
            metric.and_then(Metric::metric_name),
            Some("mem_used_percent")
        );
    }
}
