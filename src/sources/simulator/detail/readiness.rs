//! A readiness check's history: the model evaluates every check each `CHECK_EVERY` minutes of
//! its recorded history (as a scheduler would) and keeps the changes; the detail ends with the
//! state evaluated now, so it always ends where the tab's row is.

use crate::domain::detail::Extras;

use super::super::Simulator;

/// Minutes between the model's evaluations of its checks.
pub const CHECK_EVERY: u32 = 60;

impl Simulator {
    /// Evaluates every check now and records the changes.
    pub(in crate::sources::simulator) fn log_checks(&mut self) {
        let certificates = self.certificates();
        let checks = self.checks(&self.latency(), &self.scaling(), &certificates);
        for check in checks {
            self.check_log
                .entry(check.id)
                .or_default()
                .record(self.now, check.state);
        }
    }

    pub(super) fn check_extras(&self, id: &str) -> Option<Extras> {
        let certificates = self.certificates();
        let now = self
            .checks(&self.latency(), &self.scaling(), &certificates)
            .into_iter()
            .find(|c| c.id == id)?;
        let mut log = self.check_log.get(id).cloned().unwrap_or_default();
        log.record(self.now, now.state);
        Some(Extras::Check(log))
    }
}
