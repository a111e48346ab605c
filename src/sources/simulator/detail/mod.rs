//! What the simulated fleet says about one subject beyond the tabs' figures: the same model,
//! asked only while a detail view (or `describe`) has the subject open.

mod readiness;
mod security;

use crate::domain::detail::{Extras, Kind, ObjectDetail, Provenance, Subject};

use super::Simulator;
pub use readiness::CHECK_EVERY;

impl Simulator {
    /// `None` when the subject does not exist here (or its kind needs no extras).
    pub fn detail(&self, subject: &Subject) -> Option<ObjectDetail> {
        let extras = match subject.kind {
            Kind::Certificate => self.certificate_extras(&subject.name),
            Kind::Finding => self.finding_extras(&subject.name),
            Kind::Check => self.check_extras(&subject.name),
            Kind::Group | Kind::Service | Kind::Database | Kind::Cost | Kind::Criterion => {
                None::<Extras>
            }
        }?;
        Some(ObjectDetail {
            subject: subject.clone(),
            extras,
            provenance: vec![Provenance {
                figure: subject.to_string(),
                from: "the simulator's model".into(),
            }],
        })
    }
}
