//! A readiness check's history: when it changed state.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::CheckState;

/// Changes kept per check: weeks of a check that flaps hourly, years of a steady one.
pub const HISTORY_LIMIT: usize = 50;

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct CheckExtras {
    /// (since, state), oldest first; each entry a change from the one before.
    pub history: Vec<(DateTime<Utc>, CheckState)>,
}

impl CheckExtras {
    /// Records the state evaluated `at`: a new entry only when it changed, the oldest dropped
    /// past `HISTORY_LIMIT`.
    pub fn record(&mut self, at: DateTime<Utc>, state: CheckState) {
        if self.history.last().is_some_and(|(_, last)| *last == state) {
            return;
        }
        self.history.push((at, state));
        let over = self.history.len().saturating_sub(HISTORY_LIMIT);
        self.history.drain(..over);
    }

    /// When the state it is in now began (as far as the history reaches).
    pub fn since(&self) -> Option<DateTime<Utc>> {
        self.history.last().map(|(at, _)| *at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn only_changes_are_kept_and_the_oldest_go_first() {
        let start = Utc
            .with_ymd_and_hms(2026, 11, 18, 0, 0, 0)
            .single()
            .expect("time");
        let at = |m: i64| start + Duration::minutes(m);
        let mut log = CheckExtras::default();
        log.record(at(0), CheckState::Pass);
        log.record(at(15), CheckState::Pass);
        log.record(at(30), CheckState::Fail);
        log.record(at(45), CheckState::Pass);
        assert_eq!(
            log.history,
            [
                (at(0), CheckState::Pass),
                (at(30), CheckState::Fail),
                (at(45), CheckState::Pass)
            ]
        );
        assert_eq!(log.since(), Some(at(45)));
        for m in 0..100 {
            let state = if m % 2 == 0 {
                CheckState::Fail
            } else {
                CheckState::Pass
            };
            log.record(at(60 + m), state);
        }
        assert_eq!(log.history.len(), HISTORY_LIMIT);
        assert_eq!(log.history[0], (at(110), CheckState::Fail));
        assert_eq!(log.since(), Some(at(159)));
    }
}
