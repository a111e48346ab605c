//! What the simulated fleet says about one subject beyond the tabs' figures: the same model,
//! asked only while a detail view (or `describe`) has the subject open.

use crate::domain::detail::{Extras, Kind, ObjectDetail, Provenance, Subject};

use super::Simulator;

impl Simulator {
    /// `None` when the subject does not exist here (or its kind needs no extras).
    pub fn detail(&self, subject: &Subject) -> Option<ObjectDetail> {
        let extras = match subject.kind {
            Kind::Group
            | Kind::Service
            | Kind::Database
            | Kind::Cost
            | Kind::Certificate
            | Kind::Finding
            | Kind::Check
            | Kind::Criterion => None::<Extras>,
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
