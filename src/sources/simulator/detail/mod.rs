//! What the simulated fleet says about one subject beyond the tabs' figures: the same model,
//! asked only while a detail view (or `describe`) has the subject open. Each kind's part lives
//! beside the model it reads.

mod group;
mod readiness;
mod security;
mod service;

use crate::domain::detail::{Extras, Kind, ObjectDetail, Provenance, Subject};

use super::Simulator;
pub use readiness::CHECK_EVERY;

impl Simulator {
    /// `None` when the subject does not exist here (or its kind needs no extras).
    pub fn detail(&self, subject: &Subject) -> Option<ObjectDetail> {
        let name = subject.name.as_str();
        let (extras, provenance) = match subject.kind {
            Kind::Group => self.group_detail(name)?,
            Kind::Database => self.data_tier.detail(name)?,
            Kind::Cost => self.cost_detail(name)?,
            Kind::Service => self.service_detail(name)?,
            Kind::Certificate => modelled(subject, self.certificate_extras(name)?),
            Kind::Finding => modelled(subject, self.finding_extras(name)?),
            Kind::Check => modelled(subject, self.check_extras(name)?),
            Kind::Criterion => return None,
        };
        Some(ObjectDetail {
            subject: subject.clone(),
            extras,
            provenance,
        })
    }
}

/// Extras the model holds as a whole (no per-figure ids): named as the model's.
fn modelled(subject: &Subject, extras: Extras) -> (Extras, Vec<Provenance>) {
    let from = match subject.kind {
        Kind::Certificate => "the simulator's certificate table (seeded issuer and names)",
        Kind::Finding => "the simulator's vulnerability model (daily counts by severity)",
        _ => "the simulator's readiness checks, evaluated hourly over the record",
    };
    let provenance = vec![Provenance {
        figure: subject.to_string(),
        from: from.into(),
    }];
    (extras, provenance)
}
