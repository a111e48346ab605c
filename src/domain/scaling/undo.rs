//! Whether a group's own autoscaling policy is likely to undo a manual change of its desired
//! capacity: CPU spread over the new count of instances, read against the policy's thresholds.

use super::{Policy, ScalingGroup};
use crate::domain::duration::humantime;

/// How far under its target a target-tracking policy lets CPU fall before it scales in (AWS
/// scales in more cautiously than out; 10 % under the target is a fair "likely").
const TRACKING_SCALE_IN_MARGIN: f64 = 0.9;

impl ScalingGroup {
    /// CPU after `desired` instances share today's load: `cpu × desired now / desired`.
    pub fn cpu_after(&self, desired: u32) -> Option<f64> {
        let cpu = self.cpu_percent?;
        (desired > 0).then(|| cpu * f64::from(self.desired) / f64::from(desired))
    }

    /// A warning for the plan when the policy would likely move the group back after it is set
    /// to `desired`; `None` when it would not, or when CPU or the thresholds are unknown.
    pub fn policy_undo(&self, desired: u32) -> Option<String> {
        if desired == self.desired {
            return None;
        }
        let cpu = self.cpu_percent?;
        let after = self.cpu_after(desired)?;
        let estimate = format!(
            "CPU after the change estimated at {cpu:.0}% x {now}/{desired} = {after:.0}% (today's load spread evenly)",
            now = self.desired
        );
        let (scale_in, scale_out, delay) = match &self.policy {
            Policy::Step(p) => (
                p.scale_in_cpu_percent,
                p.scale_out_cpu_percent,
                format!(
                    " after {} (then {} cooldown)",
                    humantime(p.scale_in_after.to_std().ok()?),
                    humantime(p.cooldown.to_std().ok()?)
                ),
            ),
            Policy::TargetTracking {
                cpu_percent: Some(target),
                ..
            } => (target * TRACKING_SCALE_IN_MARGIN, *target, String::new()),
            _ => return None,
        };
        if desired > self.desired && after < scale_in {
            Some(format!(
                "{}'s policy will likely undo this: {estimate}, below its scale-in threshold {scale_in:.0}%, so it scales in{delay}",
                self.name
            ))
        } else if desired < self.desired && after > scale_out {
            Some(format!(
                "{}'s policy will likely undo this: {estimate}, above its scale-out threshold {scale_out:.0}%, so it scales out again",
                self.name
            ))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::group;
    use super::*;
    use crate::sources::simulator::demo_policy;

    #[test]
    fn a_scale_out_at_low_cpu_is_undone_by_the_scale_in_rule() {
        // 14 instances at 40 %: on 16, 40 × 14 / 16 = 35 % < 50 %.
        let warning = group(demo_policy(), 14, 40.0)
            .policy_undo(16)
            .expect("warns");
        assert_eq!(
            warning,
            "worker's policy will likely undo this: CPU after the change estimated at 40% x 14/16 = 35% (today's load spread evenly), below its scale-in threshold 50%, so it scales in after 5m (then 3m cooldown)"
        );
        // At 70 %: 70 × 14 / 16 = 61.25 %, above the scale-in threshold.
        assert_eq!(group(demo_policy(), 14, 70.0).policy_undo(16), None);
    }

    #[test]
    fn a_scale_in_that_overloads_is_undone_by_the_scale_out_rule() {
        // 60 × 14 / 11 = 76.4 % > 75 %.
        let warning = group(demo_policy(), 14, 60.0)
            .policy_undo(11)
            .expect("warns");
        assert!(warning.contains("= 76% (today"), "{warning}");
        assert!(
            warning.contains("above its scale-out threshold 75%"),
            "{warning}"
        );
        assert_eq!(group(demo_policy(), 14, 55.0).policy_undo(12), None, "64 %");
    }

    #[test]
    fn no_policy_thresholds_or_no_cpu_no_warning() {
        assert_eq!(group(Policy::Manual, 14, 10.0).policy_undo(16), None);
        let mut unknown = group(demo_policy(), 14, 10.0);
        unknown.cpu_percent = None;
        assert_eq!(unknown.policy_undo(16), None, "unknown CPU is no verdict");
        let tracking = Policy::TargetTracking {
            cpu_percent: Some(60.0),
            memory_percent: None,
        };
        // 50 × 14 / 16 = 43.75 % < 54 % (90 % of the 60 % target).
        assert!(group(tracking, 14, 50.0).policy_undo(16).is_some());
    }
}
