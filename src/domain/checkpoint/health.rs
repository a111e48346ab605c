//! How the checkpoint's parts are judged: the week's summary, a change since last week, a
//! step's unmet criteria, a runbook run's outcome and a fired alert's severity. Views colour
//! (and, without colours, mark) what these say; `None` is "nothing to judge", shown plainly.

use super::phase::StepState;
use super::report::{CriterionResult, RunSummary, Summary, severity_rank};
use crate::domain::Health;

impl Summary {
    /// Missed is worse than unknown; unknown is never shown as fine; no criteria is unknown.
    pub fn health(&self) -> Health {
        if self.missed > 0 {
            Health::Critical
        } else if self.unknown > 0 || self.total == 0 {
            Health::Unknown
        } else {
            Health::Ok
        }
    }
}

impl CriterionResult {
    /// Better is good news, worse a warning; no change (or nothing to compare) is neither.
    pub fn change_health(&self) -> Option<Health> {
        self.improved()
            .map(|better| if better { Health::Ok } else { Health::Warning })
    }
}

impl StepState {
    /// Criteria not met by a late step are an alarm; by a step under way, a warning; before
    /// and after, nobody needs to act on them.
    pub fn unmet_health(self) -> Option<Health> {
        match self {
            Self::Late => Some(Health::Critical),
            Self::InProgress => Some(Health::Warning),
            Self::Done | Self::Upcoming => None,
        }
    }
}

impl RunSummary {
    /// A run that did not finish well needs a look; a cancelled one was someone's choice.
    pub fn health(&self) -> Option<Health> {
        match self.outcome.as_str() {
            "succeeded" => Some(Health::Ok),
            "cancelled" => None,
            "unfinished" => Some(Health::Warning),
            _ => Some(Health::Critical),
        }
    }
}

/// Alertmanager's usual severity names, ranked as the report orders them; anything else is
/// shown without alarm.
pub fn severity_health(severity: &str) -> Option<Health> {
    match severity_rank(severity).0 {
        0 | 1 => Some(Health::Critical),
        2 => Some(Health::Warning),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(met: usize, missed: usize, unknown: usize) -> Summary {
        Summary {
            total: met + missed + unknown,
            met,
            missed,
            unknown,
            blocking_failed: Vec::new(),
        }
    }

    #[test]
    fn the_worst_verdict_decides_and_nothing_is_unknown() {
        assert_eq!(summary(8, 2, 1).health(), Health::Critical);
        assert_eq!(summary(10, 0, 1).health(), Health::Unknown);
        assert_eq!(summary(11, 0, 0).health(), Health::Ok);
        assert_eq!(summary(0, 0, 0).health(), Health::Unknown);
    }

    #[test]
    fn severities_and_outcomes() {
        assert_eq!(severity_health("page"), Some(Health::Critical));
        assert_eq!(severity_health("error"), Some(Health::Critical));
        assert_eq!(severity_health("medium"), Some(Health::Warning));
        assert_eq!(severity_health("info"), None);
        assert_eq!(StepState::Late.unmet_health(), Some(Health::Critical));
        assert_eq!(StepState::Done.unmet_health(), None);
    }
}
