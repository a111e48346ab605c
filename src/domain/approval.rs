//! Two-person approval: which runs need a second user's yes (the runbook says so, or the
//! environment's rule), what a pending request holds, and the one rule deciding whether a user
//! may approve it: another user, before it expires.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::audit::Actor;
use super::runbook::Risk;

/// An environment's rule for which runbooks need approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalRule {
    None,
    HighRisk,
    All,
}

impl ApprovalRule {
    pub const NAMES: [&'static str; 3] = ["none", "high-risk", "all"];

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "none" => Some(Self::None),
            "high-risk" => Some(Self::HighRisk),
            "all" => Some(Self::All),
            _ => None,
        }
    }
}

/// `[environments.NAME] approval` and `approval-ttl`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApprovalPolicy {
    pub rule: ApprovalRule,
    /// How long a request waits for its approval before the run ends.
    pub ttl: Duration,
}

impl Default for ApprovalPolicy {
    fn default() -> Self {
        Self {
            rule: ApprovalRule::None,
            ttl: Duration::from_secs(15 * 60),
        }
    }
}

impl ApprovalPolicy {
    /// Why a run of a runbook (`required`: its file says `approval = true`) of `risk` needs
    /// approval in `environment`; `None` when it does not.
    pub fn reason(&self, required: bool, risk: Risk, environment: &str) -> Option<String> {
        match (required, self.rule, risk) {
            (true, _, _) => Some("the runbook requires approval".into()),
            (false, ApprovalRule::All, _) => {
                Some(format!("every runbook in {environment} needs approval"))
            }
            (false, ApprovalRule::HighRisk, Risk::High) => Some(format!(
                "every high-risk runbook in {environment} needs approval"
            )),
            (false, _, _) => None,
        }
    }
}

/// A run waiting for its approval: `<state>/approvals/<run>.json`. Params are the audit's
/// redacted view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalRequest {
    pub run: String,
    pub runbook: String,
    pub environment: String,
    pub target: String,
    pub params: BTreeMap<String, String>,
    pub plan_digest: String,
    pub requester: Actor,
    /// Which rule asked for it.
    pub reason: String,
    pub requested_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// The approver's answer: `<state>/approvals/<run>.approved.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalGrant {
    pub run: String,
    pub approver: Actor,
    pub at: DateTime<Utc>,
}

/// A request still waiting (as the state directory holds it), with whether someone already
/// approved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub request: ApprovalRequest,
    pub approved_by: Option<String>,
}

/// Why a read-only console or command gives no approval.
pub const READ_ONLY: &str = "read-only mode: approvals cannot be given here";

/// What a waiting run shows, on screen and headless.
pub fn waiting_line(who: &str, until: DateTime<Utc>) -> String {
    format!(
        "waiting for approval by {who} until {}",
        until.format("%H:%M:%S UTC")
    )
}

impl ApprovalRequest {
    pub fn expired(&self, now: DateTime<Utc>) -> bool {
        now >= self.expires_at
    }

    /// Who may approve, as the waiting run and the overlay say it.
    pub fn who_may_approve(&self) -> String {
        format!(
            "any user but {} (two-person rule: {})",
            self.requester.user, self.reason
        )
    }

    /// One line for a list of pending approvals, as of `now`.
    pub fn row(&self, approved_by: Option<&str>, now: DateTime<Utc>) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let state = match approved_by {
            Some(user) => format!("approved by {user}"),
            None if self.expired(now) => "expired".to_string(),
            None => format!("waiting until {}", self.expires_at.format("%H:%M:%S UTC")),
        };
        // The file is anyone's who can write the directory: no escape reaches a terminal.
        super::remote_text::clean_owned(format!(
            "{}  {} on {} ({})  {}  by {}@{}  {state}",
            self.run,
            self.runbook,
            self.target,
            self.environment,
            params.join(" "),
            self.requester.user,
            self.requester.host
        ))
    }

    /// Whether `approver` may approve now: never the requester, never after expiry.
    pub fn check_approver(&self, approver: &Actor, now: DateTime<Utc>) -> Result<(), String> {
        if approver.user == self.requester.user {
            return Err(format!(
                "{} cannot approve their own run {}: another user must approve it",
                approver.user, self.run
            ));
        }
        if self.expired(now) {
            return Err(format!(
                "run {}'s approval expired at {}",
                self.run,
                self.expires_at.format("%H:%M:%S UTC")
            ));
        }
        Ok(())
    }

    /// Whether a grant found beside the request counts: a different user, before expiry.
    /// A forged self-grant (the file written by hand) is ignored, not obeyed.
    pub fn accepts(&self, grant: &ApprovalGrant) -> bool {
        grant.run == self.run && self.check_approver(&grant.approver, grant.at).is_ok()
    }
}

/// The people, the clock and the request of the approval tests, here and in the store's.
#[cfg(test)]
pub(crate) mod fixtures {
    use chrono::{DateTime, TimeZone, Utc};

    use super::{Actor, ApprovalRequest, BTreeMap};

    pub fn actor(user: &str) -> Actor {
        Actor {
            user: user.into(),
            ssh_client: None,
            host: "bastion".into(),
        }
    }

    /// 05:`minute` on 7 December 2026.
    pub fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, 5, minute, 0)
            .single()
            .expect("valid time")
    }

    /// alice asks at 05:00 for run `run` (scale-out of web in prod, count=2), for 15 minutes.
    pub fn alice_asks(run: &str) -> ApprovalRequest {
        ApprovalRequest {
            run: run.into(),
            runbook: "scale-out".into(),
            environment: "prod".into(),
            target: "web".into(),
            params: BTreeMap::from([("count".into(), "2".into())]),
            plan_digest: "d".into(),
            requester: actor("alice"),
            reason: "the runbook requires approval".into(),
            requested_at: at(0),
            expires_at: at(15),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{actor, alice_asks, at};
    use super::*;

    #[test]
    fn the_rule_names_why_a_run_needs_approval() {
        let policy = |rule| ApprovalPolicy {
            rule,
            ..ApprovalPolicy::default()
        };
        assert_eq!(ApprovalPolicy::default().ttl, Duration::from_secs(900));
        assert_eq!(
            policy(ApprovalRule::None).reason(false, Risk::High, "prod"),
            None
        );
        assert_eq!(
            policy(ApprovalRule::HighRisk).reason(false, Risk::Low, "prod"),
            None
        );
        assert_eq!(
            policy(ApprovalRule::HighRisk)
                .reason(false, Risk::High, "prod")
                .as_deref(),
            Some("every high-risk runbook in prod needs approval")
        );
        assert_eq!(
            policy(ApprovalRule::All)
                .reason(false, Risk::Low, "prod")
                .as_deref(),
            Some("every runbook in prod needs approval")
        );
        assert_eq!(
            policy(ApprovalRule::None)
                .reason(true, Risk::Low, "demo")
                .as_deref(),
            Some("the runbook requires approval")
        );
        assert_eq!(
            ApprovalRule::parse("high-risk"),
            Some(ApprovalRule::HighRisk)
        );
        assert_eq!(ApprovalRule::parse("High"), None);
    }

    #[test]
    fn only_another_user_before_expiry_may_approve() {
        let request = alice_asks("17");
        let own = request
            .check_approver(&actor("alice"), at(1))
            .expect_err("self-approval");
        assert_eq!(
            own,
            "alice cannot approve their own run 17: another user must approve it"
        );
        assert_eq!(request.check_approver(&actor("bob"), at(14)), Ok(()));
        let late = request
            .check_approver(&actor("bob"), at(15))
            .expect_err("expired at its TTL");
        assert_eq!(late, "run 17's approval expired at 05:15:00 UTC");
        let grant = |user: &str, minute| ApprovalGrant {
            run: "17".into(),
            approver: actor(user),
            at: at(minute),
        };
        assert!(request.accepts(&grant("bob", 3)));
        assert!(!request.accepts(&grant("alice", 3)), "forged self-grant");
        assert!(!request.accepts(&grant("bob", 20)), "granted too late");
        assert_eq!(
            request.row(None, at(5)),
            "17  scale-out on web (prod)  count=2  by alice@bastion  waiting until 05:15:00 UTC"
        );
        assert!(request.row(None, at(15)).ends_with("  expired"));
        assert!(
            request
                .row(Some("bob"), at(5))
                .ends_with("  approved by bob")
        );
        assert_eq!(
            request.who_may_approve(),
            "any user but alice (two-person rule: the runbook requires approval)"
        );
    }
}
