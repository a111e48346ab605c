//! One picture from several sources: a Prometheus (or the simulator) gives the base, and the
//! cloud parts (AWS, Azure) lay their sections over it. Cost Explorer's bill replaces an estimate; groups and
//! findings from AWS join what Prometheus knows (data tier, vulnerabilities, certificates).

use super::{FleetSnapshot, ScalingView, SecurityView, SourceId, Topic};

/// Events kept after merging, as a source keeps them.
const EVENTS_KEPT: usize = 50;

impl SourceId {
    /// The header's label for this source and its siblings (the AWS parts are one account).
    pub fn family(self) -> &'static str {
        match self {
            Self::AwsScaling | Self::AwsCost | Self::AwsSecurity => "aws",
            Self::AzureApps | Self::AzureCost | Self::AzureDefender => "azure",
            other => other.label(),
        }
    }

    /// The tabs this source's data appears on: staleness there is this source's.
    pub fn covers(self, topic: Topic) -> bool {
        match self {
            Self::Simulator | Self::Prometheus => true,
            Self::AwsScaling | Self::AzureApps => topic == Topic::Scaling,
            Self::AwsCost | Self::AzureCost => topic == Topic::Cost,
            Self::AwsSecurity | Self::AzureDefender => topic == Topic::Security,
        }
    }
}

impl FleetSnapshot {
    /// Lays `over`'s sections on this one.
    pub fn overlay(&mut self, over: &Self) {
        self.taken_at = self.taken_at.max(over.taken_at);
        self.scaling = match (self.scaling.take(), &over.scaling) {
            (Some(base), Some(over)) => Some(scaling(base, over)),
            (base, over) => over.clone().or(base),
        };
        if over.cost.is_some() {
            self.cost.clone_from(&over.cost);
        }
        self.security = match (self.security.take(), &over.security) {
            (Some(base), Some(over)) => Some(security(base, over)),
            (base, over) => over.clone().or(base),
        };
        if self.latency.is_none() {
            self.latency.clone_from(&over.latency);
        }
        if self.readiness.is_none() {
            self.readiness.clone_from(&over.readiness);
        }
        self.alerts.extend(over.alerts.iter().cloned());
        self.panels.extend(over.panels.iter().cloned());
        if self.monitoring.is_none() {
            self.monitoring.clone_from(&over.monitoring);
        }
        // The source that knows most about the subject (the cloud, laid over) answers for it.
        if over.detail.is_some() {
            self.detail.clone_from(&over.detail);
        }
    }
}

/// The cloud's groups first (a group both know of is the cloud's), events newest first, the
/// data tier from the base.
fn scaling(mut base: ScalingView, over: &ScalingView) -> ScalingView {
    base.groups
        .retain(|g| !over.groups.iter().any(|o| o.name == g.name));
    let mut groups = over.groups.clone();
    groups.append(&mut base.groups);
    let mut events = over.events.clone();
    events.append(&mut base.events);
    events.sort_by_key(|e| std::cmp::Reverse(e.at));
    events.truncate(EVENTS_KEPT);
    ScalingView {
        groups,
        events,
        databases: base.databases,
        cache: base.cache,
        // The cloud's timings when it knows of events (they cover more than the list keeps).
        timings: if over.events.is_empty() {
            base.timings
        } else {
            over.timings.clone()
        },
    }
}

/// Security Hub's score and findings; vulnerability counts and certificates from the base
/// unless the cloud has them.
fn security(base: SecurityView, over: &SecurityView) -> SecurityView {
    let over = over.clone();
    let (score_percent, score_basis) = if over.score_percent.is_some() {
        (over.score_percent, over.score_basis)
    } else {
        (base.score_percent, base.score_basis)
    };
    SecurityView {
        vulnerabilities: over.vulnerabilities.or(base.vulnerabilities),
        trend: if over.trend.is_empty() {
            base.trend
        } else {
            over.trend
        },
        score_percent,
        score_basis,
        score_target_percent: over.score_target_percent,
        findings: over.findings.or(base.findings),
        certificates_omitted: if over.certificates.is_empty() {
            base.certificates_omitted
        } else {
            over.certificates_omitted
        },
        certificates: if over.certificates.is_empty() {
            base.certificates
        } else {
            over.certificates
        },
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration, Utc};

    use super::*;
    use crate::domain::{
        CostView, Policy, ScalingEvent, ScalingGroup, Series, Trend, VulnerabilityCounts,
    };

    fn group(name: &str, desired: u32) -> ScalingGroup {
        ScalingGroup {
            name: name.into(),
            instance_type: "t3.large".into(),
            in_service: desired,
            desired,
            min: 1,
            max: 12,
            cpu_percent: None,
            memory_percent: None,
            cpu_max_1h: None,
            policy: Policy::Fixed,
            instances: Trend {
                fine: Series::empty(Duration::minutes(1)),
                coarse: Series::empty(Duration::hours(1)),
            },
            pending: None,
            unhealthy: None,
            suspended: Vec::new(),
            hold: crate::domain::scaling::Hold::Unknown,
        }
    }

    fn event(group: &str, minute: i64) -> ScalingEvent {
        ScalingEvent {
            group: group.into(),
            at: DateTime::<Utc>::UNIX_EPOCH + Duration::minutes(minute),
            from: 5,
            to: 6,
            reason: String::new(),
            cause: crate::domain::Cause::Manual,
            trigger: None,
            done: None,
        }
    }

    fn scaling(groups: Vec<ScalingGroup>, events: Vec<ScalingEvent>) -> ScalingView {
        ScalingView {
            groups,
            events,
            databases: Vec::new(),
            cache: None,
            timings: crate::domain::ScalingTimings::default(),
        }
    }

    fn security(score: Option<f64>, vulnerabilities: Option<u32>) -> SecurityView {
        SecurityView {
            vulnerabilities: vulnerabilities.map(|critical| VulnerabilityCounts {
                critical,
                ..VulnerabilityCounts::default()
            }),
            trend: Vec::new(),
            score_percent: score,
            score_basis: score.map(|_| "computed".to_string()),
            score_target_percent: 85.0,
            findings: None,
            certificates: Vec::new(),
            certificates_omitted: 0,
        }
    }

    fn cost(month_to_date: f64) -> CostView {
        CostView {
            currency: "USD".into(),
            monthly_budget: 6600.0,
            monthly_baseline: 6600.0,
            month_to_date,
            ..CostView::default()
        }
    }

    #[test]
    fn cloud_groups_come_first_and_replace_the_bases_of_the_same_name() {
        let mut base = FleetSnapshot::empty(DateTime::<Utc>::UNIX_EPOCH);
        base.scaling = Some(scaling(
            vec![group("web", 5), group("api", 3)],
            vec![event("api", 1), event("api", 9)],
        ));
        let mut over = FleetSnapshot::empty(DateTime::<Utc>::UNIX_EPOCH);
        over.scaling = Some(scaling(vec![group("web", 7)], vec![event("web", 5)]));
        base.overlay(&over);
        let merged = base.scaling.expect("scaling");
        let names: Vec<(&str, u32)> = merged
            .groups
            .iter()
            .map(|g| (g.name.as_str(), g.desired))
            .collect();
        assert_eq!(names, [("web", 7), ("api", 3)]);
        let minutes: Vec<i64> = merged
            .events
            .iter()
            .map(|e| e.at.timestamp() / 60)
            .collect();
        assert_eq!(minutes, [9, 5, 1]);
    }

    #[test]
    fn the_bill_replaces_the_estimate_and_the_hub_score_keeps_the_bases_vulnerabilities() {
        let mut base = FleetSnapshot::empty(DateTime::<Utc>::UNIX_EPOCH);
        base.cost = Some(cost(100.0));
        base.security = Some(security(Some(70.0), Some(2)));
        let mut over = FleetSnapshot::empty(DateTime::<Utc>::UNIX_EPOCH);
        over.cost = Some(cost(250.0));
        over.security = Some(security(Some(91.0), None));
        base.overlay(&over);
        assert_eq!(base.cost.map(|c| c.month_to_date), Some(250.0));
        let security = base.security.expect("security");
        assert_eq!(security.score_percent, Some(91.0));
        assert_eq!(security.vulnerabilities.map(|v| v.critical), Some(2));
    }

    #[test]
    fn a_part_only_one_source_has_is_kept_and_a_missing_score_does_not_erase_one() {
        let mut base = FleetSnapshot::empty(DateTime::<Utc>::UNIX_EPOCH);
        base.security = Some(security(Some(70.0), Some(1)));
        let mut over = FleetSnapshot::empty(DateTime::<Utc>::UNIX_EPOCH + Duration::hours(1));
        over.security = Some(security(None, None));
        over.scaling = Some(scaling(vec![group("web", 5)], Vec::new()));
        base.overlay(&over);
        assert_eq!(base.security.and_then(|s| s.score_percent), Some(70.0));
        assert_eq!(base.scaling.map(|s| s.groups.len()), Some(1));
        assert_eq!(base.taken_at, over.taken_at);
    }

    #[test]
    fn aws_parts_cover_only_their_own_tab() {
        assert!(SourceId::AwsCost.covers(Topic::Cost));
        assert!(!SourceId::AwsCost.covers(Topic::Scaling));
        assert!(SourceId::Prometheus.covers(Topic::Security));
    }
}
