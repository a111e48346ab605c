//! The fleet commands runbooks send, applied to the model: each checked against the group's
//! state inside the model's lock, so nothing moves between the check and the change.

use chrono::{DateTime, Duration, Utc};

use super::group::Group;
use super::{SimError, Simulator};
use crate::domain::runbook::FleetCommand;
use crate::domain::runbook::fleet::GroupSize;

/// Runbooks and operators change groups by hand: no policy, no breach behind it.
const MANUAL: (crate::domain::Cause, Option<DateTime<Utc>>) = (crate::domain::Cause::Manual, None);

impl Simulator {
    fn group_mut(&mut self, name: &str) -> Result<&mut Group, SimError> {
        self.groups
            .iter_mut()
            .find(|g| g.name == name)
            .ok_or_else(|| SimError::UnknownGroup(name.into()))
    }

    pub fn apply(&mut self, command: FleetCommand) -> Result<String, SimError> {
        let now = self.now;
        match command.clone() {
            FleetCommand::UpdateGroupLimits {
                group, min, max, ..
            } => {
                let target = self.group_mut(&group)?;
                command.check(size(target)).map_err(SimError::Refused)?;
                let (from_min, from_max) = (target.min, target.max);
                target.min = min;
                target.max = max;
                let desired = target.desired.clamp(min, max);
                if desired != target.desired {
                    target.scale_to(desired, now, MANUAL, "limits changed".into());
                }
                Ok(format!(
                    "{group} limits {from_min}-{from_max} → {min}-{max} (desired {desired})"
                ))
            }
            FleetCommand::SuspendProcesses { group, processes } => {
                let target = self.group_mut(&group)?;
                target.suspended.extend(processes);
                Ok(format!("{group} suspended: {}", joined(&target.suspended)))
            }
            FleetCommand::ResumeProcesses { group, processes } => {
                let target = self.group_mut(&group)?;
                for p in &processes {
                    target.suspended.remove(p);
                }
                Ok(format!("{group} suspended: {}", joined(&target.suspended)))
            }
            FleetCommand::SetDesiredCapacity { group, desired, .. } => {
                let target = self.group_mut(&group)?;
                // Checked inside the model's lock, so nothing can move between check and change.
                command.check(size(target)).map_err(SimError::Refused)?;
                let from = target.desired;
                target.scale_to(desired, now, MANUAL, "manual: set desired capacity".into());
                Ok(format!(
                    "{group} desired {from} → {desired} (min {}, max {})",
                    target.min, target.max
                ))
            }
            FleetCommand::FailoverReplica { replica } => {
                self.data_tier.failover(&replica, self.now)
            }
            FleetCommand::HoldScaling {
                group,
                min,
                lasting,
            } => {
                let until = now
                    + Duration::from_std(lasting).map_err(|e| SimError::Refused(e.to_string()))?;
                let target = self.group_mut(&group)?;
                command.check(size(target)).map_err(SimError::Refused)?;
                target.hold_at(min, until, now).map_err(SimError::Refused)
            }
            FleetCommand::ReleaseHold { group } => {
                let target = self.group_mut(&group)?;
                let raised = target
                    .release()
                    .ok_or_else(|| SimError::Refused(format!("{group} has no hold")))?;
                Ok(format!(
                    "{group} hold released: min {raised} → {}",
                    target.min
                ))
            }
            // The target answers reports from a snapshot (`Target::act`); none reaches here.
            FleetCommand::CostMovers { .. } => Err(SimError::Refused(format!(
                "{} changes nothing: the target answers it",
                command.call()
            ))),
            FleetCommand::RenewCertificate { certificate, .. } => {
                self.renew_certificate(&certificate)
            }
            FleetCommand::SetFindingWorkflow {
                finding,
                status,
                note,
            } => self.set_finding_workflow(&finding, status, note),
            FleetCommand::ReevaluateCheck { check } => self.reevaluate_check(&check),
        }
    }
}

fn size(group: &Group) -> GroupSize {
    GroupSize {
        desired: group.desired,
        min: group.min,
        max: group.max,
    }
}

fn joined(processes: &std::collections::BTreeSet<String>) -> String {
    if processes.is_empty() {
        "none".into()
    } else {
        processes.iter().cloned().collect::<Vec<_>>().join(", ")
    }
}
