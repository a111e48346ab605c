//! A rendered fleet command: what it touches, the check against the group as re-read right
//! before the change, and the one-line call the plan and the audit show.

use super::*;

impl FleetCommand {
    /// Whether it only reads: its lines are a finding the run's summary lists.
    pub fn read_only(&self) -> bool {
        matches!(self, Self::CostMovers { .. })
    }

    /// The auto scaling group it changes.
    pub fn group(&self) -> Option<&str> {
        match self {
            Self::SetDesiredCapacity { group, .. }
            | Self::UpdateGroupLimits { group, .. }
            | Self::SuspendProcesses { group, .. }
            | Self::ResumeProcesses { group, .. }
            | Self::HoldScaling { group, .. }
            | Self::ReleaseHold { group } => Some(group),
            Self::FailoverReplica { .. }
            | Self::CostMovers { .. }
            | Self::RenewCertificate { .. }
            | Self::SetFindingWorkflow { .. }
            | Self::ReevaluateCheck { .. } => None,
        }
    }

    /// Changes nothing when run: a hold of zero length (the operator asked for none).
    pub fn is_noop(&self) -> bool {
        matches!(self, Self::HoldScaling { lasting, .. } if lasting.is_zero())
    }

    /// Refuses a change the group no longer fits: it moved since the plan, or the new desired
    /// capacity is outside its limits (refused here even where an API would accept it).
    pub fn check(&self, size: GroupSize) -> Result<(), String> {
        if let Self::UpdateGroupLimits {
            group,
            expect_min,
            expect_max,
            ..
        } = self
        {
            let moved = |what: &str, now: u32, planned: Option<u32>| {
                planned
                    .filter(|p| *p != now)
                    .map(|p| format!("{what} is now {now}, not {p}"))
            };
            let moved: Vec<String> = [
                moved("min", size.min, *expect_min),
                moved("max", size.max, *expect_max),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !moved.is_empty() {
                return Err(format!(
                    "{group} {} as planned: its limits changed since; plan again",
                    moved.join(" and ")
                ));
            }
        }
        if let Self::HoldScaling { group, min, .. } = self
            && *min > size.max
        {
            return Err(format!(
                "cannot hold {group} at {min}: above its max {}",
                size.max
            ));
        }
        let Self::SetDesiredCapacity {
            group,
            desired,
            expect,
        } = self
        else {
            return Ok(());
        };
        if let Some(expected) = expect
            && size.desired != *expected
        {
            return Err(format!(
                "{group} desired is now {}, not {expected} as planned: the group changed since (someone or its policy scaled it); plan again",
                size.desired
            ));
        }
        if *desired < size.min || *desired > size.max {
            return Err(format!(
                "desired capacity {desired} is outside {group}'s limits {}-{}; the console refuses it",
                size.min, size.max
            ));
        }
        Ok(())
    }

    /// The group a hold's call (as [`Self::call`] writes it, and so the audit) holds.
    pub fn held_group(call: &str) -> Option<&str> {
        call.strip_prefix("hold-scaling group=")?.split(' ').next()
    }

    /// The call as the plan and the audit show it.
    pub fn call(&self) -> String {
        match self {
            Self::SetDesiredCapacity {
                group,
                desired,
                expect,
            } => {
                let expect = expect
                    .map(|e| format!(" if-desired-is={e}"))
                    .unwrap_or_default();
                format!("set-desired-capacity group={group} desired={desired}{expect}")
            }
            Self::UpdateGroupLimits {
                group,
                min,
                max,
                expect_min,
                expect_max,
            } => {
                let expect = |what, e: &Option<u32>| {
                    e.map(|e| format!(" if-{what}-is={e}")).unwrap_or_default()
                };
                format!(
                    "update-group-limits group={group} min={min} max={max}{}{}",
                    expect("min", expect_min),
                    expect("max", expect_max)
                )
            }
            Self::SuspendProcesses { group, processes } => {
                format!(
                    "suspend-processes group={group} processes={}",
                    processes.join(",")
                )
            }
            Self::ResumeProcesses { group, processes } => {
                format!(
                    "resume-processes group={group} processes={}",
                    processes.join(",")
                )
            }
            Self::FailoverReplica { replica } => format!("failover-replica promote={replica}"),
            Self::HoldScaling {
                group,
                min,
                lasting,
            } => format!(
                "hold-scaling group={group} min={min} for={}",
                humantime(*lasting)
            ),
            Self::ReleaseHold { group } => format!("release-hold group={group}"),
            Self::CostMovers { top } => format!(
                "cost-movers top={top} (read-only; {})",
                crate::domain::cost_movers::MOVERS_WINDOW
            ),
            Self::RenewCertificate {
                certificate,
                command,
            } => match command {
                Some(argv) => format!(
                    "renew-certificate certificate={certificate} argv {}",
                    serde_json::Value::from(argv.clone())
                ),
                None => format!("renew-certificate certificate={certificate}"),
            },
            Self::SetFindingWorkflow {
                finding,
                status,
                note,
            } => format!(
                "set-finding-workflow finding={finding} status={} note={note:?}",
                status.api_name()
            ),
            Self::ReevaluateCheck { check } => format!("reevaluate-check check={check}"),
        }
    }
}
