//! What `[environments.NAME.aws]` says: where the AWS APIs are and what to read from them.
//! Plain data, compiled with or without the `aws` feature, so a config that asks for AWS in a
//! build without it is refused with a clear message rather than a parse error.

use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub struct AwsSettings {
    /// A profile of `~/.aws/config`; `None` follows the standard chain (AWS_PROFILE, env, SSO).
    pub profile: Option<String>,
    /// `None` takes the region from the standard chain.
    pub region: Option<String>,
    /// One endpoint for every service (an emulator, a VPC endpoint); `None` for AWS itself.
    pub endpoint_url: Option<String>,
    /// Which auto scaling groups the Scaling tab shows.
    pub groups: GroupFilter,
    /// How often groups, their metrics and Security Hub are read.
    pub interval: Duration,
    /// Security Hub changes slowly (its checks run every 12–24 h): read it this often.
    pub security_interval: Duration,
    /// Cost Explorer bills each request: its answers are kept this long unless refreshed.
    pub cost_ttl: Duration,
    /// Per-call limit, retries included.
    pub timeout: Duration,
    pub monthly_budget: f64,
    pub monthly_baseline: f64,
    pub cost: bool,
    pub security: bool,
    /// Memory is not an EC2 metric: the CloudWatch agent publishes it (per group when its
    /// `append_dimensions` has `AutoScalingGroupName`).
    pub memory_metric: MetricName,
    /// Where observed scaling transitions are recorded, for time to scale.
    pub state_dir: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricName {
    pub namespace: String,
    pub name: String,
}

/// Groups named here, or carrying every one of these tags; all groups when both are empty.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupFilter {
    pub names: Vec<String>,
    pub tags: Vec<(String, String)>,
}

impl GroupFilter {
    pub fn keeps(&self, name: &str, tags: &[(String, String)]) -> bool {
        let named = self.names.is_empty() || self.names.iter().any(|n| n == name);
        let tagged = self.tags.iter().all(|want| tags.contains(want));
        named && tagged
    }
}

impl AwsSettings {
    /// The defaults for an environment whose block gives only where to connect.
    pub fn new(state_dir: PathBuf) -> Self {
        Self {
            profile: None,
            region: None,
            endpoint_url: None,
            groups: GroupFilter::default(),
            interval: Duration::from_secs(30),
            security_interval: Duration::from_secs(300),
            cost_ttl: Duration::from_secs(3600),
            timeout: Duration::from_secs(10),
            monthly_budget: 6_600.0,
            monthly_baseline: crate::domain::cost::DEFAULT_BASELINE,
            cost: true,
            security: true,
            memory_metric: MetricName {
                namespace: "CWAgent".into(),
                name: "mem_used_percent".into(),
            },
            state_dir,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_keeps_named_groups_carrying_every_tag() {
        let tags = vec![("team".to_string(), "web".to_string())];
        assert!(GroupFilter::default().keeps("any", &[]));
        let named = GroupFilter {
            names: vec!["web".into()],
            tags: Vec::new(),
        };
        assert!(named.keeps("web", &[]) && !named.keeps("worker", &[]));
        let tagged = GroupFilter {
            names: Vec::new(),
            tags: tags.clone(),
        };
        assert!(tagged.keeps("web", &tags) && !tagged.keeps("web", &[]));
    }
}
