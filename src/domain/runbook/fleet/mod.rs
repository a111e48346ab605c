//! Typed changes to a fleet: the simulated one, an AWS account's auto scaling groups or an
//! Azure subscription's container apps. A
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

/// A group's size as re-read right before a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupSize {
    pub desired: u32,
    pub min: u32,
    pub max: u32,
}

mod action;
mod command;
#[cfg(test)]
mod tests;
