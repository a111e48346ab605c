//! A certificate's issuer, subject and names; a vulnerability's package and versions: the same
//! seeded functions the Security tab's rows come from.

use crate::domain::detail::Extras;

use super::super::{Simulator, security, vulnerabilities};

impl Simulator {
    pub(super) fn certificate_extras(&self, name: &str) -> Option<Extras> {
        security::certificate_extras(self.seed, name, self.now).map(Extras::Certificate)
    }

    pub(super) fn finding_extras(&self, id: &str) -> Option<Extras> {
        vulnerabilities::open(self.seed, self.now)
            .into_iter()
            .find(|v| v.finding.id == id)
            .map(|v| Extras::Finding(v.extras))
    }
}
