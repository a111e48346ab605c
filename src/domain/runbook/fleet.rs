//! Typed changes to a fleet: the simulated one or an AWS account's auto scaling groups. A
//! runbook step names one with templates; the plan renders and checks them into a
//! [`FleetCommand`], which is what runs and what the audit shows.

use std::time::Duration;

use serde::Deserialize;

use super::Capability;
use crate::domain::WorkflowStatus;
use crate::domain::duration::{self, humantime};

/// The Auto Scaling processes a group can suspend (the API's names).
pub const PROCESSES: [&str; 9] = [
    "Launch",
    "Terminate",
    "HealthCheck",
    "ReplaceUnhealthy",
    "AZRebalance",
    "AlarmNotification",
    "ScheduledActions",
    "AddToLoadBalancer",
    "InstanceRefresh",
];

/// As written in the runbook (`action = { set-desired-capacity = { ... } }`): every field a
/// template.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub enum FleetAction {
    /// `expect` is the desired capacity the plan was made against; the change is refused when
    /// the group has moved since (there is no compare-and-set in the API).
    SetDesiredCapacity {
        group: String,
        desired: String,
        expect: Option<String>,
    },
    /// `expect-min` and `expect-max` are the limits the plan was made against; the change is
    /// refused when the group's have moved since.
    UpdateGroupLimits {
        group: String,
        min: String,
        max: String,
        #[serde(rename = "expect-min")]
        expect_min: Option<String>,
        #[serde(rename = "expect-max")]
        expect_max: Option<String>,
    },
    SuspendProcesses {
        group: String,
        processes: Vec<String>,
    },
    ResumeProcesses {
        group: String,
        processes: Vec<String>,
    },
    FailoverReplica {
        replica: String,
    },
    /// Keeps the policy from scaling the group in below `min` for `for` (a duration), then
    /// restores the minimum it had, by itself. A zero duration holds nothing: the step drops.
    HoldScaling {
        group: String,
        min: String,
        #[serde(rename = "for")]
        lasting: String,
    },
    /// Ends a hold now, restoring the minimum it raised.
    ReleaseHold {
        group: String,
    },
    /// Read-only: the `top` cost lines whose spend per day moved most (see
    /// `domain::cost::movers`), as the step's output and the run's summary.
    CostMovers {
        top: String,
    },
    /// Renews a certificate: the environment's `renew-certificate` command when it has one,
    /// else the simulated fleet's renewal.
    RenewCertificate {
        certificate: String,
    },
    /// Sets a finding's workflow status (Security Hub's names), with the operator's note.
    SetFindingWorkflow {
        finding: String,
        status: String,
        note: String,
    },
    /// Evaluates a readiness check now rather than at its next scheduled run.
    ReevaluateCheck {
        check: String,
    },
}

/// Rendered and checked: exactly what runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FleetCommand {
    SetDesiredCapacity {
        group: String,
        desired: u32,
        expect: Option<u32>,
    },
    UpdateGroupLimits {
        group: String,
        min: u32,
        max: u32,
        expect_min: Option<u32>,
        expect_max: Option<u32>,
    },
    SuspendProcesses {
        group: String,
        processes: Vec<String>,
    },
    ResumeProcesses {
        group: String,
        processes: Vec<String>,
    },
    FailoverReplica {
        replica: String,
    },
    HoldScaling {
        group: String,
        min: u32,
        lasting: Duration,
    },
    ReleaseHold {
        group: String,
    },
    CostMovers {
        top: u32,
    },
    /// `command`: the environment's renewal argv, rendered for this certificate when the plan
    /// is made (so the plan shows exactly what runs); `None` on the simulated fleet.
    RenewCertificate {
        certificate: String,
        command: Option<Vec<String>>,
    },
    SetFindingWorkflow {
        finding: String,
        status: WorkflowStatus,
        note: String,
    },
    ReevaluateCheck {
        check: String,
    },
}

impl FleetAction {
    /// Whether it only reads (the target answers it from a snapshot): it needs no fleet
    /// actions, changes nothing and takes no lock-worthy group.
    pub fn read_only(&self) -> bool {
        matches!(self, Self::CostMovers { .. })
    }

    /// Every template in it, for the catalog's checks of the names they use.
    pub fn templates(&self) -> Vec<&str> {
        match self {
            Self::SetDesiredCapacity {
                group,
                desired,
                expect,
            } => [group.as_str(), desired.as_str()]
                .into_iter()
                .chain(expect.as_deref())
                .collect(),
            Self::UpdateGroupLimits {
                group,
                min,
                max,
                expect_min,
                expect_max,
            } => [group.as_str(), min.as_str(), max.as_str()]
                .into_iter()
                .chain(expect_min.as_deref())
                .chain(expect_max.as_deref())
                .collect(),
            Self::SuspendProcesses { group, processes }
            | Self::ResumeProcesses { group, processes } => std::iter::once(group.as_str())
                .chain(processes.iter().map(String::as_str))
                .collect(),
            Self::FailoverReplica { replica } => vec![replica],
            Self::HoldScaling {
                group,
                min,
                lasting,
            } => vec![group, min, lasting],
            Self::ReleaseHold { group } => vec![group],
            Self::CostMovers { top } => vec![top],
            Self::RenewCertificate { certificate } => vec![certificate],
            Self::SetFindingWorkflow {
                finding,
                status,
                note,
            } => vec![finding, status, note],
            Self::ReevaluateCheck { check } => vec![check],
        }
    }

    /// What the environment must offer for it.
    pub fn needs(&self) -> Capability {
        match self {
            Self::RenewCertificate { .. } => Capability::CertificateRenewal,
            Self::SetFindingWorkflow { .. } => Capability::FindingWorkflow,
            Self::ReevaluateCheck { .. } => Capability::CheckEvaluation,
            _ => Capability::FleetActions,
        }
    }

    /// Renders each template with `render` and checks counts and process names.
    pub fn resolve(
        &self,
        render: impl Fn(&str) -> Result<String, String>,
    ) -> Result<FleetCommand, String> {
        let count = |template: &str, what: &str| -> Result<u32, String> {
            let text = render(template)?;
            text.trim()
                .parse()
                .map_err(|_| format!("{what} {text:?} is not a count"))
        };
        let processes = |list: &[String]| -> Result<Vec<String>, String> {
            if list.is_empty() {
                return Err("name at least one process".into());
            }
            list.iter()
                .map(|p| {
                    let name = render(p)?;
                    if PROCESSES.contains(&name.as_str()) {
                        Ok(name)
                    } else {
                        Err(format!(
                            "unknown process {name:?}; processes: {}",
                            PROCESSES.join(", ")
                        ))
                    }
                })
                .collect()
        };
        Ok(match self {
            Self::SetDesiredCapacity {
                group,
                desired,
                expect,
            } => FleetCommand::SetDesiredCapacity {
                group: render(group)?,
                desired: count(desired, "desired capacity")?,
                expect: expect
                    .as_deref()
                    .map(|e| count(e, "expected desired capacity"))
                    .transpose()?,
            },
            Self::UpdateGroupLimits {
                group,
                min,
                max,
                expect_min,
                expect_max,
            } => {
                let (min, max) = (count(min, "min")?, count(max, "max")?);
                if min > max {
                    return Err(format!("min {min} is above max {max}"));
                }
                let expected = |e: &Option<String>, what| e.as_deref().map(|e| count(e, what));
                FleetCommand::UpdateGroupLimits {
                    group: render(group)?,
                    min,
                    max,
                    expect_min: expected(expect_min, "expected min").transpose()?,
                    expect_max: expected(expect_max, "expected max").transpose()?,
                }
            }
            Self::SuspendProcesses {
                group,
                processes: list,
            } => FleetCommand::SuspendProcesses {
                group: render(group)?,
                processes: processes(list)?,
            },
            Self::ResumeProcesses {
                group,
                processes: list,
            } => FleetCommand::ResumeProcesses {
                group: render(group)?,
                processes: processes(list)?,
            },
            Self::FailoverReplica { replica } => FleetCommand::FailoverReplica {
                replica: render(replica)?,
            },
            Self::HoldScaling {
                group,
                min,
                lasting,
            } => FleetCommand::HoldScaling {
                group: render(group)?,
                min: count(min, "min")?,
                lasting: duration::parse(&render(lasting)?).map_err(|e| format!("for: {e}"))?,
            },
            Self::ReleaseHold { group } => FleetCommand::ReleaseHold {
                group: render(group)?,
            },
            Self::CostMovers { top } => FleetCommand::CostMovers {
                top: count(top, "top")?.max(1),
            },
            Self::RenewCertificate { certificate } => FleetCommand::RenewCertificate {
                certificate: render(certificate)?,
                command: None,
            },
            Self::SetFindingWorkflow {
                finding,
                status,
                note,
            } => {
                let status = render(status)?;
                let note = render(note)?;
                if note.trim().is_empty() {
                    return Err("a workflow change needs a note saying why".into());
                }
                FleetCommand::SetFindingWorkflow {
                    finding: render(finding)?,
                    status: WorkflowStatus::parse(&status)?,
                    note,
                }
            }
            Self::ReevaluateCheck { check } => FleetCommand::ReevaluateCheck {
                check: render(check)?,
            },
        })
    }
}

/// A group's size as re-read right before a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupSize {
    pub desired: u32,
    pub min: u32,
    pub max: u32,
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(t: &str) -> Result<String, String> {
        Ok(t.to_string())
    }

    #[test]
    fn counts_limits_and_process_names_are_checked_when_planned() {
        let limits = FleetAction::UpdateGroupLimits {
            group: "web".into(),
            min: "9".into(),
            max: "6".into(),
            expect_min: None,
            expect_max: None,
        };
        assert_eq!(limits.resolve(identity), Err("min 9 is above max 6".into()));
        let suspend = FleetAction::SuspendProcesses {
            group: "web".into(),
            processes: vec!["Launch".into(), "Lunch".into()],
        };
        let error = suspend.resolve(identity).expect_err("a typo is refused");
        assert!(error.starts_with("unknown process \"Lunch\""), "{error}");
        let desired = FleetAction::SetDesiredCapacity {
            group: "web".into(),
            desired: "7".into(),
            expect: Some("5".into()),
        };
        let command = desired.resolve(identity).expect("resolves");
        assert_eq!(
            command.call(),
            "set-desired-capacity group=web desired=7 if-desired-is=5"
        );
    }

    #[test]
    fn a_moved_group_or_a_desired_beyond_its_limits_is_refused() {
        let command = FleetCommand::SetDesiredCapacity {
            group: "web".into(),
            desired: 7,
            expect: Some(5),
        };
        let size = |desired, max| GroupSize {
            desired,
            min: 5,
            max,
        };
        assert_eq!(command.check(size(5, 12)), Ok(()));
        let moved = command.check(size(6, 12)).expect_err("moved");
        assert!(moved.contains("desired is now 6, not 5"), "{moved}");
        let beyond = command.check(size(5, 6)).expect_err("above max");
        assert!(beyond.contains("outside web's limits 5-6"), "{beyond}");
    }

    #[test]
    fn limits_that_moved_since_the_plan_are_refused() {
        let action = FleetAction::UpdateGroupLimits {
            group: "web".into(),
            min: "2".into(),
            max: "8".into(),
            expect_min: Some("1".into()),
            expect_max: Some("5".into()),
        };
        let command = action.resolve(identity).expect("resolves");
        assert_eq!(
            command.call(),
            "update-group-limits group=web min=2 max=8 if-min-is=1 if-max-is=5"
        );
        let limits = |min, max| GroupSize {
            desired: 3,
            min,
            max,
        };
        assert_eq!(command.check(limits(1, 5)), Ok(()));
        assert_eq!(
            command.check(limits(1, 6)),
            Err("web max is now 6, not 5 as planned: its limits changed since; plan again".into())
        );
        let both = command.check(limits(0, 6)).expect_err("both moved");
        assert!(
            both.starts_with("web min is now 0, not 1 and max is now 6, not 5"),
            "{both}"
        );
    }
}
