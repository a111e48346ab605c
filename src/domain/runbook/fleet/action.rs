//! A runbook's fleet action as written: its templates, what it needs of the target, and its
//! rendering into the [`FleetCommand`] that runs.

use super::*;

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
