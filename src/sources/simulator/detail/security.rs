//! A certificate's issuer, subject and names; a vulnerability's package and versions: the same
//! seeded functions the Security tab's rows come from.

use crate::domain::detail::Extras;

use super::super::{Simulator, security};

impl Simulator {
    pub(super) fn certificate_extras(&self, name: &str) -> Option<Extras> {
        let not_after = self
            .certificates()
            .into_iter()
            .find(|c| c.name == name)?
            .not_after;
        security::certificate_extras(self.seed, name, not_after).map(Extras::Certificate)
    }

    pub(super) fn finding_extras(&self, id: &str) -> Option<Extras> {
        self.vulnerabilities()
            .into_iter()
            .find(|v| v.finding.id == id)
            .map(|v| Extras::Finding(v.extras))
    }
}
