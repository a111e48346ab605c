//! The platform under the services, as kube-state-metrics and OpenCost export it: the web group
//! is an HPA-scaled deployment, the worker group a fixed-size one, and every instance, database
//! and cache node carries its hourly price.

use super::{Family, Kind};
use crate::sources::simulator::Simulator;
use crate::sources::simulator::cost::{CACHE_MONTHLY, HOURS_PER_MONTH, RDS_MONTHLY};
use crate::sources::simulator::data_tier::CACHE_NODE_TYPE;
use crate::sources::simulator::group::{cpu_percent, memory_percent};

pub const NAMESPACE: &str = "prod";

impl Simulator {
    pub(super) fn autoscaling_families(&self) -> Vec<Family> {
        let gauge = |name, help| Family::new(name, Kind::Gauge, help);
        let mut families = Vec::new();
        let web = &self.groups[0];
        if let Some(policy) = &web.policy {
            let hpa = [
                ("namespace", NAMESPACE),
                ("horizontalpodautoscaler", &*web.name),
            ];
            let mut info = gauge(
                "kube_horizontalpodautoscaler_info",
                "Information about the HPA.",
            );
            let target = [
                ("scaletargetref_kind", "Deployment"),
                ("scaletargetref_name", &*web.name),
            ];
            info.push("", &[hpa[0], hpa[1], target[0], target[1]], 1.0);
            families.push(info);
            for (name, help, value) in [
                (
                    "kube_horizontalpodautoscaler_spec_min_replicas",
                    "Lower limit.",
                    web.min,
                ),
                (
                    "kube_horizontalpodautoscaler_spec_max_replicas",
                    "Upper limit.",
                    web.max,
                ),
                (
                    "kube_horizontalpodautoscaler_status_current_replicas",
                    "In service.",
                    web.in_service(),
                ),
                (
                    "kube_horizontalpodautoscaler_status_desired_replicas",
                    "Wanted.",
                    web.desired,
                ),
            ] {
                let mut family = gauge(name, help);
                family.push("", &hpa, f64::from(value));
                families.push(family);
            }
            let u = self.utilisations()[0];
            let mut spec = gauge(
                "kube_horizontalpodautoscaler_spec_target_metric",
                "Thresholds (percent).",
            );
            let mut status = gauge(
                "kube_horizontalpodautoscaler_status_target_metric",
                "Utilisation (percent).",
            );
            for (metric, threshold, current) in [
                ("cpu", policy.scale_out_cpu_percent, cpu_percent(u)),
                ("memory", policy.scale_out_memory_percent, memory_percent(u)),
            ] {
                let kind = [
                    ("metric_name", metric),
                    ("metric_target_type", "utilization"),
                ];
                let labels = [hpa[0], hpa[1], kind[0], kind[1]];
                spec.push("", &labels, threshold);
                status.push("", &labels, current);
            }
            families.extend([spec, status]);
        }
        let mut desired = gauge("kube_deployment_spec_replicas", "Desired replicas.");
        let mut available = gauge(
            "kube_deployment_status_replicas_available",
            "Replicas in service.",
        );
        for group in &self.groups {
            let labels = [("namespace", NAMESPACE), ("deployment", &*group.name)];
            desired.push("", &labels, f64::from(group.desired));
            available.push("", &labels, f64::from(group.in_service()));
        }
        families.extend([desired, available]);
        families
    }

    /// OpenCost style: each in-service instance, RDS node and the cache as a node with its hourly
    /// price. Networking and storage run on no node, so that line of the ledger is left out.
    pub(super) fn node_costs(&self) -> Family {
        let mut nodes = Family::new(
            "node_total_hourly_cost",
            Kind::Gauge,
            "Hourly price of each node (USD).",
        );
        let mut node = |name: &str, kind: &str, price| {
            nodes.push("", &[("node", name), ("instance_type", kind)], price)
        };
        for group in &self.groups {
            for i in 1..=group.in_service() {
                node(
                    &format!("{}-{i}", group.name),
                    &group.instance_type,
                    group.hourly_price,
                );
            }
        }
        let databases = self.data_tier.databases();
        #[allow(clippy::cast_precision_loss)]
        let per_database = RDS_MONTHLY.1 / HOURS_PER_MONTH / databases.len().max(1) as f64;
        for database in &databases {
            node(&database.name, &database.class, per_database);
        }
        node(
            &self.data_tier.cache().name,
            CACHE_NODE_TYPE,
            CACHE_MONTHLY.1 / HOURS_PER_MONTH,
        );
        nodes
    }
}

#[cfg(test)]
mod tests {
    use super::super::{quiet_fleet, value};
    use super::*;

    #[test]
    fn the_web_group_is_an_hpa_and_both_groups_are_deployments() {
        let (simulator, text) = quiet_fleet();
        let hpa = "namespace=\"prod\",horizontalpodautoscaler=\"web\"";
        let target = "scaletargetref_kind=\"Deployment\",scaletargetref_name=\"web\"";
        let info = value(
            &text,
            &format!("kube_horizontalpodautoscaler_info{{{hpa},{target}}}"),
        );
        assert!((info - 1.0).abs() < f64::EPSILON);
        let web = &simulator.groups[0];
        for (name, expected) in [
            ("spec_min_replicas", web.min),
            ("spec_max_replicas", web.max),
            ("status_current_replicas", web.in_service()),
            ("status_desired_replicas", web.desired),
        ] {
            let got = value(
                &text,
                &format!("kube_horizontalpodautoscaler_{name}{{{hpa}}}"),
            );
            assert!((got - f64::from(expected)).abs() < f64::EPSILON, "{name}");
        }
        for (metric, threshold) in [("cpu", 75.0), ("memory", 80.0)] {
            let labels =
                format!("{{{hpa},metric_name=\"{metric}\",metric_target_type=\"utilization\"}}");
            let family = "kube_horizontalpodautoscaler";
            let spec = value(&text, &format!("{family}_spec_target_metric{labels}"));
            assert!((spec - threshold).abs() < f64::EPSILON);
            let current = value(&text, &format!("{family}_status_target_metric{labels}"));
            assert!((1.0..100.0).contains(&current), "{metric} {current}");
        }
        for (group, deployment) in simulator.groups.iter().zip(["web", "worker"]) {
            let labels = format!("{{namespace=\"prod\",deployment=\"{deployment}\"}}");
            let desired = value(&text, &format!("kube_deployment_spec_replicas{labels}"));
            let available = value(
                &text,
                &format!("kube_deployment_status_replicas_available{labels}"),
            );
            assert!((desired - f64::from(group.desired)).abs() < f64::EPSILON);
            assert!((available - f64::from(group.in_service())).abs() < f64::EPSILON);
        }
    }

    #[test]
    fn nodes_are_priced_like_the_ledger() {
        let (simulator, text) = quiet_fleet();
        let cost = |node: &str, kind: &str| {
            let labels = format!("{{node=\"{node}\",instance_type=\"{kind}\"}}");
            value(&text, &format!("node_total_hourly_cost{labels}"))
        };
        let web = &simulator.groups[0];
        assert!((cost(&format!("web-{}", web.in_service()), "t3.large") - 0.1664).abs() < 1e-12);
        let beyond = format!("node=\"web-{}\"", web.in_service() + 1);
        assert!(!text.contains(&beyond), "one node per in-service instance");
        assert!((cost("worker-14", "c5.2xlarge") - 0.34).abs() < 1e-12);
        let rds: f64 = ["db-primary", "db-replica-1", "db-replica-2"]
            .iter()
            .map(|node| cost(node, "db.r5.large"))
            .sum();
        assert!((rds * HOURS_PER_MONTH - RDS_MONTHLY.1).abs() < 1e-9);
        let cache = cost("cache", CACHE_NODE_TYPE) * HOURS_PER_MONTH;
        assert!((cache - CACHE_MONTHLY.1).abs() < 1e-9);
    }
}
